"""Who may do what with events: named predicates for views and templates, in one place.

- Organizers are users with the `events.organize_events` permission (granted through the "Organizers" group,
  which admins assign) and staff. They create events and manage those they organize; staff manage every event.
- Colleagues invited to help run an event (events.services.team) join its organizers (same rights) or its
  viewers, who see what organizers see (dashboard, plan, exports, reports) and change nothing.
- A company takes part in an event through its participation; it acts there (requests, agenda, suggestions)
  once the organizer approved it and while the company itself is approved.

The `..._or_deny` functions are for views: they return the object or raise 404 (no such thing) or 403 (not
yours), as healthchecks' views do with `_get_check_for_user`.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from events.models import ORGANIZERS_GROUP, Event, Participation
from events.selectors import participation_of

ORGANIZE_EVENTS = "events.organize_events"


def make_organizer(user) -> None:
    """Give `user` the organizer role: membership of the Organizers group, which holds the permission (the
    group and its permission come with migrate; this also restores them, e.g. after a test database flush)."""
    group, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    app_label, codename = ORGANIZE_EVENTS.split(".")
    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user.groups.add(group)


def is_organizer(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.has_perm(ORGANIZE_EVENTS))


def can_manage_event(user, event: Event) -> bool:
    """Staff manage every event; an organizer only the events they organize."""
    if not user.is_authenticated:
        return False
    return user.is_staff or event.organizers.filter(pk=user.pk).exists()


def can_view_event(user, event: Event) -> bool:
    """Whoever manages the event, and its viewers: the organizer's read-only pages."""
    if not user.is_authenticated:
        return False
    return can_manage_event(user, event) or event.viewers.filter(pk=user.pk).exists()


def takes_part(participation: Participation | None) -> bool:
    """Approved by the organizer, of a company that is approved itself (not suspended or deactivated)."""
    return participation is not None and participation.is_approved and participation.company.is_public


def managed_event_or_deny(user, slug: str) -> Event:
    """The event of that slug in any status, for a user who may manage it (`event.can_manage` is True)."""
    event = get_object_or_404(Event, slug=slug)
    if not can_manage_event(user, event):
        raise PermissionDenied
    event.can_manage = True
    return event


def viewed_event_or_deny(user, slug: str) -> Event:
    """The event of that slug in any status, for a user who may see its organizer pages (can_view_event).

    `event.can_manage` says whether the user may also change it: the organizer pages' navigation hides the
    write pages from a viewer with it, and read-only views pass it to their template as `can_manage`, which hides
    the write controls. It costs no query more than can_view_event.
    """
    event = get_object_or_404(Event, slug=slug)
    event.can_manage = can_manage_event(user, event)
    if not event.can_manage and not (user.is_authenticated and event.viewers.filter(pk=user.pk).exists()):
        raise PermissionDenied
    return event


def own_participation_or_deny(request, slug: str) -> Participation:
    """The signed-in user's company's participation in a published event, whatever its status."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    participation = participation_of(request.membership, event)
    if participation is None:
        raise PermissionDenied
    return participation


def taking_part_or_deny(request, slug: str) -> Participation:
    """The signed-in user's company's participation in a published event, if it takes part (takes_part); else
    403 with the reason, shown on the 403 page (a company waiting for approval is told so, not to log in again)."""
    participation = own_participation_or_deny(request, slug)
    if not participation.company.is_public:
        raise PermissionDenied(_("Your company's profile is not approved at the moment, so it cannot take part in "
                                 "events."))
    if participation.status == Participation.Status.PENDING:
        raise PermissionDenied(_("Your registration for this event awaits the organizer's approval. You can "
                                 "request meetings and see your agenda once it is approved."))
    if participation.status == Participation.Status.WAITING:
        raise PermissionDenied(_("Your registration for this event is on the waiting list. You can request meetings "
                                 "once a place frees up and the organizer approves your registration."))
    if participation.status == Participation.Status.WITHDRAWN:
        raise PermissionDenied(_("You withdrew your registration for this event. Register again to take part."))
    if not participation.is_approved:
        raise PermissionDenied(_("Your registration for this event was declined by the organizer."))
    return participation
