"""Sign up → verify email → create the company profile with a logo → admin approves → listed by sector."""

import re

import pytest
from django.core import mail

from companies.models import Company
from tests import images
from tests.factories import LanguageFactory, SectorFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

# A word of the page in each language proves that the journey really ran in it.
SIGNUP_HEADING = {"en": "Sign Up", "vi": "Đăng ký", "az": "Qeydiyyatdan Keç"}


def submit(page):
    page.locator("main form button[type=submit]").last.click()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_company_journey_from_sign_up_to_directory(new_page, live_server, tmp_path, lang):
    solar = SectorFactory(slug="renewable-energy", name_en="Renewable energy", name_vi="Năng lượng tái tạo")
    SectorFactory(slug="mining")
    vietnamese = LanguageFactory(code="vi")
    StaffFactory(username="moderator", email="moderator@tradebridge.example")
    logo = tmp_path / "logo.png"
    logo.write_bytes(images.image_bytes("PNG", size=(800, 400)))

    # Sign up, in the chosen language.
    page = new_page()
    page.goto(f"/{lang}/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == SIGNUP_HEADING[lang]
    page.fill("#id_email", f"lan.{lang}@saigonsolar.example")
    page.fill("#id_password1", "a-long-Passphrase-2026")
    page.fill("#id_password2", "a-long-Passphrase-2026")
    submit(page)
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    # Verify the email with the link from the outbox.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    submit(page)

    # Logged in, without a company yet: the profile form.
    page.wait_for_url(re.compile(rf"/{lang}/companies/new/$"))
    page.fill("#id_name", f"Saigon Solar Works {lang.upper()}")
    page.select_option("#id_country", "VN")
    page.fill("#id_city", "Thành phố Hồ Chí Minh")
    page.check(f"input[name=sectors][value='{solar.pk}']")
    page.fill("#id_description", "Rooftop solar for factories in the south of Vietnam, 40 MW installed.")
    page.select_option("#id_size", "small")
    page.check(f"input[name=languages][value='{vietnamese.pk}']")
    page.fill("#id_contact_person", "Trần Thị Mai")
    page.set_input_files("#id_logo", str(logo))
    submit(page)
    page.wait_for_url(re.compile(rf"/{lang}/companies/mine/$"))
    company = Company.objects.get(name=f"Saigon Solar Works {lang.upper()}")
    assert company.status == Company.Status.PENDING
    assert company.logo.name.endswith(".webp")

    # Not in the directory before approval.
    page.goto(f"/{lang}/companies/?sector=renewable-energy")
    assert page.locator(".company-card").count() == 0

    # An admin approves it in the Django admin.
    admin = new_page()
    admin.goto("/en/accounts/login/")
    admin.fill("#id_login", "moderator@tradebridge.example")
    admin.fill("#id_password", "correct horse battery staple")
    submit(admin)
    admin.goto("/en/admin/companies/company/?status__exact=pending")
    admin.check(f"input[name=_selected_action][value='{company.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist .success")
    company.refresh_from_db()
    assert company.status == Company.Status.APPROVED
    assert mail.outbox[-1].to == [f"lan.{lang}@saigonsolar.example"]

    # Listed under its sector filter, and not under another.
    page.goto(f"/{lang}/companies/?sector=renewable-energy")
    assert page.locator(".company-card h2").all_inner_texts() == [f"Saigon Solar Works {lang.upper()}"]
    page.goto(f"/{lang}/companies/?sector=mining")
    assert page.locator(".company-card").count() == 0
    assert page.console_watcher.csp_violations == []
    assert admin.console_watcher.csp_violations == []
