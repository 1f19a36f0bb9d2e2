import pytest
from django.core import mail
from django.urls import reverse

from messaging import services
from messaging.models import ThreadReport
from tests.messaging.factories import write


@pytest.fixture
def report(owner, company, caspian, thread):
    write(thread, caspian, "<b>Send the deposit to my personal account</b>")
    return services.report_thread(reporter=owner, company=company, thread=thread, reason="fraud", note="Scam")


@pytest.mark.parametrize("url_name", ["admin:messaging_threadreport_changelist", "admin:messaging_thread_changelist",
                                      "admin:messaging_block_changelist"])
def test_admin_lists_open(client, staff, report, url_name):
    client.force_login(staff)
    assert client.get(reverse(url_name)).status_code == 200


def test_admin_report_page_shows_the_conversation_escaped(client, staff, report):
    client.force_login(staff)
    content = client.get(reverse("admin:messaging_threadreport_change", args=[report.pk])).content.decode()
    assert "&lt;b&gt;Send the deposit to my personal account&lt;/b&gt;" in content
    assert "<b>Send the deposit" not in content


def test_admin_home_counts_reports_waiting(client, staff, report):
    client.force_login(staff)
    content = client.get(reverse("admin:index")).content.decode()
    assert f'{reverse("admin:messaging_threadreport_changelist")}?review=waiting">Reported conversations</a>' in content


def test_admin_dismiss_asks_a_reason_then_emails_the_reporters(client, staff, owner, report,
                                                               django_capture_on_commit_callbacks):
    client.force_login(staff)
    url = reverse("admin:messaging_threadreport_changelist")
    data = {"action": "dismiss", "_selected_action": [report.pk]}
    assert client.post(url, data).status_code == 200  # the page asking for the reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "apply": "1", "reason": "A normal business request."})
    report.refresh_from_db()
    assert (report.status, report.status_reason) == ("rejected", "A normal business request.")
    assert [(m.to, m.subject) for m in mail.outbox] == [([owner.email], "We looked at your report of a conversation")]


def test_admin_uphold(client, staff, report):
    client.force_login(staff)
    client.post(reverse("admin:messaging_threadreport_changelist"),
                {"action": "uphold", "_selected_action": [report.pk]})
    assert ThreadReport.objects.get().status == "approved"
