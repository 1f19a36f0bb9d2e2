"""Importing participants from a file (events.import_files, events.services.imports, events.views.imports):
reading CSV and Excel files, the bad files refused with nothing written, the matching rules, the apply and its
idempotence, the participant cap, the signed invitation link through sign-up, the company form and approval,
who may use the pages, and the preview's query count.

The event (tests/events/conftest.py) is in Baku; Highland Coffee (VN) and Caspian Foods (AZ) are approved and
registered. Files are built in the tests, Excel ones with openpyxl.
"""

import codecs
import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from companies.models import Company
from companies.moderation import moderate
from events.import_files import MAX_BYTES, ImportFileError, parse_upload
from events.models import Notification, ParticipantInvitation, Participation
from events.services import imports
from tests.events.conftest import EVENT_ROLES
from tests.factories import (
    CompanyFactory,
    EventFactory,
    LanguageFactory,
    MembershipFactory,
    SectorFactory,
    UserFactory,
    join,
)

HEADER = "company name,country,email,website,contact person"
PASSWORD = "a-long-Passphrase-2026"


def csv_file(text: str, *, name: str = "list.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows: list[list], *, name: str = "list.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def values(parsed) -> list[tuple]:
    return [(row["line"], row["company_name"], row["country"], row["email"], row["website"], row["contact_name"])
            for row in parsed.rows]


def import_url(event) -> str:
    return reverse("events:import_participants", args=[event.slug])


def apply_url(event) -> str:
    return reverse("events:apply_import", args=[event.slug])


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def preview_of(event, text: str):
    return imports.preview_import(event=event, rows=parse_upload(csv_file(text)).rows)


def kinds(preview) -> list[tuple[int, str, list[str]]]:
    return [(row.line, row.kind, row.reasons) for row in preview.rows]


def written() -> tuple[int, int, int]:
    return Participation.objects.count(), ParticipantInvitation.objects.count(), Company.objects.count()


def upload(client, event, file) -> str:
    """Upload `file` on the import page; the preview key it redirects to."""
    response = client.post(import_url(event), {"file": file})
    assert response.status_code == 302
    return parse_qs(urlsplit(response.url).query)["preview"][0]


# Reading files -------------------------------------------------------------------------------------------------


def test_parse_csv_in_utf8_with_a_byte_order_mark_semicolons_and_vietnamese_headers(db):
    text = ("Tên công ty;Quốc gia;Thư điện tử;Trang web;Người liên hệ\n"
            "Cà Phê Đà Lạt;Việt Nam;Lan@DaLat.example;dalat.example;Nguyễn Thị Lan\n")
    parsed = parse_upload(SimpleUploadedFile("list.csv", codecs.BOM_UTF8 + text.encode()))

    assert parsed.columns == ["company_name", "country", "email", "website", "contact_name"]
    assert values(parsed) == [(2, "Cà Phê Đà Lạt", "Việt Nam", "Lan@DaLat.example", "dalat.example",
                               "Nguyễn Thị Lan")]


def test_parse_csv_with_commas_and_azerbaijani_headers(db):
    parsed = parse_upload(csv_file("Şirkətin adı,Ölkə,E-poçt,Veb-sayt,Əlaqə şəxsi\n"
                                   "Xəzər Logistika,Azərbaycan,info@xezer.example,,Əli Məmmədov\n"))

    assert values(parsed) == [(2, "Xəzər Logistika", "Azərbaycan", "info@xezer.example", "", "Əli Məmmədov")]


def test_parse_csv_in_utf16_with_its_mark_and_tabs(db):
    parsed = parse_upload(csv_file("Company\tCountry\tE-mail\nMekong Rice\tVN\trice@mekong.example\n",
                                   encoding="utf-16"))

    assert parsed.columns == ["company_name", "country", "email"]
    assert values(parsed) == [(2, "Mekong Rice", "VN", "rice@mekong.example", "", "")]


def test_parse_csv_names_the_columns_it_ignores_and_skips_blank_rows(db):
    parsed = parse_upload(csv_file("Company,Country,Phone\n\nMekong Rice,VN,+84 1\n,,\n"))

    assert parsed.ignored == ["Phone"]
    assert [row["line"] for row in parsed.rows] == [3]


def test_parse_xlsx_built_with_openpyxl(db):
    parsed = parse_upload(xlsx_file([["Company name", "Country", "Email", "Website"],
                                     ["Caspian Steel", "AZ", "steel@caspian.example", None],
                                     [None, None, None, None],
                                     [2026, "Vietnam", "n@numbers.example", "numbers.example"]]))

    assert values(parsed) == [(2, "Caspian Steel", "AZ", "steel@caspian.example", "", ""),
                              (4, "2026", "Vietnam", "n@numbers.example", "numbers.example", "")]


def test_parse_marks_formula_cells_and_drops_their_values(db):
    parsed = parse_upload(csv_file(f"{HEADER}\n=HYPERLINK(\"http://evil\"),VN,a@b.example,,\n"
                                   "Fine,VN,f@b.example,,@boss\nPlus,+84,p@b.example,,\n"))

    assert parsed.rows == [{"line": 2, "formula": True}, {"line": 3, "formula": True},
                           {"line": 4, "formula": True}]


@pytest.mark.parametrize(("file", "message"), [
    (csv_file("Name;Land;Mail\nX;VN;x@y.example\n"),
     "The file has no column for the country. Expected columns: “company name”, “country”, “email”, “website”, "
     "“contact person” (the first two required; the email for companies not yet on the site). Found: “Name”, "
     "“Land”, “Mail”."),
    (csv_file("Firma,Land\nX,VN\n"),
     "The file has no columns for the company name and country. Expected columns: “company name”, “country”, "
     "“email”, “website”, “contact person” (the first two required; the email for companies not yet on the "
     "site). Found: “Firma”, “Land”."),
    (csv_file("Company,Company name,Country\nX,Y,VN\n"),
     "Two columns of the file are both read as “company name” (“Company” and “Company name”). Keep one of them."),
    (csv_file("Công ty,Country\nCà Phê Đà,VN\n", encoding="cp1258"),
     "The file is not in UTF-8, so its Vietnamese or Azerbaijani letters cannot be read reliably. In Excel choose "
     "File › Save As › “CSV UTF-8 (comma delimited)”; in LibreOffice tick “Edit filter settings” and choose "
     "“Unicode (UTF-8)”."),
    (csv_file("Company,Country\nXezer,AZ\n", encoding="cp1254"), None),  # plain ASCII is UTF-8 too: read
    (csv_file("Company,Country\nÇay Evi,Türkiye\n", encoding="cp1254"),
     "The file is not in UTF-8, so its Vietnamese or Azerbaijani letters cannot be read reliably. In Excel choose "
     "File › Save As › “CSV UTF-8 (comma delimited)”; in LibreOffice tick “Edit filter settings” and choose "
     "“Unicode (UTF-8)”."),
    (csv_file(""), "The file is empty."),
    (csv_file("\n \n"), "The file is empty."),
    (csv_file(f"{HEADER}\n"), "The file has a header but no rows below it."),
    (csv_file(HEADER + "\n" + "X,VN,x@y.example,,\n" * 2001),
     "The file has more than 2000 rows. Split the list into smaller files."),
    (csv_file("%PDF-1.4", name="list.pdf"), "Upload a CSV file (.csv) or an Excel workbook (.xlsx)."),
    (csv_file("x", name="list.xls"),
     "Old Excel files (.xls) cannot be read. In Excel, choose File › Save As and the format “Excel Workbook "
     "(.xlsx)” or “CSV UTF-8”."),
    (csv_file("not a zip at all", name="list.xlsx"),
     "The Excel file cannot be opened: it is damaged or not really an .xlsx workbook. Open it in your "
     "spreadsheet and save it again as .xlsx or “CSV UTF-8”."),
    (SimpleUploadedFile("list.csv", xlsx_file([["Company", "Country"]]).read()),
     "This file is an Excel workbook, not a CSV file: upload it with the .xlsx extension, or save it as “CSV "
     "UTF-8” first."),
], ids=["one-missing", "two-missing", "twice", "cp1258", "ascii", "cp1254", "empty", "blank", "header-only",
        "too-many-rows", "pdf", "xls", "corrupt-xlsx", "xlsx-as-csv"])
def test_parse_refuses_bad_files_with_a_clear_message(db, file, message):
    if message is None:
        parse_upload(file)  # readable: no exception
        return
    with pytest.raises(ImportFileError) as error:
        parse_upload(file)
    assert str(error.value) == message


def test_parse_refuses_a_zip_that_is_not_a_workbook(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ImportFileError) as error:
        parse_upload(SimpleUploadedFile("list.xlsx", buffer.getvalue()))
    assert str(error.value).startswith("The Excel file cannot be opened")


def test_parse_refuses_a_file_over_the_size_limit_before_reading_it(db):
    big = SimpleUploadedFile("list.csv", b"Company,Country\n" + b"x" * MAX_BYTES)

    with pytest.raises(ImportFileError) as error:
        parse_upload(big)
    assert str(error.value) == "The file is larger than 10 MB. Split the list into smaller files."


# Bad files through the page: the message, and nothing written ---------------------------------------------------


@pytest.mark.parametrize(("file", "message"), [
    (csv_file("Name;Land\nX;VN\n"), "The file has no column"),
    (csv_file("Công ty,Country\nCà Phê Đà,VN\n", encoding="cp1258"), "The file is not in UTF-8"),
    (csv_file(""), "The submitted file is empty."),
    (csv_file("\n\n"), "The file is empty."),
    (SimpleUploadedFile("list.csv", b"Company,Country\n" + b"x" * MAX_BYTES), "The file is larger than 10 MB"),
    (csv_file(HEADER + "\n" + "X,VN,x@y.example,,\n" * 2001), "The file has more than 2000 rows"),
    (csv_file("not a zip", name="list.xlsx"), "The Excel file cannot be opened"),
    (csv_file("x", name="list.docx"), "Upload a CSV file"),
], ids=["columns", "encoding", "empty", "blank", "10MB", "rows", "corrupt", "type"])
def test_upload_of_a_bad_file_shows_the_reason_and_writes_nothing(client, organizer, event, coffee, file, message):
    client.force_login(organizer)
    before = written()

    response = client.post(import_url(event), {"file": file})

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert "event_imports" not in client.session
    assert written() == before


def test_upload_without_a_file_asks_for_one(client, organizer, event):
    client.force_login(organizer)

    response = client.post(import_url(event), {})

    assert response.context["form"].errors == {"file": ["This field is required."]}


# Matching ------------------------------------------------------------------------------------------------------


def test_preview_matches_by_folded_name_and_country(event, coffee):
    dalat = CompanyFactory(name="Cà Phê Đà Lạt", slug="ca-phe-da-lat", country="VN")

    preview = preview_of(event, f"{HEADER}\nHIGHLAND  coffee,VN,,,\nca phe da lat,Việt Nam,,,\n"
                                "Highland Coffee,AZ,hc@az.example,,\n")

    assert kinds(preview) == [(2, "matched", []), (3, "matched", []), (4, "new", [])]
    assert [row.company and row.company["pk"] for row in preview.rows] == [coffee.company_id, dalat.pk, None]
    assert [row.registered for row in preview.rows] == ["approved", "", ""]


def test_preview_matches_by_website_domain_but_not_a_shared_host(event):
    caspian = CompanyFactory(name="Caspian Foods LLC", slug="caspian-foods-llc", country="AZ",
                             website="http://caspianfoods.az")
    CompanyFactory(name="On Facebook", slug="on-facebook", website="https://facebook.com/onfacebook")

    preview = preview_of(event, f"{HEADER}\nKaspi Qida,AZ,,https://www.CaspianFoods.az/en,\n"
                                "Another Page,VN,page@fb.example,https://www.facebook.com/another,\n")

    assert kinds(preview) == [(2, "matched", []), (3, "new", [])]
    assert preview.rows[0].company["pk"] == caspian.pk


def test_preview_does_not_match_a_company_awaiting_moderation(event):
    CompanyFactory(name="Pending Trade", slug="pending-trade", status="pending")

    preview = preview_of(event, f"{HEADER}\nPending Trade,VN,p@pending.example,,\n")

    assert kinds(preview) == [(2, "new", [])]


def test_preview_gives_the_reasons_of_invalid_rows(event, organizer):
    ParticipantInvitation.objects.create(event=event, company_name="Invited", country="VN",
                                         email="invited@x.example", invited_by=organizer)
    CompanyFactory(name="Twin", slug="twin-1", country="VN")
    CompanyFactory(name="Other Twin", slug="twin-2", country="AZ", website="https://twin.example")

    preview = preview_of(event, f"{HEADER}\n"
                                ",VN,a@x.example,,\n"
                                "No Country,,b@x.example,,\n"
                                "Narnia Trade,Narnia,c@x.example,,\n"
                                "Bad Mail,VN,not-an-address,,\n"
                                "Bad Site,VN,d@x.example,http://exa mple,\n"
                                "No Mail,VN,,,\n"
                                "Invited Again,VN,INVITED@x.example,,\n"
                                "First,VN,same@x.example,,\n"
                                "Second,AZ,same@x.example,,\n"
                                "First,VN,other@x.example,,\n"
                                "Twin,VN,,https://twin.example,\n"
                                "=1+1,VN,e@x.example,,\n")

    today = preview.rows[6].reasons[0].removeprefix("This address was already invited on ").rstrip(".")
    assert kinds(preview) == [
        (2, "invalid", ["No company name."]),
        (3, "invalid", ["No country."]),
        (4, "invalid", ["Unknown country “Narnia”: write its two-letter code (VN, AZ…) or its name."]),
        (5, "invalid", ["“not-an-address” is not a valid email address."]),
        (6, "invalid", ["“http://exa mple” is not a valid website address."]),
        (7, "invalid", ["No email address: a company that is not on the site yet is invited by email."]),
        (8, "invalid", [f"This address was already invited on {today}."]),
        (9, "new", []),
        (10, "invalid", ["The same email address as row 9."]),
        (11, "invalid", ["The same company as row 9."]),
        (12, "invalid", ["It matches several companies of the site (Other Twin, Twin): give the website of the one "
                         "you mean, or import it by hand."]),
        (13, "invalid", ["A cell starts with =, +, -, @ or a tab, which a spreadsheet would run as a formula. The "
                         "row is left out; correct the cell and import it again."]),
    ]


def test_preview_marks_the_second_row_of_one_company_as_a_duplicate(event, coffee):
    preview = preview_of(event, f"{HEADER}\nHighland Coffee,VN,,,\nHighland Coffee,Vietnam,,,\n")

    assert kinds(preview) == [(2, "matched", []), (3, "invalid", ["The same company as row 2."])]


def test_preview_shows_the_status_of_a_company_already_registered(event):
    declined = join(event, "Declined Trade", status="declined")

    preview = preview_of(event, f"{HEADER}\nDeclined Trade,VN,,,\n")

    assert (preview.rows[0].kind, preview.rows[0].registered_label) == ("matched", "Declined")
    assert (preview.already_registered, preview.registering, preview.has_work) == (1, 0, False)
    assert declined.company_id == preview.rows[0].company["pk"]


# Apply ---------------------------------------------------------------------------------------------------------


FILE = (f"{HEADER}\n"
        "Mekong Rice,VN,,,\n"
        "Highland Coffee,VN,,,\n"
        "Sông Hồng Tea,VN,lan@songhong.example,songhong.example,Nguyễn Thị Lan\n"
        "Xəzər Logistika,AZ,info@xezer.example,,Əli Məmmədov\n"
        "Andes Import,PE,ventas@andes.example,,\n"
        "Broken,??,x@x.example,,\n")


@pytest.fixture
def mekong(event):
    company = CompanyFactory(name="Mekong Rice", slug="mekong-rice-co")
    MembershipFactory(company=company, user=UserFactory(username="mekong", email="mekong@example.com"))
    return company


def test_apply_registers_matched_companies_invites_the_new_and_tells_everyone(
        event, coffee, mekong, organizer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = imports.apply_import(event=event, rows=parse_upload(csv_file(FILE)).rows, by=organizer)

    assert result.message() == ("1 company registered; 3 invited by email; 1 was already registered; 1 row left "
                                "out.")
    assert event.participations.get(company=mekong).status == "approved"
    invitations = list(ParticipantInvitation.objects.order_by("pk").values_list(
        "company_name", "country", "email", "website", "contact_name", "invited_by__username"))
    assert invitations == [
        ("Sông Hồng Tea", "VN", "lan@songhong.example", "https://songhong.example", "Nguyễn Thị Lan", "organizer"),
        ("Xəzər Logistika", "AZ", "info@xezer.example", "", "Əli Məmmədov", "organizer"),
        ("Andes Import", "PE", "ventas@andes.example", "", "", "organizer"),
    ]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "mekong@example.com": "Mekong Rice is registered for Vietnam–Azerbaijan B2B Forum, Baku",
        "lan@songhong.example": subjects["lan@songhong.example"],
        "info@xezer.example": subjects["info@xezer.example"],
        "ventas@andes.example": "You are invited to Vietnam–Azerbaijan B2B Forum, Baku",
    }
    # Vietnamese (or Azerbaijani) first, English below, for the corridor's two countries.
    assert subjects["lan@songhong.example"].endswith(" / You are invited to Vietnam–Azerbaijan B2B Forum, Baku")
    assert subjects["lan@songhong.example"] != "You are invited to Vietnam–Azerbaijan B2B Forum, Baku"
    body = next(m.body for m in mail.outbox if m.to == ["lan@songhong.example"])
    assert "Hello Nguyễn Thị Lan," in body
    assert "/vi/events/baku-forum/invitation/" in body
    assert Notification.objects.filter(kind="participation_imported").count() == 1


def test_apply_twice_writes_nothing_the_second_time(event, coffee, mekong, organizer,
                                                    django_capture_on_commit_callbacks):
    rows = parse_upload(csv_file(FILE)).rows
    with django_capture_on_commit_callbacks(execute=True):
        imports.apply_import(event=event, rows=rows, by=organizer)
    before, sent = written(), len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        result = imports.apply_import(event=event, rows=rows, by=organizer)

    assert result.message() == "0 companies registered; 0 invited by email; 2 were already registered; 4 rows left out."
    assert (written(), len(mail.outbox)) == (before, sent)


def test_apply_through_the_page_twice_writes_nothing_the_second_time(client, event, coffee, mekong, organizer,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(organizer)
    key = upload(client, event, csv_file(FILE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(event), {"preview": key})
    assert shown(response) == ["1 company registered; 3 invited by email; 1 was already registered; 1 row left out."]
    before = written()

    response = client.post(apply_url(event), {"preview": key})

    assert response.status_code == 302
    assert shown(response)[-1] == ("That preview is no longer available: it was applied, or it expired. Upload "
                                   "the file again.")
    assert written() == before


def test_preview_page_shows_counts_rows_and_reasons(client, event, coffee, mekong, organizer):
    client.force_login(organizer)
    key = upload(client, event, csv_file(FILE))

    response = client.get(import_url(event), {"preview": key})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["preview"].counts == {"new": 3, "matched": 2, "invalid": 1}
    assert '<dd id="count-matched">2</dd>' in html
    assert "Unknown country “??”" in html
    assert "Already registered (Approved): left as it is" in html
    assert written()[1] == 0  # a preview writes nothing


def test_preview_of_another_event_or_user_is_not_shown(client, event, organizer, co_organizer):
    client.force_login(organizer)
    key = upload(client, event, csv_file(FILE))
    other = EventFactory(slug="elsewhere", organizers=[organizer])

    response = client.get(import_url(other), {"preview": key})

    assert response.status_code == 302
    assert shown(response) == ["That preview is no longer available: it was applied, or it expired. Upload the "
                               "file again."]


def test_apply_respects_the_cap_and_the_preview_says_how_many_wait(event, coffee, distributor, organizer,
                                                                   django_capture_on_commit_callbacks):
    event.participant_cap = 3
    event.save()
    names = ["Ana Trade", "Bao Trade", "Cem Trade"]
    for name in names:
        CompanyFactory(name=name, slug=name.lower().replace(" ", "-"))
    text = HEADER + "\n" + "".join(f"{name},VN,,,\n" for name in names)

    preview = preview_of(event, text)
    with django_capture_on_commit_callbacks(execute=True):
        result = imports.apply_import(event=event, rows=parse_upload(csv_file(text)).rows, by=organizer)

    assert (preview.places, preview.registering, preview.waiting) == (1, 1, 2)
    assert (result.registered, result.waiting) == (["Ana Trade"], ["Bao Trade", "Cem Trade"])
    assert dict(event.participations.filter(company__name__in=names).values_list("company__name", "status")) == {
        "Ana Trade": "approved", "Bao Trade": "waiting", "Cem Trade": "waiting"}
    assert Notification.objects.filter(kind="participation_imported_waiting").count() == 0  # no members


def test_apply_registers_again_a_company_that_had_withdrawn(event, organizer):
    withdrawn = join(event, "Gone Trade", status="withdrawn")

    imports.apply_import(event=event, rows=parse_upload(csv_file(f"{HEADER}\nGone Trade,VN,,,\n")).rows,
                         by=organizer)

    withdrawn.refresh_from_db()
    assert withdrawn.status == "approved"


def test_template_csv_has_the_expected_header(client, organizer, event):
    client.force_login(organizer)

    response = client.get(reverse("events:import_template", args=[event.slug]))

    assert response.content.decode("utf-8") == "\ufeffcompany name,country,email,website,contact person\r\n"
    assert parse_upload(SimpleUploadedFile("t.csv", response.content + b"X,VN,,,\n")).columns == [
        "company_name", "country", "email", "website", "contact_name"]


# The invitation link -------------------------------------------------------------------------------------------


@pytest.fixture
def invitation(event, organizer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        imports.apply_import(event=event, rows=parse_upload(csv_file(
            f"{HEADER}\nSông Hồng Tea,VN,lan@songhong.example,songhong.example,Nguyễn Thị Lan\n")).rows,
            by=organizer)
    return ParticipantInvitation.objects.get()


def link_in_email(language: str = "en") -> str:
    """The invitation's link (the email is in Vietnamese for this Vietnamese company), opened in `language`: the
    pages behind it follow the link's language prefix."""
    path = re.search(r"http://\S+?(/\w\w/events/\S+/invitation/\S+/)", mail.outbox[-1].body).group(1)
    return f"/{language}/" + path[4:]


def test_invitation_link_leads_through_sign_up_to_the_prefilled_form_and_registration_on_approval(
        client, event, invitation, django_capture_on_commit_callbacks):
    landing = client.get(link_in_email("vi"))
    assert landing.status_code == 200
    signup_url = landing.context["signup_url"]
    assert parse_qs(urlsplit(signup_url).query)["email"] == ["lan@songhong.example"]

    signup = client.get(signup_url)
    assert signup.context["form"]["email"].value() == "lan@songhong.example"
    # The address is known from the link: no confirmation email, straight on to the company form.
    response = client.post(signup_url, {"email": "lan@songhong.example", "password1": PASSWORD,
                                        "password2": PASSWORD})
    company_form = landing.context["company_form"]  # in Vietnamese, the language of the email's link
    assert re.fullmatch(r"/vi/events/baku-forum/invitation/[^/]+/company/", company_form)
    assert response.url == company_form
    form = client.get(company_form).context["form"]
    assert {name: form[name].value() for name in ("name", "country", "website", "contact_person",
                                                   "contact_email")} == {
        "name": "Sông Hồng Tea", "country": "VN", "website": "https://songhong.example",
        "contact_person": "Nguyễn Thị Lan", "contact_email": "lan@songhong.example"}

    sector, language = SectorFactory(slug="trade"), LanguageFactory(code="vi")
    response = client.post(company_form, {
        "name": "Sông Hồng Tea", "country": "VN", "city": "Hà Nội", "sectors": [sector.pk], "description": "Tea.",
        "languages": [language.pk],
        "website": "https://songhong.example", "size": "small", "contact_person": "Nguyễn Thị Lan",
        "contact_email": "lan@songhong.example", "email_language": "vi"})
    assert response.url == reverse("companies:mine").replace("/en/", "/vi/")
    company = Company.objects.get(name="Sông Hồng Tea")
    invitation.refresh_from_db()
    assert (company.status, invitation.company, invitation.accepted_at) == ("pending", company, None)
    assert not event.participations.filter(company=company).exists()

    with django_capture_on_commit_callbacks(execute=True):
        moderate([company], status="approved")

    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert event.participations.get(company=company).status == "approved"
    assert mail.outbox[-1].to == ["lan@songhong.example"]
    # in the company's email language, Vietnamese
    assert mail.outbox[-1].subject == "Sông Hồng Tea đã được đăng ký tham gia Vietnam–Azerbaijan B2B Forum, Baku"


def test_invitation_taken_up_by_an_existing_approved_company_registers_it(client, event, invitation,
                                                                          non_participant):
    client.force_login(non_participant)
    url = link_in_email()

    response = client.post(url)

    participation = event.participations.get(company__name="Mekong Rice")
    assert (response.status_code, participation.status) == (302, "approved")
    assert shown(response) == ["Mekong Rice is registered for Vietnam–Azerbaijan B2B Forum, Baku."]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(url).context["invitation"].accepted_at is not None
    assert "This invitation was taken up: Mekong Rice is registered" in client.get(url).content.decode()


def test_invitation_cannot_be_taken_up_twice(client, event, invitation, non_participant, participant):
    client.force_login(non_participant)
    url = link_in_email()
    client.post(url)
    client.force_login(participant)

    response = client.post(url)

    assert shown(response)[-1] == "This invitation was already taken up by a company."
    assert event.participations.count() == 2  # Highland Coffee's own, and Mekong Rice


def test_expired_and_tampered_links_get_a_clear_page(client, event, invitation, monkeypatch):
    url = link_in_email()
    tampered = url.replace("/invitation/", "/invitation/x")

    response = client.get(tampered)
    assert response.status_code == 400
    assert response.context["reason"].startswith("This invitation link is not valid")

    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 31 * 24 * 3600)
    response = client.get(url)
    assert response.status_code == 410
    assert response.context["reason"] == ("This invitation link has expired: links work for 30 days. Ask the "
                                          "organizers of the event to invite you again.")


def test_link_of_another_event_is_refused(client, event, invitation):
    other = EventFactory(slug="elsewhere")
    url = link_in_email().replace(f"/{event.slug}/", f"/{other.slug}/")

    response = client.get(url)

    assert response.status_code == 400
    assert response.context["reason"].startswith("This invitation no longer exists")


# Who may use the pages ----------------------------------------------------------------------------------------


IMPORT_ACCESS = {"anonymous": 302, "participant": 403, "other_participant": 403, "non_participant": 403,
                 "organizer": 200, "other_organizer": 403, "co_organizer": 200, "viewer": 403, "staff": 200}


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_import_page_permissions(as_role, event, all_roles, role):
    response = as_role(role).get(import_url(event))

    assert response.status_code == IMPORT_ACCESS[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_template_download_permissions(as_role, event, all_roles, role):
    response = as_role(role).get(reverse("events:import_template", args=[event.slug]))

    assert response.status_code == IMPORT_ACCESS[role]


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_upload_and_apply_permissions(as_role, event, all_roles, role, django_capture_on_commit_callbacks):
    client = as_role(role)
    before = written()

    response = client.post(import_url(event), {"file": csv_file(f"{HEADER}\nNew Co,VN,new@co.example,,\n")})
    applied = client.post(apply_url(event), {"preview": "anything"})

    allowed = IMPORT_ACCESS[role] == 200
    assert (response.status_code, applied.status_code) == ((302, 302) if allowed or role == "anonymous"
                                                           else (403, 403))
    assert written() == before


def test_dashboard_links_to_the_import_for_organizers_only(client, event, organizer, viewer):
    client.force_login(organizer)
    assert import_url(event) in client.get(reverse("events:dashboard", args=[event.slug])).content.decode()
    client.force_login(viewer)
    assert import_url(event) not in client.get(reverse("events:dashboard", args=[event.slug])).content.decode()


# Query count -------------------------------------------------------------------------------------------------


PREVIEW_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 40])
def test_preview_page_query_count_is_constant(client, event, organizer, coffee, django_assert_num_queries, rows):
    for n in range(rows):
        CompanyFactory(name=f"Known {n}", slug=f"known-{n}", website=f"https://known{n}.example")
    lines = "".join(f"Known {n},VN,,,\nUnknown {n},AZ,u{n}@x.example,https://u{n}.example,\n" for n in range(rows))
    client.force_login(organizer)
    key = upload(client, event, csv_file(f"{HEADER}\n{lines}Bad,??,b@x.example,,\n"))

    with django_assert_num_queries(PREVIEW_QUERIES):
        response = client.get(import_url(event), {"preview": key})

    assert response.context["preview"].counts == {"new": rows, "matched": rows, "invalid": 1}



# Two organizers applying at once (PostgreSQL) --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
def test_two_organizers_applying_at_once_take_each_place_once_and_invite_once():
    from tests.events.test_concurrency import run_together

    organizers = [UserFactory(username=f"organizer{n}") for n in range(2)]
    event = EventFactory(slug="race-forum", organizers=organizers, participant_cap=2)
    names = ["Ana Trade", "Bao Trade", "Cem Trade"]
    for name in names:
        CompanyFactory(name=name, slug=name.lower().replace(" ", "-"))
    rows = parse_upload(csv_file(HEADER + "\n" + "".join(f"{name},VN,,,\n" for name in names)
                                 + "New Co,AZ,new@co.example,,\n")).rows

    outcomes, errors = run_together(*[lambda by=by: imports.apply_import(event=event, rows=rows, by=by)
                                      for by in organizers])

    assert errors == []
    assert sorted(len(outcome.registered) + len(outcome.waiting) for outcome in outcomes) == [0, 3]
    assert sorted(event.participations.values_list("status", flat=True)) == ["approved", "approved", "waiting"]
    assert ParticipantInvitation.objects.filter(event=event).count() == 1
