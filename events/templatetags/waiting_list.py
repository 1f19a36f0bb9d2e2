"""The participant cap and the waiting list in templates (events.capacity, events.selectors_waiting): queries
only for an event with a cap, and for a registration that waits."""

from django import template

from events.capacity import places_left, registration_waits
from events.selectors_waiting import waiting_position

register = template.Library()


@register.simple_tag
def event_places(event) -> dict | None:
    """{"cap", "left", "waits"} of an event with a cap (waits: a registration made now joins the waiting list);
    None without a cap."""
    if event.participant_cap is None:
        return None
    return {"cap": event.participant_cap, "left": places_left(event), "waits": registration_waits(event)}


@register.simple_tag(name="places_left")
def places_left_tag(event) -> int | None:
    """The free places under the event's cap (None without a cap): one query with a cap."""
    return places_left(event)


@register.simple_tag
def position_on_waiting_list(participation) -> int | None:
    return waiting_position(participation) if participation is not None else None
