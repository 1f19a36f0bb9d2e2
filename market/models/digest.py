"""The weekly market digest (issue 13, item 6): a user's choice to receive it, and when it was last sent.

Off by default: a user without a row, or with `subscribed` False, gets no digest. `last_sent_at` is both where
the next digest starts ("what is new since") and what keeps a second run in the same week from sending again
(market.digest_services).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["DigestSubscription"]


class DigestSubscription(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="market_digest",
                                verbose_name=_("user"))
    subscribed = models.BooleanField(_("receives the weekly market digest"), default=False)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("market digest subscription")
        verbose_name_plural = _("market digest subscriptions")
        # The weekly run reads the subscribed users whose last digest is old enough.
        indexes = [models.Index(fields=["subscribed", "last_sent_at"], name="digest_due_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({'on' if self.subscribed else 'off'})"
