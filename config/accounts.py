from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse

from config import mail


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (address verification, password reset) take the site's one mail path: rendered from
    allauth's templates in the active language, delivered by config.mail's task once the transaction commits.
    After logging in, staff land on the administration and an organizer without a company on its events, not on
    the company form."""

    def get_login_redirect_url(self, request):
        from events.permissions import is_organizer

        if request.user.is_staff:
            return reverse("admin:index")
        if is_organizer(request.user) and not request.membership:
            return reverse("events:mine")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(template_prefix, email, {
            "request": request, "email": email, "current_site": site(), **context})
        mail.send_message(message)


def site() -> SimpleNamespace:
    """The site as allauth's emails name it ("Hello from TradeBridge!"), not the host the request came to."""
    return SimpleNamespace(name="TradeBridge", domain=urlsplit(settings.SITE_URL).netloc)
