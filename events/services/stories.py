"""Success stories (issue 12): written by one of the two companies of a meeting that led to an agreement (or by
staff), agreed to by the other, moderated like everything users publish (companies.moderation).

A story is public when both hold: the partner gave its consent and a moderator approved it (`is_published`);
`published_at` records when that first became true and is cleared when it stops being so. A material change
after approval (texts, sectors, photo) sends the story back to both: a moderator reviews it again, as a changed
marketplace entry (docs/moderation.md), and the partner is asked again, since it agreed to the earlier words.

Concurrent writers of one story (the author editing while the partner decides) lock its row, so a consent is
never recorded against a text the partner did not see.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.logos import ProcessedImage
from companies.models import Company, ModerationStatus
from companies.moderation import resubmit
from companies.services import attach_image, new_files_deleted_on_failure
from events.errors import EventError
from events.models import Consent, Meeting, MeetingStatus, OutcomeResult, SuccessStory, SuccessStoryText
from events.notifications import notify_companies

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def is_published(story: SuccessStory) -> bool:
    return story.status == ModerationStatus.APPROVED and story.consent == Consent.GIVEN


def draft_story(*, author: Company, meeting: Meeting | None = None, partner: Company | None = None,
                texts: dict[str, tuple[str, str]], sectors: Iterable, photo: ProcessedImage | None = None,
                by) -> SuccessStory:
    """Write a story of `author` with its partner: from one of the author's meetings that led to an agreement
    (either side answered "agreement signed" to the follow-up), or, for staff, about any two companies. It
    waits for the partner's consent (which is asked for) and for a moderator."""
    partner = _check_pair(author=author, meeting=meeting, partner=partner, by=by)
    texts = _checked_texts(texts)
    with new_files_deleted_on_failure() as written, transaction.atomic():
        # Read from the database: the companies in hand may come from an older query (a meeting's joins).
        women_led = Company.objects.filter(pk__in=[author.pk, partner.pk], women_led=True).exists()
        story = SuccessStory(author=author, partner=partner, meeting=meeting, created_by=by, women_led=women_led)
        if photo:
            written += attach_image(story.photo, story.photo_thumbnail, photo)
        story.save()
        story.sectors.set(sectors)
        SuccessStoryText.objects.bulk_create(
            SuccessStoryText(story=story, language=code, title=title, body=body) for code, (title, body) in
            texts.items())
        request_consent(story)
    return story


def update_story(*, story: SuccessStory, texts: dict[str, tuple[str, str]], sectors: Iterable,
                 photo: ProcessedImage | None = None, remove_photo: bool = False) -> SuccessStory:
    """Save the author's changes. Saving it unchanged changes nothing; a change sends the story back to the
    moderators and, unless the partner has yet to answer, to the partner (docs: module docstring)."""
    texts = _checked_texts(texts)
    sectors = list(sectors)
    with new_files_deleted_on_failure() as written, transaction.atomic():
        story = SuccessStory.objects.select_for_update(of=("self",)).select_related("author", "partner") \
            .get(pk=story.pk)
        old_files = [f.name for f in (story.photo, story.photo_thumbnail) if f]
        stored_texts = {text.language: (text.title, text.body) for text in story.texts.all()}
        stored_sectors = set(story.sectors.values_list("pk", flat=True))
        changed = (texts != stored_texts or {sector.pk for sector in sectors} != stored_sectors
                   or photo is not None or (remove_photo and bool(old_files)))
        if not changed:
            return story
        if photo:
            written += attach_image(story.photo, story.photo_thumbnail, photo)
        elif remove_photo:
            story.photo = story.photo_thumbnail = ""
        if story.status != ModerationStatus.PENDING:
            resubmit(story)
        ask_again = story.consent != Consent.PENDING
        story.consent, story.consent_decided_at = Consent.PENDING, None
        story.edited_at = None
        _sync_published(story)
        story.save()
        story.sectors.set(sectors)
        story.texts.all().delete()
        SuccessStoryText.objects.bulk_create(
            SuccessStoryText(story=story, language=code, title=title, body=body) for code, (title, body) in
            texts.items())
        if ask_again:
            request_consent(story)
        if photo or remove_photo:
            transaction.on_commit(lambda: [default_storage.delete(name) for name in old_files])
    return story


