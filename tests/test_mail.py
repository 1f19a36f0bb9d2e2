"""config.mail: the one way the site sends email."""

import pytest
from django.core import mail as outbox
from django.utils import translation

from config import mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_templates(settings, tmp_path):
    """A template pair (with an HTML part) of the test's own, beside the site's templates."""
    folder = tmp_path / "templates" / "test"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text("{% load i18n %}{% translate 'Hello,' %} {{ name }}\n\n")
    (folder / "hello_body.txt").write_text("Body for {{ name }}")
    (folder / "hello_body.html").write_text("<p>Body for {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path / "templates"]}]


def test_send_renders_the_pair_in_the_recipients_language_after_commit(email_templates,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail.send("test/hello", to=["b@example.com", "a@example.com", "", "a@example.com"], language="vi",
                  context={"name": "Mai\nBcc: x@example.com"})
    assert outbox.outbox == []  # nothing before the transaction commits

    callbacks[0]()

    [message] = outbox.outbox
    assert message.subject == "Xin chào, Mai Bcc: x@example.com"  # one line, whatever the data
    assert message.to == ["a@example.com", "b@example.com"]
    assert message.body == "Body for Mai\nBcc: x@example.com"
    assert message.alternatives[0].content == "<p>Body for Mai\nBcc: x@example.com</p>"


def test_send_without_recipients_sends_nothing(email_templates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail.send("test/hello", to=["", ""], language="en", context={"name": "Nobody"})

    assert (callbacks, outbox.outbox) == ([], [])


def test_a_pair_without_html_sends_plain_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send("events/email/notification", to=["a@example.com"], language="en",
                  context={"subject": "Subject", "text": "Text", "url": ""})

    assert (outbox.outbox[0].subject, outbox.outbox[0].alternatives) == ("Subject", [])


@pytest.mark.parametrize(("language", "prefix"), [("en", "/en/"), ("vi", "/vi/"), ("az", "/az/")])
def test_site_url_links_to_the_page_in_the_recipients_language(settings, language, prefix):
    settings.SITE_URL = "https://tradebridge.example"

    assert mail.site_url("/en/companies/mine/", language) == f"https://tradebridge.example{prefix}companies/mine/"
    with translation.override("vi"):  # whatever language is active when the email is built
        assert mail.site_url("/en/companies/mine/", language) == f"https://tradebridge.example{prefix}companies/mine/"
