"""Writes for the weekly market digest: subscribing, the signed unsubscribe link, and sending.

Sending (`send_digests`, run weekly by the `send_market_digest` command) mails each due subscriber what is new for
them (market.digest), in their company's email language, through config.mail (one task per message, enqueued when
the transaction commits). It is idempotent per week: a subscriber sent a digest within RESEND_AFTER (6 days) is
skipped, and `last_sent_at` is set by a conditional update, so two runs at once still send one digest. Nothing is
sent, and `last_sent_at` stays, when nothing is new: the next digest then covers the longer period.

The unsubscribe link works without login: it carries the user's id signed with its own salt and a timestamp
(django.core.signing); a tampered link is unknown (404), an old one expired (410).
"""

from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config import mail
from market import digest as selectors
from market.models import DigestSubscription

EMAIL = "market/email/digest"
UNSUBSCRIBE_SALT = "market.digest.unsubscribe"
# An unsubscribe link works this long: beyond the dozen digests since, the settings page does the same.
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)

LINK_INVALID = _("This unsubscribe link is not valid. Check that you copied the whole link from the email, or log "
                 "in and change your digest settings.")
LINK_EXPIRED = _("This unsubscribe link has expired. Log in and change your digest settings to stop the digest.")


class LinkError(Exception):
    """An unsubscribe link that cannot be used; `status` is the page's HTTP status (404 unknown, 410 expired)."""

    def __init__(self, message, *, status: int):
        super().__init__(message)
        self.status = status


# Subscribing -----------------------------------------------------------------------------------------------------


def subscription_of(user) -> DigestSubscription | None:
    return DigestSubscription.objects.filter(user=user).first()


def set_subscribed(user, subscribed: bool) -> DigestSubscription:
    subscription, _created = DigestSubscription.objects.update_or_create(user=user,
                                                                        defaults={"subscribed": subscribed})
    return subscription


# The signed link -------------------------------------------------------------------------------------------------


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_path(user) -> str:
    return reverse("market:digest_unsubscribe", kwargs={"token": unsubscribe_token(user)})


def subscription_from_token(token: str) -> DigestSubscription:
    """The subscription a link names, or LinkError saying why it cannot be used."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError(LINK_EXPIRED, status=410) from None
    except signing.BadSignature:
        raise LinkError(LINK_INVALID, status=404) from None
    subscription = DigestSubscription.objects.select_related("user").filter(user_id=user_id).first() if isinstance(
        user_id, int) else None
    if subscription is None:  # an account deleted since, or one that never subscribed
        raise LinkError(LINK_INVALID, status=404)
    return subscription


def unsubscribe(subscription: DigestSubscription) -> None:
    DigestSubscription.objects.filter(pk=subscription.pk).update(subscribed=False, updated_at=timezone.now())
    subscription.subscribed = False


def list_unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """The headers of RFC 2369 and RFC 8058 that let a mail client offer its own one-click unsubscribe button (a
    POST to the link, which the view accepts without a CSRF token: the signature is the proof)."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# Sending ---------------------------------------------------------------------------------------------------------


def send_digests(now: datetime | None = None) -> int:
    """Send each due subscriber their digest; returns how many were sent."""
    now = now or timezone.now()
    return sum(send_digest(subscription, now=now)
               for subscription in selectors.due_subscriptions(now).iterator(chunk_size=500))


def send_digest(subscription: DigestSubscription, *, now: datetime) -> bool:
    """Mail one subscriber what is new for them, if anything: 4 queries to read it, 1 to record it."""
    user = subscription.user
    membership = getattr(user, "membership", None)  # loaded (or known absent) by due_subscriptions
    company = membership.company if membership is not None else None
    language = selectors.email_language(company)
    since = selectors.digest_since(subscription, now)
    with translation.override(language):
        digest = selectors.build_digest(user=user, company=company, since=since, now=now)
        if digest.is_empty:
            return False
        context = _context(user, company, digest, language)
    with transaction.atomic():
        # Only if no other run sent it meanwhile (the row still holds the value this run read).
        previous = Q(last_sent_at=subscription.last_sent_at) if subscription.last_sent_at else Q(
            last_sent_at__isnull=True)
        if not DigestSubscription.objects.filter(previous, pk=subscription.pk, subscribed=True).update(
                last_sent_at=now):
            return False
        mail.send(EMAIL, to=[user.email], language=language, context=context,
                  headers=list_unsubscribe_headers(context["unsubscribe_url"]))
    subscription.last_sent_at = now
    return True


def _context(user, company, digest: selectors.Digest, language: str) -> dict:
    def url(path: str) -> str:
        return mail.site_url(path, language)

    return {
        "user": user, "company": company, "digest": digest,
        "listings": [(listing, url(listing.get_absolute_url())) for listing in digest.listings.items],
        "answers": [(answer, url(answer.question.get_absolute_url())) for answer in digest.answers.items],
        "stories": [(story, url(reverse("stories:detail", kwargs={"pk": story.pk})))
                    for story in digest.stories.items],
        "fairs": [(fair, url(fair.get_absolute_url())) for fair in digest.fairs.items],
        "marketplace_url": url(reverse("companies:marketplace")),
        "questions_url": url(reverse("market:questions")),
        "stories_url": url(reverse("stories:list")),
        "fairs_url": url(reverse("market:fairs")),
        "settings_url": url(reverse("market:digest_settings")),
        "unsubscribe_url": url(unsubscribe_path(user)),
    }
