from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.urls import reverse

from config import mail


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (address verification, password reset) take the site's one mail path: rendered from
    allauth's templates in the active language, delivered by config.mail's task once the transaction commits.
    After logging in, staff land on the administration and an organizer without a company on its events, not on
    the company form. Failed log-ins are counted per account and client."""

    def get_login_redirect_url(self, request):
        from events.permissions import is_organizer

        if request.user.is_staff:
            return reverse("admin:index")
        if is_organizer(request.user) and not request.membership:
            return reverse("events:mine")
        return super().get_login_redirect_url(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The login lockout counts failures per account *and* client address, so a guesser locks out only
        itself (allauth's own key is the host and the account: anyone typing an address with wrong passwords
        would lock its owner out everywhere). The per-address limit of ACCOUNT_RATE_LIMITS still stops one
        client from trying many accounts. The client address is read as allauth reads it
        (ALLAUTH_TRUSTED_PROXY_COUNT, ALLAUTH_TRUSTED_CLIENT_IP_HEADER). No host name: the servers behind a load
        balancer may see different ones, and the lockout must hold on all of them.

        allauth uses this one key both to count failures and to clear them after a password reset (which then
        lifts the lockout of the client that proved it owns the mailbox). Pinned by tests/test_login_lockout.py.
        """
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{login}:{get_ip(request)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(template_prefix, email, {
            "request": request, "email": email, "current_site": site(), **context})
        mail.send_message(message)


def site() -> SimpleNamespace:
    """The site as allauth's emails name it ("Hello from TradeBridge!"), not the host the request came to."""
    return SimpleNamespace(name="TradeBridge", domain=urlsplit(settings.SITE_URL).netloc)