def decide_consent(*, story: SuccessStory, company: Company, consent: str, by) -> SuccessStory:
    """The partner's answer (given or refused), by one of its members; it may change its mind later, and a
    refusal takes a published story off the site. The author's members are told."""
    if consent not in (Consent.GIVEN, Consent.REFUSED):
        raise EventError(_("Choose whether you agree to the publication or not."))
    with transaction.atomic():
        story = SuccessStory.objects.select_for_update(of=("self",)).select_related("author", "partner") \
            .get(pk=story.pk)
        if story.partner_id != company.pk:
            raise EventError(_("Only the partner company can decide on this story."))
        if story.consent == consent:
            return story
        story.consent, story.consent_decided_at = consent, timezone.now()
        _sync_published(story)
        story.save(update_fields=["consent", "consent_decided_at", "published_at"])
        kind = "story_consent_given" if consent == Consent.GIVEN else "story_consent_refused"
        notify_companies([story.author], kind, url=reverse("stories:mine"),
                         params_for=lambda _company: {"company": story.partner.name})
    return story


def request_consent(story: SuccessStory) -> None:
    """Ask every member of the partner company (in-app and by email, in its language) to agree or decline."""
    notify_companies([story.partner], "story_consent_requested", url=reverse("stories:consent", args=[story.pk]),
                     params_for=lambda _company: {"company": story.author.name})


def sync_publication(stories: Iterable[SuccessStory]) -> int:
    """After a moderation decision (companies.moderation.moderate knows nothing of consent): set or clear
    `published_at` of each story by whether it is now public. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        for story in SuccessStory.objects.select_for_update(of=("self",)).filter(
                pk__in=[story.pk for story in stories]):
            before = story.published_at
            _sync_published(story)
            if story.published_at != before:
                story.save(update_fields=["published_at"])
                changed += 1
    return changed


def _sync_published(story: SuccessStory) -> None:
    if is_published(story) and story.published_at is None:
        story.published_at = timezone.now()
    elif not is_published(story):
        story.published_at = None


def _check_pair(*, author: Company, meeting: Meeting | None, partner: Company | None, by) -> Company:
    if meeting is None:
        if not (by is not None and by.is_staff):
            raise EventError(_("Choose the meeting that led to your agreement."))
        if partner is None:
            raise EventError(_("Choose the partner company."))
    else:
        sides = {meeting.request.requester.company_id: meeting.request.recipient.company,
                 meeting.request.recipient.company_id: meeting.request.requester.company}
        if author.pk not in sides:
            raise EventError(_("This meeting is not one of your company's."))
        if partner is not None and partner.pk != sides[author.pk].pk:
            raise EventError(_("The partner must be the other company of the meeting."))
        partner = sides[author.pk]
        agreed = meeting.outcomes.filter(result=OutcomeResult.AGREEMENT).exists()
        if meeting.status == MeetingStatus.CANCELLED or not agreed:
            raise EventError(_("A story can only be written about a meeting that led to an agreement."))
    if partner.pk == author.pk:
        raise EventError(_("A story is about two different companies."))
    return partner


def _checked_texts(texts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    texts = {code: (title.strip(), body.strip()) for code, (title, body) in texts.items()
             if title.strip() or body.strip()}
    if not texts:
        raise EventError(_("Write the story in at least one language."))
    if any(code not in LANGUAGE_CODES for code in texts) or not all(title and body for title, body in
                                                                     texts.values()):
        raise EventError(_("Each language needs both a title and a text."))
    return texts
