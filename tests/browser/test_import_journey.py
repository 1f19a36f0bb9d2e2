"""Organizer uploads a CSV of participants → sees the preview with new, matched and invalid rows (in English and
Vietnamese) → applies → the invited company's email link → the sign-up page with its address → the company form
filled in from the list.

Screenshots of the preview at 1280 px are saved to /tmp/shots/import_preview_en.png and import_preview_vi.png.
"""

import re
from pathlib import Path

import pytest
from django.core import mail

from events.models import ParticipantInvitation
from tests.browser.conftest import log_in
from tests.factories import CompanyFactory, EventFactory, OrganizerFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/shots")
FILE = ("Tên công ty;Quốc gia;Thư điện tử;Trang web;Người liên hệ\n"
        "HIGHLAND COFFEE;Việt Nam;;;\n"
        "Sông Hồng Tea;VN;lan@songhong.example;songhong.example;Nguyễn Thị Lan\n"
        "Narnia Trade;Narnia;info@narnia.example;;\n").encode()


def test_import_journey_from_upload_to_prefilled_sign_up(new_page):
    organizer = OrganizerFactory(username="organizer", email="organizer@forum.example")
    event = EventFactory(title="Vietnam–Azerbaijan B2B Forum, Baku", slug="baku-forum", organizers=[organizer])
    CompanyFactory(name="Highland Coffee", slug="highland-coffee", country="VN")
    SHOTS.mkdir(parents=True, exist_ok=True)

    org = new_page(viewport={"width": 1280, "height": 900})
    log_in(org, "organizer@forum.example")
    org.goto(f"/en/events/{event.slug}/manage/")
    org.click(f"a[href='/en/events/{event.slug}/manage/import/']")
    org.set_input_files("#id_file", files=[{"name": "delegation.csv", "mimeType": "text/csv", "buffer": FILE}])
    org.locator("main form.stacked-form button[type=submit]").click()
    org.wait_for_load_state()

    counts = {kind: org.inner_text(f"#count-{kind}") for kind in ("matched", "new", "invalid")}
    assert counts == {"matched": "1", "new": "1", "invalid": "1"}
    assert org.inner_text("#rows-matched tbody").count("Highland Coffee") == 1
    assert "lan@songhong.example" in org.inner_text("#rows-new tbody")
    assert "Unknown country “Narnia”" in org.inner_text("#rows-invalid tbody")
    assert org.console_watcher.csp_violations == []
    org.screenshot(path=SHOTS / "import_preview_en.png", full_page=True)
    preview = org.url
    org.goto(preview.replace("/en/", "/vi/"))
    assert org.inner_text("#count-new") == "1"
    org.screenshot(path=SHOTS / "import_preview_vi.png", full_page=True)

    # Nothing sideways on a phone.
    org.set_viewport_size({"width": 360, "height": 800})
    assert org.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    org.set_viewport_size({"width": 1280, "height": 900})

    org.goto(preview)
    org.click("form[action$='/manage/import/apply/'] button[type=submit]")
    org.wait_for_load_state()
    assert org.locator(".messages").inner_text().strip() == (
        "1 company registered; 1 invited by email; 1 row left out.")
    assert event.participations.get().company.name == "Highland Coffee"
    assert list(ParticipantInvitation.objects.values_list("company_name", flat=True)) == ["Sông Hồng Tea"]

    # The invited company opens the link of its email, in Vietnamese with English below.
    email = next(message for message in mail.outbox if message.to == ["lan@songhong.example"])
    link = re.search(r"http://\S+?(/vi/events/baku-forum/invitation/\S+/)", email.body).group(1)
    guest = new_page()
    guest.goto(link.replace("/vi/", "/en/"))
    assert "invite Sông Hồng Tea" in guest.inner_text("main")
    guest.click("main a.button[href*='/accounts/signup/']")
    guest.wait_for_load_state()
    assert guest.input_value("#id_email") == "lan@songhong.example"
    guest.fill("#id_password1", "a-long-Passphrase-2026")
    guest.fill("#id_password2", "a-long-Passphrase-2026")
    guest.locator("main form button[type=submit]").last.click()
    guest.wait_for_load_state()

    assert "/invitation/" in guest.url and guest.url.endswith("/company/")
    assert {field: guest.input_value(f"#id_{field}") for field in ("name", "website", "contact_person",
                                                                    "contact_email")} == {
        "name": "Sông Hồng Tea", "website": "https://songhong.example", "contact_person": "Nguyễn Thị Lan",
        "contact_email": "lan@songhong.example"}
    assert guest.input_value("#id_country") == "VN"
    assert guest.console_watcher.csp_violations == []
