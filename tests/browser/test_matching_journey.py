"""An owner publishes an offer → an admin approves it → a partner sees the company in its suggestions with the
matching reason → marks it "must meet" → it moves to the top."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import Listing
from tests.factories import (
    CompanyFactory,
    HSChapterFactory,
    LanguageFactory,
    ListingFactory,
    MembershipFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery staple"


def log_in(page, email):
    page.goto("/en/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/en/companies/mine/$"))


def card_names(page) -> list[str]:
    return page.locator(".suggestion-card h2").all_inner_texts()


def test_matching_journey_from_offer_to_must_meet(new_page):
    solar = SectorFactory(slug="renewable-energy", name_en="Renewable energy")
    HSChapterFactory(code=85)
    english, vietnamese, azerbaijani = (LanguageFactory(code=c) for c in ("en", "vi", "az"))
    seller = CompanyFactory(name="Saigon Solar Works", slug="saigon-solar-works", country="VN", sectors=[solar],
                            languages=[vietnamese])
    MembershipFactory(company=seller, user=UserFactory(username="lan", email="lan@saigonsolar.example"))
    rival = CompanyFactory(name="Mekong Inverter Co", slug="mekong-inverter", country="VN", sectors=[solar],
                           languages=[vietnamese, english])
    ListingFactory(company=rival, title="String inverters", sector=solar, hs_chapter=HSChapterFactory(code=85))
    buyer = CompanyFactory(name="Günəş Enerji Həlləri", slug="gunes-enerji", country="AZ", sectors=[solar],
                           languages=[azerbaijani, english])
    ListingFactory(company=buyer, kind="request", title="Photovoltaic equipment", sector=solar,
                   hs_chapter=HSChapterFactory(code=85))
    MembershipFactory(company=buyer, user=UserFactory(username="aysel", email="aysel@gunes.example"))
    StaffFactory(username="moderator", email="moderator@tradebridge.example")

    # The Vietnamese owner publishes an offer of inverters (HS 85).
    owner = new_page()
    log_in(owner, "lan@saigonsolar.example")
    owner.goto("/en/companies/marketplace/new/")
    owner.check("input[name=kind][value=offer]")
    owner.fill("#id_title", "Hybrid solar inverters")
    owner.fill("#id_description", "5–110 kW hybrid inverters with LFP storage, IEC certified.")
    owner.select_option("#id_sector", str(solar.pk))
    owner.select_option("#id_hs_chapter", "85")
    owner.fill("#id_expires_on", (timezone.localdate() + timedelta(days=90)).isoformat())
    owner.locator("main form button[type=submit]").last.click()
    owner.wait_for_url(re.compile(r"/en/companies/marketplace/mine/$"))
    entry = Listing.objects.get(title="Hybrid solar inverters")
    assert entry.status == "pending"

    # The partner does not see it yet: the offer waits for moderation.
    partner = new_page()
    log_in(partner, "aysel@gunes.example")
    partner.goto("/en/partners/")
    assert card_names(partner) == ["Mekong Inverter Co", "Saigon Solar Works"]
    assert "Hybrid solar inverters" not in partner.locator("main").inner_text()

    # An admin approves it with the admin action.
    admin = new_page()
    admin.goto("/en/accounts/login/")
    admin.fill("#id_login", "moderator@tradebridge.example")
    admin.fill("#id_password", PASSWORD)
    admin.locator("main form button[type=submit]").last.click()
    admin.wait_for_url(re.compile(r"/en/admin/$"))  # staff land on the administration
    admin.goto("/en/admin/companies/listing/?status__exact=pending")
    admin.check(f"input[name=_selected_action][value='{entry.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist .success")
    entry.refresh_from_db()
    assert entry.status == "approved"

    # The partner now sees why Saigon Solar Works is suggested, but a better-scoring company comes first.
    partner.goto("/en/partners/")
    assert card_names(partner) == ["Mekong Inverter Co", "Saigon Solar Works"]
    card = partner.locator(".suggestion-card", has_text="Saigon Solar Works")
    # Neither entry names a heading: the reason claims no more than the chapter both trade in.
    reasons = card.locator(".reason-list").inner_text()
    assert "Both trade in HS 85 (" in reasons
    assert "they offer “Hybrid solar inverters”, you are looking for “Photovoltaic equipment”" in reasons
    assert card.locator(".match-score strong").inner_text() == "60"

    # "Must meet" moves it to the top at once; undo is offered.
    card.locator("button[value=must_meet]").click()
    partner.wait_for_selector(".suggestion-card.is-must-meet")
    assert card_names(partner) == ["Saigon Solar Works", "Mekong Inverter Co"]
    assert partner.locator(".mark-list").inner_text().startswith("Saigon Solar Works")
    for page in (owner, partner, admin):
        assert page.console_watcher.csp_violations == []
