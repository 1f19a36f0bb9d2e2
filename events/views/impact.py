"""The impact report (docs/impact.md): one event's for its organizers and viewers (and staff), every event's for
staff; as a page with charts and tables, printable, and as CSV. Read-only: the numbers come from events.impact.

Filters are query parameters (sector, country, women_led, and event on the staff page). A filter the form refuses
is shown as a form error and left out of the page; the CSV refuses it with a 400, since a file that silently
ignored a filter would be mistaken for a filtered one.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from companies.i18n_names import country_choices
from companies.models import Sector
from events import exports
from events.charts import Bar, bar_chart, grouped_bar_chart
from events.impact import NUMBER_FIELDS, NUMBER_LABELS, Filters, Report, csv_header, csv_rows, impact_report
from events.models import Event
from events.permissions import viewed_event_or_deny


class ImpactFilterForm(forms.Form):
    sector = forms.ModelChoiceField(Sector.objects.order_by("name_en"), to_field_name="slug", required=False,
                                    label=gettext_lazy("Sector"), empty_label=pgettext_lazy("filter", "Any sector"))
    country = forms.ChoiceField(choices=lambda: [("", pgettext_lazy("filter", "Any country")), *country_choices()],
                                required=False, label=gettext_lazy("Country"))
    women_led = forms.BooleanField(required=False, label=gettext_lazy("Only meetings with a women-led company"))

    def filters(self) -> Filters:
        """The filters that passed validation (an unbound form filters nothing)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        return Filters(sector=data.get("sector"), country=data.get("country") or "",
                       women_led=bool(data.get("women_led")))


class StaffImpactFilterForm(ImpactFilterForm):
    event = forms.ModelChoiceField(Event.objects.order_by("-start_date", "title"), to_field_name="slug",
                                   required=False, label=gettext_lazy("Event"),
                                   empty_label=pgettext_lazy("filter", "All events"))
    field_order = ["event", "sector", "country", "women_led"]


@login_required
@require_safe
def impact(request, slug):
    event = viewed_event_or_deny(request.user, slug)
    form = ImpactFilterForm(request.GET or None)
    report = impact_report(Event.objects.filter(pk=event.pk), form.filters(), per_company=True)
    return render(request, "events/impact/event.html", {
        "event": event, "form": form, "report": report, **_page(report),
        "csv_url": _with_query(reverse("events:impact_csv", args=[event.slug]), request),
    })


@login_required
@require_safe
def impact_all(request):
    _staff_or_deny(request.user)
    form = StaffImpactFilterForm(request.GET or None)
    filters = form.filters()
    chosen = form.cleaned_data.get("event") if form.is_bound else None
    report = impact_report(_events(chosen), filters, per_event=True)
    return render(request, "events/impact/all.html", {
        "form": form, "report": report, "chosen_event": chosen, **_page(report),
        "csv_url": _with_query(reverse("events:impact_all_csv"), request),
    })


@login_required
@require_safe
def impact_csv(request, slug):
    event = viewed_event_or_deny(request.user, slug)
    form = ImpactFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(form)
    report = impact_report(Event.objects.filter(pk=event.pk), form.filters(), per_company=True)
    return exports._csv_response(f"{event.slug}-impact.csv", csv_header(), csv_rows(report))


@login_required
@require_safe
def impact_all_csv(request):
    _staff_or_deny(request.user)
    form = StaffImpactFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(form)
    chosen = form.cleaned_data.get("event") if form.is_bound else None
    report = impact_report(_events(chosen), form.filters(), per_event=True)
    return exports._csv_response("impact.csv", csv_header(), csv_rows(report))


def _staff_or_deny(user) -> None:
    if not user.is_staff:
        raise PermissionDenied


def _events(chosen: Event | None):
    return Event.objects.filter(pk=chosen.pk) if chosen else Event.objects.all()


def _refused(form) -> HttpResponseBadRequest:
    errors = "; ".join(f"{form.fields[name].label}: {' '.join(messages)}" for name, messages in form.errors.items())
    return HttpResponseBadRequest(_("The filters are not valid. %(errors)s") % {"errors": errors},
                                  content_type="text/plain; charset=utf-8")


def _with_query(url: str, request) -> str:
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


# What the page shows -------------------------------------------------------------------------------------------


def _page(report: Report) -> dict:
    """The charts (each with the rows of the table beside it) and the columns of the breakdown tables."""
    return {"charts": _charts(report), "columns": [NUMBER_LABELS[name] for name in NUMBER_FIELDS],
            "number_fields": NUMBER_FIELDS}


def _charts(report: Report) -> list[dict]:
    total = report.total
    funnel = [Bar(str(NUMBER_LABELS[name]), getattr(total, name))
              for name in ("requested", "accepted", "scheduled", "held")]
    usefulness = [Bar(label, count) for label, count in total.usefulness]
    usefulness.append(Bar(_("Did not take place"), total.feedback - total.took_place))
    outcome_labels = [label for label, _count in total.outcomes]
    by_direction = [(str(label), [Bar(name, count) for name, count in numbers.outcomes])
                    for label, numbers in report.directions]
    by_sector = [(sector.name, [Bar(name, count) for name, count in numbers.outcomes])
                 for sector, numbers in report.sectors]
    return [
        _chart("funnel", _("From request to meeting"),
               _("Meeting requests, those accepted, those given a time slot, and the meetings held."),
               bar_chart(chart_id="chart-funnel", title=_("From request to meeting"),
                         description=_("Requested, accepted, scheduled and held meetings."), bars=funnel),
               [_("Stage")], [(bar.label, [bar.value]) for bar in funnel]),
        _chart("usefulness", _("How useful the meetings were"),
               _("Feedback answers: each company answers for itself, so a meeting can count twice."),
               bar_chart(chart_id="chart-usefulness", title=_("How useful the meetings were"),
                         description=_("Feedback answers by usefulness."), bars=usefulness, colour_by_bar=True),
               [_("Answer")], [(bar.label, [bar.value]) for bar in usefulness]),
        _chart("direction", _("Outcomes by direction"),
               _("Meetings by what came of them, per direction (the requesting company's country first)."),
               grouped_bar_chart(chart_id="chart-direction", title=_("Outcomes by direction"),
                                 description=_("Negotiations, agreements and meetings that led to nothing, per "
                                               "direction."), groups=by_direction),
               [_("Direction"), *outcome_labels], [(name, [bar.value for bar in bars]) for name, bars in by_direction]),
        _chart("sector", _("Outcomes by sector"),
               _("A meeting counts in each sector of either company."),
               grouped_bar_chart(chart_id="chart-sector", title=_("Outcomes by sector"),
                                 description=_("Negotiations, agreements and meetings that led to nothing, per "
                                               "sector."), groups=by_sector),
               [_("Sector"), *outcome_labels], [(name, [bar.value for bar in bars]) for name, bars in by_sector]),
    ]


def _chart(key: str, title: str, note: str, svg, columns: list, rows: list) -> dict:
    return {"key": key, "title": title, "note": note, "svg": svg, "columns": columns, "rows": rows}
