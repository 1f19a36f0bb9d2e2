"""Writes on trade fairs: a company marks that it will be there (and what it seeks), takes it back, proposes to
meet another going company there, withdraws a proposal.

One transaction each; the proposal's email is enqueued by config.mail.send once the transaction commits.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company, ModerationStatus
from companies.selectors import company_recipients
from config import mail
from market.models import Fair, FairAttendance, FairMeetingProposal, ProposalStatus

# A company sends at most this many proposals (over all fairs) in PROPOSAL_WINDOW: enough for a real fair
# visit, too few for a mailing campaign to every going company.
PROPOSALS_PER_WINDOW = 10
PROPOSAL_WINDOW = timedelta(hours=24)


class FairError(Exception):
    """A write that the rules refuse; the message is meant for the user."""


def check_can_attend(*, fair: Fair, company: Company) -> None:
    """Only approved companies mark a fair, and only one that is not over: raises FairError otherwise."""
    if company.status != ModerationStatus.APPROVED:
        raise FairError(_("Only approved companies can mark a fair: your company profile is not approved."))
    if fair.is_past:
        raise FairError(_("This fair is over."))


def attend_fair(*, fair: Fair, company: Company, seeks: str, by) -> FairAttendance:
    """Mark that `company` will be at `fair` with what it seeks, or change what it seeks (one mark per company
    and fair: the constraint)."""
    check_can_attend(fair=fair, company=company)
    with transaction.atomic():
        attendance, created = FairAttendance.objects.get_or_create(
            fair=fair, company=company, defaults={"seeks": seeks, "created_by": by})
        if not created and attendance.seeks != seeks:
            attendance.seeks = seeks
            attendance.save(update_fields=["seeks", "updated_at"])
    return attendance


def leave_fair(*, fair: Fair, company: Company) -> bool:
    """Take back the company's mark on a fair that is not over; returns whether there was one. Its open
    proposals at the fair are withdrawn: they asked to meet "there"."""
    if fair.is_past:
        raise FairError(_("This fair is over."))
    with transaction.atomic():
        deleted, _rows = FairAttendance.objects.filter(fair=fair, company=company).delete()
        FairMeetingProposal.objects.filter(fair=fair, sender=company, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.WITHDRAWN)
    return bool(deleted)


def open_proposal_between(fair: Fair, first: Company, second: Company) -> FairMeetingProposal | None:
    return FairMeetingProposal.objects.filter(
        fair=fair, status=ProposalStatus.OPEN, sender__in=[first, second], recipient__in=[first, second]).first()


def check_can_propose(*, fair: Fair, sender: Company, recipient: Company) -> None:
    """Who may propose a meeting to whom at all (the view answers 403 otherwise): two different approved
    companies, both going to a fair that is not over."""
    if sender.pk == recipient.pk:
        raise FairError(_("You cannot propose a meeting to your own company."))
    check_can_attend(fair=fair, company=sender)
    going = set(FairAttendance.objects.filter(fair=fair, company__in=[sender, recipient],
                                              company__status=ModerationStatus.APPROVED)
                .values_list("company_id", flat=True))
    if sender.pk not in going:
        raise FairError(_("Mark that your company will be at this fair before proposing meetings there."))
    if recipient.pk not in going:
        raise FairError(_("This company is not going to this fair."))


def propose_meeting(*, fair: Fair, sender: Company, recipient: Company, message: str, by) -> FairMeetingProposal:
    """Propose to `recipient` to meet at `fair`: every member of the recipient company gets an email in the
    company's email language, with the message and the proposer's contact (the sending user and the company's
    contact person) to reply to directly.

    Both companies must be approved and going to the fair, which must not be over; refused when a proposal
    between the two is open at this fair (either way) and past PROPOSALS_PER_WINDOW proposals by the sender.
    """
    check_can_propose(fair=fair, sender=sender, recipient=recipient)
    existing = open_proposal_between(fair, sender, recipient)
    if existing is not None:
        if existing.sender_id == sender.pk:
            raise FairError(_("You have already proposed a meeting to this company at this fair."))
        raise FairError(_("This company has already proposed a meeting to you at this fair: reply to it by "
                          "email."))
    since = timezone.now() - PROPOSAL_WINDOW
    if FairMeetingProposal.objects.filter(sender=sender, created_at__gte=since).count() >= PROPOSALS_PER_WINDOW:
        raise FairError(_("Your company has sent %(count)d meeting proposals in the last 24 hours, the most "
                          "allowed. Try again tomorrow.") % {"count": PROPOSALS_PER_WINDOW})
    with transaction.atomic():
        try:
            with transaction.atomic():
                proposal = FairMeetingProposal.objects.create(fair=fair, sender=sender, recipient=recipient,
                                                              message=message, sent_by=by)
        except IntegrityError:  # a proposal between the two was written at the same time
            raise FairError(_("A meeting proposal between your companies is already open at this fair.")) from None
        _email_proposal(proposal)
    return proposal


def _email_proposal(proposal: FairMeetingProposal) -> None:
    recipient, language = proposal.recipient, proposal.recipient.email_language
    sent_by = proposal.sent_by
    mail.send("market/email/fair_proposal", language=language,
              to=[m.user.email for m in company_recipients([recipient])],
              context={"proposal": proposal, "fair": proposal.fair, "sender": proposal.sender,
                       "recipient": recipient,
                       "sent_by_name": (sent_by.get_full_name() or sent_by.username) if sent_by else "",
                       "sent_by_email": sent_by.email if sent_by else "",
                       "fair_url": mail.site_url(proposal.fair.get_absolute_url(), language),
                       "sender_url": mail.site_url(proposal.sender.get_absolute_url(), language)})


def withdraw_proposal(*, proposal: FairMeetingProposal, company: Company) -> None:
    """The sending company withdraws its open proposal (which lets either company propose again)."""
    if proposal.sender_id != company.pk:
        raise FairError(_("Only the company that sent this proposal can withdraw it."))
    if not proposal.is_open:
        raise FairError(_("This proposal is no longer open."))
    with transaction.atomic():
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save(update_fields=["status"])
