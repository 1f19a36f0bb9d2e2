from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from config import mail


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (address verification, password reset) take the site's one mail path: rendered from
    allauth's templates in the active language, delivered by config.mail's task once the transaction commits."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(template_prefix, email, {
            "request": request, "email": email, "current_site": get_current_site(request), **context})
        mail.send_message(message)
