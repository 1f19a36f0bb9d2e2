"""Reads on trade fairs that the views share: the list, a fair with its going companies, a company's suggestions
among them and the proposals it sent or received there. Each costs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from companies.models import Company, ModerationStatus, Sector
from market.models import Fair, FairAttendance, FairMeetingProposal, ProposalStatus
from matchmaking import selectors as matchmaking
from matchmaking.candidates import load_profiles
from matchmaking.models import PreferenceKind
from matchmaking.reasons import explain
from matchmaking.scoring import NO_RELATION, rank

# How many suggestions a fair's page shows.
SUGGESTIONS_SHOWN = 10
# How many past fairs the list shows (most recent first).
PAST_FAIRS_SHOWN = 12


def _sectors():
    return Prefetch("sectors", queryset=Sector.objects.order_by("name_en"))


def listed_fairs() -> QuerySet[Fair]:
    """Fairs with their sectors and the number of approved companies going."""
    return Fair.objects.prefetch_related(_sectors()).annotate(
        going_count=Count("attendances", filter=Q(attendances__company__status=ModerationStatus.APPROVED)))


def fair_with_sectors() -> QuerySet[Fair]:
    return Fair.objects.prefetch_related(_sectors())


def going_companies(fair: Fair) -> list[FairAttendance]:
    """The approved companies going to `fair`, by name, each with its sectors: 2 queries."""
    return list(
        FairAttendance.objects.filter(fair=fair, company__status=ModerationStatus.APPROVED)
        .select_related("company")
        .prefetch_related(Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")))
        .order_by("company__name", "company_id"))


def attendance_of(fair: Fair, company: Company | None) -> FairAttendance | None:
    if company is None:
        return None
    return FairAttendance.objects.filter(fair=fair, company=company).first()


@dataclass
class FairSuggestion:
    """A going company suggested to the viewer: the score and its reasons in words (the shape
    templates/matchmaking/suggestion_card.html reads), what it seeks at the fair and any open proposal."""

    company: Company
    attendance: FairAttendance
    score: int
    mark: str | None = None
    lines: list = field(default_factory=list)
    proposal: FairMeetingProposal | None = None

    @property
    def company_id(self) -> int:
        return self.company.pk

    @property
    def must_meet(self) -> bool:
        return self.mark == PreferenceKind.MUST_MEET


def fair_suggestions(company: Company, going: list[FairAttendance], proposals: list[FairMeetingProposal], *,
                     limit: int = SUGGESTIONS_SHOWN) -> list[FairSuggestion]:
    """The going companies ranked for `company` by the matching score (must-meet marks first, then by score),
    with the reasons in the active language; those it marked "not interested" are left out. Empty for a
    company that is not approved. 3 queries whatever the number of going companies (a fair has at most a few
    hundred): the profiles, the company's marks and relations, the sectors' names."""
    others = {a.company_id: a for a in going if a.company_id != company.pk}
    if company.status != ModerationStatus.APPROVED or not others:
        return []
    profiles = load_profiles([company.pk, *others])
    viewer = profiles.pop(company.pk, None)
    if viewer is None:
        return []
    # The one query for both the company's marks and what passed between it and the others (their marks on it,
    # declined meeting requests), which the score counts: the same as the other suggestion pages.
    marks, relations = matchmaking.marks_and_relations(company.pk)
    candidates = [p for pk, p in profiles.items() if marks.get(pk) != PreferenceKind.NOT_INTERESTED]
    must_meet = frozenset(pk for pk, kind in marks.items() if kind == PreferenceKind.MUST_MEET)
    names = {pk: others[pk].company.name for pk in profiles}
    ranked = rank(viewer, candidates, {pk: relations.get(pk, NO_RELATION) for pk in profiles}, must_meet, names)
    sectors = matchmaking.sector_names()
    open_with = {p.recipient_id if p.sender_id == company.pk else p.sender_id: p
                 for p in proposals if p.status == ProposalStatus.OPEN}
    return [
        FairSuggestion(company=others[profile.id].company, attendance=others[profile.id], score=match.score,
                       mark=marks.get(profile.id), lines=explain(match, sectors=sectors),
                       proposal=open_with.get(profile.id))
        for profile, match in ranked[:limit]
    ]


def proposals_of(fair: Fair, company: Company | None) -> list[FairMeetingProposal]:
    """The proposals at `fair` that `company` sent or received, newest first, with both companies: 1 query."""
    if company is None:
        return []
    return list(FairMeetingProposal.objects.filter(fair=fair).filter(Q(sender=company) | Q(recipient=company))
                .select_related("sender", "recipient"))
