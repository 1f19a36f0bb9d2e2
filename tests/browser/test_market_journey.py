"""Market information, in the browser: a Vietnamese company opens the hub from the site navigation → reads a sector
brief in English and one only written in Vietnamese → follows the brief to live supply and demand → asks a question,
which waits for review (seen by its author, not by another company) → another company answers, a moderator approves
it in the admin, the asker marks it the most helpful → the company says it will be at a trade fair, sees itself
going and another going company suggested, and proposes to meet there by email.

Every page of the journey is also measured at a phone's width (360 px): none may scroll sideways."""

import re

import pytest
from django.core import mail

from companies.models import Sector
from market.models import Answer, FairAttendance, FairMeetingProposal, Question
from tests.browser.conftest import log_in
from tests.factories import (
    CompanyFactory,
    HSChapterFactory,
    ListingFactory,
    MembershipFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
)
from tests.market.factories_briefs import SectorBriefFactory
from tests.market.factories_fairs import FairAttendanceFactory, FairFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

# The innermost elements that reach past the right edge of the viewport and are not inside a scrolling or clipping
# box (a .table-scroll scrolls on purpose): what makes the page scroll sideways, named tag#id.class (right edge).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5 && !clipped(el));
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return innermost.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('') + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
}"""


class Journey:
    """Checks each page a user reaches at a phone's width, then puts the window back; collects what scrolls
    sideways (the test asserts at the end, so that one run names every page and element at fault)."""

    def __init__(self):
        self.problems: list[str] = []
        self.pages_checked = 0

    def check(self, page) -> None:
        page.set_viewport_size(PHONE)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow:
            self.problems.append(f"{page.url} scrolls {overflow}px sideways at 360px: "
                                 f"{', '.join(page.evaluate(OVERFLOWING))}")
        page.set_viewport_size(DESKTOP)
        self.pages_checked += 1


def go(page, journey: Journey, click) -> None:
    """Follow a link or press a button (a locator), wait for the next page and measure it."""
    click.click()
    page.wait_for_load_state()
    journey.check(page)


def approve_in_admin(admin, model: str, pk: int) -> None:
    """A moderator approves one item with the admin action."""
    admin.goto(f"/en/admin/market/{model}/?status__exact=pending")
    admin.check(f"input[name=_selected_action][value='{pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist .success")


def test_market_information_from_the_hub_to_a_meeting_at_a_fair(new_page, live_server):
    # The seeded sectors, by name too: a browser test before this one may have flushed the migrations' rows.
    agri = SectorFactory(slug="agriculture-food", name_en="Agriculture and food processing")
    Sector.objects.filter(pk=agri.pk).update(name_en="Agriculture and food processing")
    light_industry = SectorFactory(slug="light-industry")
    rice = CompanyFactory(name="Mekong Rice", slug="mekong-rice", country="VN", sectors=[agri])
    lan = MembershipFactory(company=rice, user=UserFactory(username="lan", email="lan@mekongrice.example")).user
    foods = CompanyFactory(name="Caspian Foods", slug="caspian-foods", country="AZ", city="Bakı", sectors=[agri])
    MembershipFactory(company=foods, user=UserFactory(username="farid", email="farid@caspianfoods.example"))
    StaffFactory(username="moderator", email="moderator@tradebridge.example")
    brief = SectorBriefFactory(sector=agri, slug="agriculture-food",
                               texts={"en": "Rice and coffee for the Caspian", "vi": "Gạo và cà phê cho vùng Caspi"})
    # A long web address, as contacts have: on a phone it must wrap, not push the page sideways.
    brief.texts.filter(language="en").update(
        contacts="AZPROMO: https://www.azpromo.az/en/services/export-support/trade-missions-and-exhibitions-abroad")
    SectorBriefFactory(sector=light_industry, slug="light-industry", texts={"vi": "Dệt may sang Azerbaijan"})
    # Coffee (HS 09): Mekong Rice offers it and Caspian Foods asks for it. Cereals (HS 10): asked for, not offered.
    ListingFactory(company=rice, kind="offer", sector=agri, hs_chapter=HSChapterFactory(code=9))
    ListingFactory(company=foods, kind="request", sector=agri, hs_chapter=HSChapterFactory(code=9))
    ListingFactory(company=foods, kind="request", sector=agri, hs_chapter=HSChapterFactory(code=10),
                   title="Jasmine rice, 40 tonnes a quarter")
    fair = FairFactory(name="Caspian Agro Expo", slug="caspian-agro-expo", sectors=[agri])
    FairAttendanceFactory(fair=fair, company=foods, seeks="Vietnamese rice and coffee suppliers")
    journey = Journey()

    page = new_page(viewport=DESKTOP)
    log_in(page, "lan@mekongrice.example")

    # The hub, from the site's navigation.
    page.goto("/en/")
    go(page, journey, page.locator(".main-nav").get_by_role("link", name="Market information"))
    assert re.search(r"/en/market/$", page.url)
    assert page.locator("main h1").inner_text() == "Market information"

    # The briefs: one only written in Vietnamese says so, on the list and on its page.
    go(page, journey, page.locator("main").get_by_role("link", name="Sector briefs"))
    cards = page.locator(".brief-card")
    assert cards.locator("h2").all_inner_texts() == ["Rice and coffee for the Caspian", "Dệt may sang Azerbaijan"]
    assert "In Vietnamese" in cards.nth(1).locator(".meta").inner_text()
    assert "In Vietnamese" not in cards.nth(0).locator(".meta").inner_text()
    go(page, journey, page.get_by_role("link", name="Dệt may sang Azerbaijan"))
    assert page.locator(".brief-language-note").inner_text() == (
        "This brief is shown in Vietnamese: no English version yet.")
    assert page.locator("main h1").get_attribute("lang") == "vi"
    go(page, journey, page.locator(".breadcrumbs").get_by_role("link", name="Sector briefs"))
    go(page, journey, page.get_by_role("link", name="Rice and coffee for the Caspian"))
    assert page.locator(".brief-language-note").count() == 0
    assert "Also available in: Vietnamese" in page.locator("main").inner_text()
    assert page.locator("#brief-standards + .prose").inner_text() == "HACCP, ISO 22000, halal certification."
    assert page.locator("#brief-contacts + .prose a").get_attribute("href") == (
        "https://www.azpromo.az/en/services/export-support/trade-missions-and-exhibitions-abroad")

    # The brief leads to its sector's live supply and demand: coffee meets, cereals wait for a supplier.
    go(page, journey, page.get_by_role("link", name="Live supply and demand"))
    assert page.url.endswith("/en/market/supply-and-demand/?sector=agriculture-food")

    def status_of(code: str) -> str:
        row = page.locator("tr", has=page.locator("th .hs-code", has_text=re.compile(rf"^{code}$")))
        return row.locator(".badge").inner_text()

    assert status_of("09") == "Supply meets demand"
    assert status_of("10") == "Demand without supply"
    assert "1 request from Azerbaijan, no offer from Vietnam yet" in page.locator(".supply-yours").inner_text()

    # A question, asked from the questions page: it waits for review, and says so to its author only.
    go(page, journey, page.locator(".main-nav").get_by_role("link", name="Market information"))
    go(page, journey, page.locator("main").get_by_role("link", name="Market questions"))
    go(page, journey, page.locator("main").get_by_role("link", name="Ask a question"))
    page.fill("#id_title", "Which papers does jasmine rice need to enter Azerbaijan?")
    page.fill("#id_body", "We ship 25 kg bags by sea to Poti, then by rail to Baku.")
    page.select_option("#id_sector", label="Agriculture and food processing")
    go(page, journey, page.get_by_role("button", name="Submit for review"))
    question = Question.objects.get()
    assert (question.status, question.company, question.author) == ("pending", rice, lan)
    assert page.url.endswith(f"/en/market/questions/{question.pk}/")
    assert "Only your company and our team see this question until our team has reviewed it." in (
        page.locator("main").inner_text())
    page.goto("/en/market/questions/")
    journey.check(page)
    mine = page.locator(".question-card", has_text="Which papers does jasmine rice need")
    assert mine.locator(".badge-tone-warning").inner_text() == "Pending review"

    partner = new_page(viewport=DESKTOP)
    log_in(partner, "farid@caspianfoods.example")
    assert partner.goto(f"/en/market/questions/{question.pk}/").status == 404
    partner.goto("/en/market/questions/")
    assert "jasmine rice" not in partner.locator("main").inner_text()

    # A moderator approves the question; Caspian Foods answers; the answer waits for review too.
    admin = new_page(viewport=DESKTOP)
    log_in(admin, "moderator@tradebridge.example")
    approve_in_admin(admin, "question", question.pk)
    assert partner.goto(f"/en/market/questions/{question.pk}/").status == 200
    journey.check(partner)
    partner.fill("#id_body", "A phytosanitary certificate and a certificate of origin, both from Vietnam.")
    go(partner, journey, partner.get_by_role("button", name="Send the answer"))
    answer = Answer.objects.get()
    assert (answer.status, answer.company) == ("pending", foods)
    assert "Thank you: your answer is published once our team has reviewed it." in (
        partner.locator(".messages").inner_text())
    # Not yet for the asker: the answer of another company is published once reviewed.
    page.goto(f"/en/market/questions/{question.pk}/")
    assert page.locator("#answers-heading").inner_text() == "0 answers"
    assert page.locator(".answers .empty").inner_text() == "No answer yet."

    # Approved, the answer shows to the asker, who marks it the most helpful.
    approve_in_admin(admin, "answer", answer.pk)
    page.reload()
    journey.check(page)
    assert page.locator("#answers-heading").inner_text() == "1 answer"
    card = page.locator(f"#answer-{answer.pk}")
    assert "A phytosanitary certificate and a certificate of origin" in card.inner_text()
    go(page, journey, card.get_by_role("button", name="Mark as the most helpful"))
    assert page.locator(f"#answer-{answer.pk} .badge-tone-success").inner_text() == "Most helpful answer"
    assert Answer.objects.get(pk=answer.pk).helpful is True

    # A trade fair: "we will be there", with what the company seeks.
    go(page, journey, page.locator(".main-nav").get_by_role("link", name="Market information"))
    go(page, journey, page.locator("main").get_by_role("link", name="Trade fairs"))
    go(page, journey, page.get_by_role("link", name="Caspian Agro Expo"))
    go(page, journey, page.get_by_role("link", name="We will be there"))
    page.fill("#id_seeks", "Importers of jasmine rice in Baku")
    go(page, journey, page.get_by_role("button", name="We will be there"))
    assert page.url.endswith("/en/market/fairs/caspian-agro-expo/")
    assert FairAttendance.objects.get(fair=fair, company=rice).seeks == "Importers of jasmine rice in Baku"
    going = page.locator(".going-list .going")
    assert going.locator("h3").all_inner_texts() == ["Caspian Foods", "Mekong Rice"]
    assert going.filter(has_text="Mekong Rice").locator(".going-seeks").inner_text() == (
        "Looking for: Importers of jasmine rice in Baku")

    # Caspian Foods is suggested among the going companies; Mekong Rice proposes to meet there, by email.
    suggestion = page.locator(".suggestion-list .suggestion-card")
    assert suggestion.locator("h3").all_inner_texts() == ["Caspian Foods"]
    assert suggestion.locator(".going-seeks").inner_text() == "Looking for: Vietnamese rice and coffee suppliers"
    go(page, journey, suggestion.get_by_role("link", name="Propose to meet there"))
    mail.outbox.clear()
    page.fill("#id_message", "Shall we meet at your stand on the first morning? We bring rice samples.")
    go(page, journey, page.get_by_role("button", name="Send the proposal"))
    assert "Your proposal was sent to Caspian Foods by email." in page.locator(".messages").inner_text()
    proposal = FairMeetingProposal.objects.get()
    assert (proposal.fair, proposal.sender, proposal.recipient, proposal.sent_by) == (fair, rice, foods, lan)
    assert [m.to for m in mail.outbox] == [["farid@caspianfoods.example"]]
    assert "We bring rice samples." in mail.outbox[0].body
    assert "lan@mekongrice.example" in mail.outbox[0].body
    assert page.locator(".suggestion-card .badge-tone-info").inner_text() == "Proposal sent"

    for user_page in (page, partner, admin):
        assert user_page.console_watcher.csp_violations == []
    assert journey.pages_checked >= 20
    # No page of the journey scrolls sideways on a phone.
    assert journey.problems == [], "\n".join(journey.problems)
