"""The impact report's numbers (docs/impact.md): what an event's meetings led to, for its organizers and, across
events, for staff.

Everything is counted in SQL (values() + annotate with conditional Count/Sum), a fixed number of grouped queries
whatever the number of meetings; Python only adds the grouped rows up. The counting rules:

- A meeting belongs to both companies. Direction is the requester's country → the recipient's (VN→AZ, AZ→VN,
  other); "women-led" means either company is women-led; a meeting counts once in each sector of either company
  (once, not twice, when both companies are in the sector), so the sector rows add up to more than the total.
- Feedback is counted per answer (each side answers for itself); outcomes per meeting: the best that either side
  reported (agreement > negotiation > nothing), so an agreement both sides report counts once. Its value is the
  larger of the two sides' values (they describe the same agreement), its kind the one named first.
- Filters (sector, country, women-led) keep the meetings and requests where one of the two companies matches
  every chosen filter, and the participants whose company does.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, F, Q, Sum
from django.utils.translation import pgettext_lazy

from companies.i18n_names import country_name
from companies.models import Company, Sector
from events.models import (
    AgreementKind,
    Event,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingRequest,
    MeetingStatus,
    OutcomeResult,
    Participation,
    ParticipationStatus,
    Usefulness,
)

VN, AZ = "VN", "AZ"
DIRECTIONS = [
    ("vn_az", pgettext_lazy("trade direction", "Vietnam → Azerbaijan")),
    ("az_vn", pgettext_lazy("trade direction", "Azerbaijan → Vietnam")),
    ("other", pgettext_lazy("trade direction", "Other countries")),
]


@dataclass
class Numbers:
    """One row of the report: the numbers of a group of meetings (all, a direction, a sector, an event...)."""

    requested: int = 0  # meeting requests, whatever became of them
    accepted: int = 0  # requests that were accepted (meetings, later cancelled ones included)
    scheduled: int = 0  # meetings with a time slot, not cancelled
    held: int = 0
    no_shows: int = 0
    participants: int | None = None  # approved participations (None where it has no meaning: directions)
    checked_in: int | None = None
    feedback: int = 0  # feedback answers (a meeting has up to two)
    took_place: int = 0  # answers saying the meeting took place
    insufficient: int = 0  # usefulness, per answer
    informative: int = 0
    cooperation: int = 0
    negotiation: int = 0  # meetings whose best outcome is a negotiation
    agreements: int = 0  # meetings with an agreement (once, whichever side or both reported it)
    nothing: int = 0  # meetings with an answer but nothing came of it
    agreement_value: Decimal = Decimal(0)  # summed value in USD of the agreements that have one

    def add(self, row: dict) -> None:
        for name, value in row.items():
            if value is not None and hasattr(self, name):
                current = getattr(self, name)
                setattr(self, name, (current or 0) + value)

    def subtract(self, row: dict) -> None:
        self.add({name: -value for name, value in row.items() if value is not None})

    @property
    def values(self) -> list:
        """The numbers in NUMBER_FIELDS order (None where a number has no meaning for the group)."""
        return [getattr(self, name) for name in NUMBER_FIELDS]

    @property
    def usefulness(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, _USEFULNESS_FIELD[value])) for value, label in Usefulness.choices]

    @property
    def outcomes(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, _OUTCOME_FIELD[value])) for value, label in OutcomeResult.choices]


NUMBER_FIELDS = [f.name for f in fields(Numbers)]
# Column headings of the report's tables and CSV, in NUMBER_FIELDS order.
NUMBER_LABELS = {
    "requested": pgettext_lazy("impact", "Requested"),
    "accepted": pgettext_lazy("impact", "Accepted"),
    "scheduled": pgettext_lazy("impact", "Scheduled"),
    "held": pgettext_lazy("impact", "Held"),
    "no_shows": pgettext_lazy("impact", "No-shows"),
    "participants": pgettext_lazy("impact", "Participants"),
    "checked_in": pgettext_lazy("impact", "Checked in"),
    "feedback": pgettext_lazy("impact", "Feedback answers"),
    "took_place": pgettext_lazy("impact", "Took place (answers)"),
    "insufficient": pgettext_lazy("impact", "Insufficient interest"),
    "informative": pgettext_lazy("impact", "Informative"),
    "cooperation": pgettext_lazy("impact", "Cooperation possible"),
    "negotiation": pgettext_lazy("impact", "Negotiations"),
    "agreements": pgettext_lazy("impact", "Agreements"),
    "nothing": pgettext_lazy("impact", "Nothing came of it"),
    "agreement_value": pgettext_lazy("impact", "Agreement value (USD)"),
}
_USEFULNESS_FIELD = {Usefulness.INSUFFICIENT_INTEREST: "insufficient", Usefulness.INFORMATIVE: "informative",
                     Usefulness.COOPERATION_POSSIBLE: "cooperation"}
_OUTCOME_FIELD = {OutcomeResult.NEGOTIATION: "negotiation", OutcomeResult.AGREEMENT: "agreements",
                  OutcomeResult.NOTHING: "nothing"}


@dataclass
class Filters:
    sector: Sector | None = None
    country: str = ""
    women_led: bool = False

    @property
    def active(self) -> bool:
        return bool(self.sector or self.country or self.women_led)


class CompanyRow(NamedTuple):
    """A tuple, so that a template unpacks a row of thousands cheaply."""

    name: str
    country: str  # the country's name in the active language
    meetings: int
    held: int
    missed: int
    feedback: int


@dataclass
class Report:
    total: Numbers
    directions: list[tuple[str, Numbers]]
    women_led: Numbers
    sectors: list[tuple[Sector, Numbers]]
    agreement_kinds: list[tuple[str, int]]
    by_event: list[tuple[Event, Numbers]] = field(default_factory=list)
    companies: list[CompanyRow] = field(default_factory=list)


def impact_report(events, filters: Filters | None = None, *, per_event: bool = False,
                  per_company: bool = False) -> Report:
    """The numbers of `events` (a queryset of events), filtered. `per_event` adds a row per event (staff, across
    events); `per_company` a row per participating company (one event's organizers)."""
    filters = filters or Filters()
    event_ids = events.values("pk")
    meeting_scope = Q(meeting__event__in=event_ids)
    sources = [
        _Source(MeetingRequest.objects.filter(event__in=event_ids), "", _REQUEST_METRICS),
        _Source(MeetingFeedback.objects.filter(meeting_scope), "meeting__request__", _FEEDBACK_METRICS),
        _Source(MeetingOutcome.objects.filter(meeting_scope), "meeting__request__", _OUTCOME_METRICS),
    ]
    total, women_led, by_event_id = Numbers(), Numbers(), {}
    directions = {key: Numbers() for key, _label in DIRECTIONS}
    by_sector: dict[int, Numbers] = {}
    for source in sources:
        queryset = source.queryset.filter(_either_company_matches(source.prefix, filters))
        for row in _grouped(queryset, source, per_event):
            dims = _pop_dims(row)
            total.add(row)
            directions[_direction(dims["requester_country"], dims["recipient_country"])].add(row)
            if dims["requester_women_led"] or dims["recipient_women_led"]:
                women_led.add(row)
            if per_event:
                by_event_id.setdefault(dims["in_event"], Numbers()).add(row)
        _add_by_sector(queryset, source, by_sector)
    _add_participants(event_ids, filters, total, women_led, by_sector, by_event_id if per_event else None)
    report = Report(
        total=total, directions=[(label, directions[key]) for key, label in DIRECTIONS], women_led=women_led,
        sectors=_sector_rows(by_sector), agreement_kinds=_agreement_kinds(event_ids, filters),
    )
    if per_event:
        report.by_event = [(event, by_event_id.get(event.pk, Numbers())) for event in events.order_by("-start_date",
                                                                                                        "title")]
    if per_company:
        report.companies = company_rows(event_ids, filters)
    return report


def company_rows(event_ids, filters: Filters) -> list[CompanyRow]:
    """Per approved participating company: its live meetings, those held, those it missed (a no-show where it
    was the absent side) and its feedback answers. Counted by four grouped queries and joined here: correlated
    subqueries per company cost a scan each on PostgreSQL (seconds at 2,000 companies)."""
    participations = (Participation.objects.filter(event__in=event_ids, status=ParticipationStatus.APPROVED)
                      .filter(_company_matches("", filters)).order_by("company__name", "pk")
                      .values_list("pk", "company__name", "company__country"))
    meetings = Meeting.objects.filter(event__in=event_ids).exclude(status=MeetingStatus.CANCELLED).order_by()
    counts = {"meetings": Count("pk"), "held": Count("pk", filter=Q(status=MeetingStatus.HELD))}
    per_side: dict[int, Counter] = defaultdict(Counter)
    for side in ("request__requester", "request__recipient"):
        for row in meetings.values(participation=F(side)).annotate(**counts):
            per_side[row.pop("participation")].update(row)
    for row in meetings.filter(status=MeetingStatus.NO_SHOW, absent__isnull=False).values(
            participation=F("absent")).annotate(missed=Count("pk")):
        per_side[row["participation"]]["missed"] = row["missed"]
    feedback = MeetingFeedback.objects.filter(meeting__event__in=event_ids).order_by()
    for row in feedback.values("participation").annotate(answers=Count("pk")):
        per_side[row["participation"]]["feedback"] = row["answers"]
    names: dict[str, str] = {}  # country code → name, looked up once per country
    rows = []
    for pk, name, country in participations:
        if country not in names:
            names[country] = country_name(country)
        mine = per_side.get(pk, Counter())
        rows.append(CompanyRow(name, names[country], mine["meetings"], mine["held"], mine["missed"],
                               mine["feedback"]))
    return rows


def csv_rows(report: Report) -> list[list]:
    """The report as spreadsheet rows: section, group, then the NUMBER_FIELDS (empty where a number has no
    meaning, e.g. participants of a direction); agreement kinds and companies fill the columns they have."""
    section = {"total": pgettext_lazy("impact section", "Total"),
               "direction": pgettext_lazy("impact section", "Direction"),
               "women_led": pgettext_lazy("impact section", "Women-led"),
               "sector": pgettext_lazy("impact section", "Sector"),
               "event": pgettext_lazy("impact section", "Event"),
               "kind": pgettext_lazy("impact section", "Agreement kind"),
               "company": pgettext_lazy("impact section", "Company")}
    rows = [[str(section["total"]), "", *_values(report.total)]]
    rows += [[str(section["direction"]), str(label), *_values(numbers)] for label, numbers in report.directions]
    rows.append([str(section["women_led"]), str(pgettext_lazy("impact", "Either company women-led")),
                 *_values(report.women_led)])
    rows += [[str(section["sector"]), sector.name, *_values(numbers)] for sector, numbers in report.sectors]
    rows += [[str(section["event"]), event.title, *_values(numbers)] for event, numbers in report.by_event]
    agreements = NUMBER_FIELDS.index("agreements")
    for label, count in report.agreement_kinds:
        rows.append([str(section["kind"]), label, *_only({agreements: count})])
    held, no_shows, feedback = (NUMBER_FIELDS.index(name) for name in ("held", "no_shows", "feedback"))
    accepted = NUMBER_FIELDS.index("accepted")
    for company in report.companies:
        rows.append([str(section["company"]), company.name,
                     *_only({accepted: company.meetings, held: company.held, no_shows: company.missed,
                             feedback: company.feedback})])
    return rows


def csv_header() -> list[str]:
    return [str(pgettext_lazy("impact", "Section")), str(pgettext_lazy("impact", "Group")),
            *(str(NUMBER_LABELS[name]) for name in NUMBER_FIELDS)]


def _values(numbers: Numbers) -> list:
    """The numbers as written to CSV: the value with two decimals on every database (SQLite sums drop them)."""
    values = ["" if value is None else value for value in numbers.values]
    values[NUMBER_FIELDS.index("agreement_value")] = f"{numbers.agreement_value:.2f}"
    return values


def _only(values: dict[int, int]) -> list:
    return [values.get(index, "") for index in range(len(NUMBER_FIELDS))]


# The grouped queries -------------------------------------------------------------------------------------------


@dataclass
class _Source:
    """Rows to count (requests, feedback answers, outcome answers), the path from them to the meeting
    request (whose two participations carry the companies), and what to count."""

    queryset: object
    prefix: str
    metrics: dict


def _metrics_of_requests() -> dict:
    live = ~Q(meeting__status=MeetingStatus.CANCELLED)
    return {
        "requested": Count("pk"),
        "accepted": Count("meeting"),
        "scheduled": Count("meeting", filter=live & Q(meeting__slot__isnull=False)),
        "held": Count("meeting", filter=Q(meeting__status=MeetingStatus.HELD)),
        "no_shows": Count("meeting", filter=Q(meeting__status=MeetingStatus.NO_SHOW)),
    }


def _metrics_of_feedback() -> dict:
    return {
        "feedback": Count("pk"),
        "took_place": Count("pk", filter=Q(took_place=True)),
        **{name: Count("pk", filter=Q(usefulness=value)) for value, name in _USEFULNESS_FIELD.items()},
    }


def _metrics_of_outcomes() -> dict:
    """Counted over the answers (up to two per meeting), each meeting once: distinct meetings by their best
    outcome, and the value of one answer per agreement. The sets they test against are uncorrelated subqueries,
    computed once per query (a correlated subquery per row made PostgreSQL plan ten times the cost, and compile
    it: tens of milliseconds lost)."""
    agreed = MeetingOutcome.objects.filter(result=OutcomeResult.AGREEMENT).values("meeting")
    negotiating = MeetingOutcome.objects.filter(result=OutcomeResult.NEGOTIATION).values("meeting")
    return {
        "agreements": Count("meeting", distinct=True, filter=Q(result=OutcomeResult.AGREEMENT)),
        "negotiation": Count("meeting", distinct=True,
                             filter=Q(result=OutcomeResult.NEGOTIATION) & ~Q(meeting__in=agreed)),
        "nothing": Count("meeting", distinct=True, filter=Q(result=OutcomeResult.NOTHING) & ~Q(meeting__in=agreed)
                         & ~Q(meeting__in=negotiating)),
        "agreement_value": Sum("value_usd", filter=Q(result=OutcomeResult.AGREEMENT) & ~Q(pk__in=_outvalued())),
    }


def _outvalued():
    """Agreement answers whose meeting has another agreement answer with a larger value (or the same value,
    given first): summing the others counts each agreement once, at the larger of the two sides' values."""
    other = "meeting__outcomes__"
    return MeetingOutcome.objects.filter(
        Q(result=OutcomeResult.AGREEMENT, **{f"{other}result": OutcomeResult.AGREEMENT})
        & (Q(**{f"{other}value_usd__gt": F("value_usd")})
           | Q(**{f"{other}value_usd": F("value_usd"), f"{other}pk__lt": F("pk")}))
    ).values("pk")


def _named_later():
    """Agreement answers of a meeting whose other side reported the agreement first (or at the same moment,
    with a smaller id): the first answer names the agreement's kind."""
    other = "meeting__outcomes__"
    return MeetingOutcome.objects.filter(
        Q(result=OutcomeResult.AGREEMENT, **{f"{other}result": OutcomeResult.AGREEMENT})
        & (Q(**{f"{other}answered_at__lt": F("answered_at")})
           | Q(**{f"{other}answered_at": F("answered_at"), f"{other}pk__lt": F("pk")}))
    ).values("pk")


_REQUEST_METRICS = _metrics_of_requests()
_FEEDBACK_METRICS = _metrics_of_feedback()
_OUTCOME_METRICS = _metrics_of_outcomes()


def _dims(prefix: str, per_event: bool) -> dict:
    dims = {
        "requester_country": F(f"{prefix}requester__company__country"),
        "recipient_country": F(f"{prefix}recipient__company__country"),
        "requester_women_led": F(f"{prefix}requester__company__women_led"),
        "recipient_women_led": F(f"{prefix}recipient__company__women_led"),
    }
    if per_event:
        dims["in_event"] = F(f"{prefix}event")
    return dims


def _grouped(queryset, source: _Source, per_event: bool):
    """One row per combination of the two countries and women-led flags (and event): a few dozen rows at most."""
    return queryset.order_by().values(**_dims(source.prefix, per_event)).annotate(**source.metrics)


def _pop_dims(row: dict) -> dict:
    return {name: row.pop(name) for name in ("requester_country", "recipient_country", "requester_women_led",
                                             "recipient_women_led", "in_event") if name in row}


def _add_by_sector(queryset, source: _Source, by_sector: dict) -> None:
    """Each sector of either company, once: the requester's sectors plus the recipient's, minus the sectors the
    two share (which both queries counted). Three grouped queries, exact for counts and sums alike."""
    requester = f"{source.prefix}requester__company__sectors"
    recipient = f"{source.prefix}recipient__company__sectors"
    shared = queryset.filter(**{requester: F(recipient)})
    for rows, sign in ((queryset.order_by().values(sector=F(requester)), 1),
                       (queryset.order_by().values(sector=F(recipient)), 1),
                       (shared.order_by().values(sector=F(requester)), -1)):
        for row in rows.annotate(**source.metrics):
            sector = row.pop("sector")
            if sector is None:
                continue
            numbers = by_sector.setdefault(sector, Numbers())
            numbers.add(row) if sign > 0 else numbers.subtract(row)


def _add_participants(event_ids, filters: Filters, total: Numbers, women_led: Numbers, by_sector: dict,
                      by_event_id: dict | None) -> None:
    participations = Participation.objects.filter(event__in=event_ids, status=ParticipationStatus.APPROVED) \
        .filter(_company_matches("", filters)).order_by()
    counts = {"participants": Count("pk"), "checked_in": Count("pk", filter=Q(checked_in_at__isnull=False))}
    total.participants = total.checked_in = women_led.participants = women_led.checked_in = 0
    for row in participations.values("event", "company__women_led").annotate(**counts):
        event, is_women_led = row.pop("event"), row.pop("company__women_led")
        total.add(row)
        if is_women_led:
            women_led.add(row)
        if by_event_id is not None:
            by_event_id.setdefault(event, Numbers()).add(row)
    for row in participations.values(sector=F("company__sectors")).annotate(**counts):
        sector = row.pop("sector")
        if sector is not None:
            by_sector.setdefault(sector, Numbers()).add(row)


def _sector_rows(by_sector: dict) -> list[tuple[Sector, Numbers]]:
    sectors = Sector.objects.filter(pk__in=by_sector)
    return sorted(((sector, by_sector[sector.pk]) for sector in sectors), key=lambda pair: str(pair[0]))


def _agreement_kinds(event_ids, filters: Filters) -> list[tuple[str, int]]:
    """Agreements by kind, each meeting once: the kind named in the first answer reporting the agreement."""
    rows = (MeetingOutcome.objects.filter(meeting__event__in=event_ids, result=OutcomeResult.AGREEMENT)
            .filter(_either_company_matches("meeting__request__", filters)).exclude(pk__in=_named_later())
            .order_by().values("agreement_kind").annotate(count=Count("pk")))
    counts = {row["agreement_kind"]: row["count"] for row in rows}
    return [(str(label), counts.get(value, 0)) for value, label in AgreementKind.choices]


# Filters -------------------------------------------------------------------------------------------------------


def _company_matches(prefix: str, filters: Filters) -> Q:
    """The participation at `prefix` is of a company matching every chosen filter."""
    if not filters.active:
        return Q()
    return Q(**{f"{prefix}company__in": _matching_companies(filters)})


def _either_company_matches(prefix: str, filters: Filters) -> Q:
    if not filters.active:
        return Q()
    return _company_matches(f"{prefix}requester__", filters) | _company_matches(f"{prefix}recipient__", filters)


def _matching_companies(filters: Filters):
    companies = Company.objects.all()
    if filters.sector:
        companies = companies.filter(sectors=filters.sector)
    if filters.country:
        companies = companies.filter(country=filters.country)
    if filters.women_led:
        companies = companies.filter(women_led=True)
    return companies.values("pk")


def _direction(requester_country: str, recipient_country: str) -> str:
    if (requester_country, recipient_country) == (VN, AZ):
        return "vn_az"
    if (requester_country, recipient_country) == (AZ, VN):
        return "az_vn"
    return "other"
