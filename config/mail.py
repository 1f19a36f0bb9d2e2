"""The one way the site sends email (in the spirit of healthchecks' hc/lib/emails.py).

`send("events/email/notification", to=[...], language="vi", context={...})` renders the named template pair
`<name>_subject.txt` and `<name>_body.txt` (and `<name>_body.html` when it exists) with the recipient's language
active, and enqueues one `deliver` task once the current transaction commits: a rolled-back change sends nothing,
and no request waits for the mail server. In development the immediate tasks backend delivers at once (printed
by the console backend); in production `manage.py db_worker` does (README).

Who receives a company's mail is decided in one place, `companies.selectors.company_recipients`.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation


def send(template: str, *, to: Iterable[str], language: str, context: dict | None = None,
         headers: dict[str, str] | None = None) -> None:
    """Render `template`'s pair in `language` and send it to `to` (one message) after the transaction commits,
    with extra `headers` if given (List-Unsubscribe of a digest)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    with translation.override(language):
        # One line whatever the data: a line break in a subject would break the message's headers.
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    _enqueue(subject=subject, body=body, html=html, to=recipients, headers=headers)


def send_message(message: EmailMessage) -> None:
    """Send a message that something else rendered (allauth's account emails) the same way: one task, after
    the transaction commits."""
    html = next((content for content, mimetype in getattr(message, "alternatives", [])
                 if mimetype == "text/html"), None)
    if message.content_subtype == "html":  # allauth sends an HTML-only message when it has no text template
        message.body, html = "", message.body
    _enqueue(subject=message.subject, body=message.body, html=html, to=list(message.to))


def _enqueue(*, subject: str, body: str, html: str | None, to: list[str],
             headers: dict[str, str] | None = None) -> None:
    transaction.on_commit(lambda: deliver.enqueue(subject=subject, body=body, html=html, to=to, headers=headers))


def site_url(path: str, language: str) -> str:
    """An absolute link to `path` in `language` (a link in a Vietnamese email opens the Vietnamese page)."""
    return settings.SITE_URL + in_language(path, language)


def in_language(path: str, language: str) -> str:
    """`path` (with any language prefix) as the same page in `language`.

    The path is resolved in its own language (an /en/ path does not resolve while Vietnamese is active, and
    translate_url would then return it unchanged), then reversed in `language`.
    """
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language)


@task
def deliver(*, subject: str, body: str, to: list[str], html: str | None = None,
            headers: dict[str, str] | None = None) -> None:
    message = EmailMultiAlternatives(subject, body, to=to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
