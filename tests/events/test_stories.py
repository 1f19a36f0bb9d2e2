"""Success stories: drafting from an agreement, the partner's consent, moderation, the public pages."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from companies.moderation import moderate
from events.errors import EventError
from events.models import Consent, MeetingOutcome, Notification, SuccessStory
from events.services import stories as services
from events.story_selectors import featured_stories, public_stories
from tests import images
from tests.conftest import stored_files
from tests.events.conftest import EVENT_ROLES
from tests.factories import CompanyFactory, MembershipFactory, SectorFactory, UserFactory, join, meet

TEXTS = {"en": ("Robusta for Baku", "We signed a one-year supply contract.")}


def agree(meeting, side):
    return MeetingOutcome.objects.create(meeting=meeting, participation=side, result="agreement",
                                         agreement_kind="sales")


@pytest.fixture
def agreement(coffee, distributor):
    """Highland Coffee met Caspian Foods, and Caspian Foods recorded an agreement."""
    meeting = meet(coffee, distributor)
    agree(meeting, distributor)
    return meeting


@pytest.fixture
def agri(db):
    return SectorFactory(slug="agriculture-food")


@pytest.fixture
def story(agreement, coffee, participant, other_participant, agri):
    """A draft by Highland Coffee (the participant's company) about Caspian Foods (the other participant's)."""
    return services.draft_story(author=coffee.company, meeting=agreement, texts=TEXTS, sectors=[agri],
                                by=participant)


def publish(story, staff):
    services.decide_consent(story=story, company=story.partner, consent=Consent.GIVEN, by=None)
    moderate([SuccessStory.objects.get(pk=story.pk)], status="approved", by=staff)
    services.sync_publication([story])
    story.refresh_from_db()
    return story


def make_story(author, partner, *, sectors, texts=None, featured=False, staff=None):
    """A published story about two companies, written directly (staff draft)."""
    story = services.draft_story(author=author, partner=partner, texts=texts or TEXTS, sectors=sectors,
                                 by=staff or UserFactory(username="editor", is_staff=True))
    story.featured = featured
    story.save()
    return publish(story, staff or story.created_by)


# Drafting ---------------------------------------------------------------------------------------------------


def test_draft_story_from_agreement_waits_for_partner_and_review(story, coffee, distributor, other_participant):
    assert (story.author, story.partner, story.consent, story.status, story.published_at) == (
        coffee.company, distributor.company, "pending", "pending", None)
    assert [(t.language, t.title) for t in story.texts.all()] == [("en", "Robusta for Baku")]
    assert [(n.user, n.kind, n.url) for n in Notification.objects.filter(kind__startswith="story_")] == [
        (other_participant, "story_consent_requested", f"/en/stories/{story.pk}/consent/")]
    assert list(public_stories()) == []


def test_draft_story_emails_partner_in_its_language(agreement, coffee, distributor, other_participant, agri,
                                                    participant, django_capture_on_commit_callbacks):
    distributor.company.email_language = "az"
    distributor.company.save()

    with django_capture_on_commit_callbacks(execute=True):
        story = services.draft_story(author=coffee.company, meeting=agreement, texts=TEXTS, sectors=[agri],
                                     by=participant)

    [message] = mail.outbox
    assert message.to == ["other_participant@example.com"]
    assert f"/az/stories/{story.pk}/consent/" in message.body


def test_draft_story_is_women_led_when_either_company_is(agreement, coffee, distributor, participant, agri):
    distributor.company.women_led = True
    distributor.company.save()

    story = services.draft_story(author=coffee.company, meeting=agreement, texts=TEXTS, sectors=[agri],
                                 by=participant)

    assert story.women_led is True


def test_draft_story_accepts_either_sides_agreement(coffee, distributor, participant, agri):
    meeting = meet(coffee, distributor)
    agree(meeting, coffee)

    story = services.draft_story(author=distributor.company, meeting=meeting, texts=TEXTS, sectors=[agri],
                                 by=participant)

    assert story.partner == coffee.company


@pytest.mark.parametrize("result", ["negotiation", "nothing", None])
def test_draft_story_refuses_meeting_without_agreement(coffee, distributor, participant, agri, result):
    meeting = meet(coffee, distributor)
    if result:
        MeetingOutcome.objects.create(meeting=meeting, participation=distributor, result=result)

    with pytest.raises(EventError, match="only be written about a meeting that led to an agreement"):
        services.draft_story(author=coffee.company, meeting=meeting, texts=TEXTS, sectors=[agri], by=participant)

    assert SuccessStory.objects.count() == 0


def test_draft_story_refuses_another_companys_meeting(event, agreement, non_participant, agri):
    with pytest.raises(EventError, match="not one of your company's"):
        services.draft_story(author=non_participant.membership.company, meeting=agreement, texts=TEXTS,
                             sectors=[agri], by=non_participant)

    assert SuccessStory.objects.count() == 0


def test_draft_story_without_meeting_is_for_staff_only(coffee, distributor, participant, staff, agri):
    with pytest.raises(EventError, match="Choose the meeting"):
        services.draft_story(author=coffee.company, partner=distributor.company, texts=TEXTS, sectors=[agri],
                             by=participant)

    story = services.draft_story(author=coffee.company, partner=distributor.company, texts=TEXTS, sectors=[agri],
                                 by=staff)
    assert (story.meeting, story.created_by, story.consent) == (None, staff, "pending")


def test_draft_story_needs_a_complete_text(agreement, coffee, participant, agri):
    with pytest.raises(EventError, match="at least one language"):
        services.draft_story(author=coffee.company, meeting=agreement, texts={"en": (" ", "")}, sectors=[agri],
                             by=participant)
    with pytest.raises(EventError, match="both a title and a text"):
        services.draft_story(author=coffee.company, meeting=agreement, texts={"vi": ("Tiêu đề", "")},
                             sectors=[agri], by=participant)

    assert SuccessStory.objects.count() == 0


# Consent and moderation -------------------------------------------------------------------------------------


def test_story_is_public_only_after_consent_and_approval(story, staff):
    moderate([story], status="approved", by=staff)
    services.sync_publication([story])
    story.refresh_from_db()
    assert (story.status, story.published_at, list(public_stories())) == ("approved", None, [])

    services.decide_consent(story=story, company=story.partner, consent=Consent.GIVEN, by=None)

    story.refresh_from_db()
    assert story.published_at is not None
    assert [s.pk for s in public_stories()] == [story.pk]


def test_consent_before_approval_waits_for_the_moderator(story, staff, participant):
    services.decide_consent(story=story, company=story.partner, consent=Consent.GIVEN, by=None)
    assert list(public_stories()) == []
    assert [n.kind for n in Notification.objects.filter(user=participant)] == ["story_consent_given"]

    moderate([SuccessStory.objects.get(pk=story.pk)], status="approved", by=staff)
    assert services.sync_publication([story]) == 1

    assert [s.pk for s in public_stories()] == [story.pk]


def test_refused_consent_keeps_story_off_the_site_and_tells_author(story, staff, participant):
    moderate([story], status="approved", by=staff)
    services.decide_consent(story=story, company=story.partner, consent=Consent.REFUSED, by=None)

    story.refresh_from_db()
    assert (story.consent, story.published_at, list(public_stories())) == ("refused", None, [])
    assert [n.kind for n in Notification.objects.filter(user=participant)] == ["story_consent_refused"]


def test_partner_withdrawing_consent_unpublishes(story, staff):
    publish(story, staff)

    services.decide_consent(story=story, company=story.partner, consent=Consent.REFUSED, by=None)

    story.refresh_from_db()
    assert (story.consent, story.published_at) == ("refused", None)


def test_only_the_partner_company_can_decide(story):
    with pytest.raises(EventError, match="Only the partner company"):
        services.decide_consent(story=story, company=story.author, consent=Consent.GIVEN, by=None)

    story.refresh_from_db()
    assert story.consent == "pending"


def test_consent_page_records_partner_decision(story, as_role, other_participant):
    response = as_role("other_participant").post(reverse("stories:consent", args=[story.pk]),
                                                 {"decision": "given"})

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.consent, story.consent_decided_at is not None) == ("given", True)


@pytest.mark.parametrize("role", ["participant", "non_participant"])
def test_consent_page_refuses_others(story, as_role, all_roles, role):
    response = as_role(role).post(reverse("stories:consent", args=[story.pk]), {"decision": "given"})

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.consent == "pending"


@pytest.mark.parametrize("decision", ["", "maybe"])
def test_consent_page_bad_decision_is_a_form_error(story, as_role, other_participant, decision):
    response = as_role("other_participant").post(reverse("stories:consent", args=[story.pk]),
                                                 {"decision": decision})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["decision"]
    story.refresh_from_db()
    assert story.consent == "pending"


def test_moderation_emails_authors_owners(story, staff, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderate([story], status="rejected", reason="Please remove the prices.", by=staff)

    [message] = mail.outbox
    assert (message.to, message.subject) == (["participant@example.com"],
                                             "Highland Coffee: your success story was not approved")
    assert "Please remove the prices." in message.body
    assert "Highland Coffee × Caspian Foods" in message.body


def test_admin_approve_action_publishes_consented_story(story, client, staff):
    services.decide_consent(story=story, company=story.partner, consent=Consent.GIVEN, by=None)
    client.force_login(staff)

    response = client.post(reverse("admin:events_successstory_changelist"),
                           {"action": "approve", "_selected_action": [story.pk]})

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.published_at is not None) == ("approved", True)


def test_admin_pages_open(story, client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:events_successstory_changelist")).status_code == 200
    assert client.get(reverse("admin:events_successstory_change", args=[story.pk])).status_code == 200
    assert client.get(reverse("admin:events_successstory_add")).status_code == 200


# Editing ----------------------------------------------------------------------------------------------------


def test_edit_after_approval_goes_back_to_review_and_partner(story, staff, agri, other_participant):
    publish(story, staff)
    Notification.objects.all().delete()

    services.update_story(story=story, texts={"en": ("Robusta for Baku", "A two-year contract now.")},
                          sectors=[agri])

    story.refresh_from_db()
    assert (story.status, story.consent, story.published_at, story.moderated_by) == (
        "pending", "pending", None, None)
    assert list(public_stories()) == []
    assert [(n.user, n.kind) for n in Notification.objects.all()] == [(other_participant,
                                                                       "story_consent_requested")]


def test_saving_unchanged_story_changes_nothing(story, staff, agri):
    publish(story, staff)
    Notification.objects.all().delete()

    services.update_story(story=story, texts=dict(TEXTS), sectors=[agri])

    story.refresh_from_db()
    assert (story.status, story.consent, story.published_at is not None) == ("approved", "given", True)
    assert Notification.objects.count() == 0


def test_edit_page_saves_texts_in_several_languages(story, as_role, participant, agri):
    response = as_role("participant").post(reverse("stories:edit", args=[story.pk]), {
        "title_en": "Robusta for Baku", "body_en": "One year.", "title_az": "Bakı üçün Robusta", "body_az": "Bir il.",
        "title_vi": "", "body_vi": "", "sectors": [agri.pk]})

    assert response.status_code == 302
    assert sorted(story.texts.values_list("language", "title")) == [("az", "Bakı üçün Robusta"),
                                                                    ("en", "Robusta for Baku")]


# The form: bad input ----------------------------------------------------------------------------------------


def form_data(of_meeting, agri, **overrides):
    return {"meeting": of_meeting.pk, "title_en": "Robusta for Baku", "body_en": "We signed.", "title_vi": "",
            "body_vi": "", "title_az": "", "body_az": "", "sectors": [agri.pk], **overrides}


def test_create_page_drafts_story(agreement, as_role, participant, agri):
    response = as_role("participant").post(reverse("stories:create"), form_data(agreement, agri))

    assert response.status_code == 302
    assert response.url == reverse("stories:mine")
    assert [(s.meeting, s.consent) for s in SuccessStory.objects.all()] == [(agreement, "pending")]


def test_create_page_preselects_meeting_from_query(agreement, as_role, participant):
    response = as_role("participant").get(reverse("stories:create"), {"meeting": agreement.pk})

    assert response.context["form"]["meeting"].value() == str(agreement.pk)


def test_create_page_without_agreement_explains(coffee, distributor, as_role, participant):
    meet(coffee, distributor)

    response = as_role("participant").get(reverse("stories:create"))

    assert response.context["has_meetings"] is False
    assert "None of your company's meetings has one yet" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"title_en": "", "body_en": ""}, {"__all__": ["Write the story in at least one of the three languages."]}),
        ({"body_en": ""}, {"body_en": ["Write the story under this title, or remove the title."]}),
        ({"title_en": ""}, {"title_en": ["Give this text a title."]}),
        ({"title_en": "Two\nlines"},
         {"title_en": ["Use a single line: line breaks and control characters are not allowed here."]}),
        ({"title_en": "x" * 151}, {"title_en": ["Ensure this value has at most 150 characters (it has 151)."]}),
        ({"sectors": []}, {"sectors": ["This field is required."]}),
        ({"meeting": "999999"}, {"meeting": ["Select a valid choice. That choice is not one of the available "
                                             "choices."]}),
    ],
    ids=["no-language", "title-only", "body-only", "two-line-title", "long-title", "no-sector", "unknown-meeting"],
)
def test_create_page_bad_input_is_a_form_error(agreement, as_role, participant, agri, overrides, errors):
    response = as_role("participant").post(reverse("stories:create"), form_data(agreement, agri, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert SuccessStory.objects.count() == 0


def test_create_page_refuses_meeting_of_another_company(event, agreement, as_role, non_participant, agri):
    other, partner = join(event, "Mekong Rice Two", company=non_participant.membership.company), join(event, "Ana")
    agree(meet(other, partner), partner)

    response = as_role("non_participant").post(reverse("stories:create"), form_data(agreement, agri))

    assert list(response.context["form"].errors) == ["meeting"]
    assert SuccessStory.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "code_message"),
    [
        (images.SVG, "This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or WebP photo."),
        (images.oversize_png(), "The photo is too large (5.6 MB). The limit is 5 MB."),
        (images.bomb_png(), "The photo has too many pixels (10000 × 5000). The limit is 16 megapixels."),
        (images.bilevel_png((4001, 4000)),
         "The photo has too many pixels (4001 × 4000). The limit is 16 megapixels."),
        (images.jpeg_bytes((3400, 3400), progressive=True, subsampling=0),
         "The photo is too large to process in this format (3400 × 3400). Save it as a PNG or a standard (not "
         "progressive) JPEG, or make it smaller."),
        # Refused only when decoded, once the rest of the form is valid.
        (images.truncated_png(), "This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or WebP "
                                 "photo."),
    ],
    ids=["not-an-image", "too-big", "bomb", "just-over-the-pixel-limit", "costly-progressive-jpeg", "truncated"],
)
def test_create_page_bad_photo_is_a_form_error_and_leaves_no_file(agreement, as_role, participant, agri,
                                                                  media_root, content, code_message):
    data = form_data(agreement, agri, photo=images.upload(content, "photo.png"))

    response = as_role("participant").post(reverse("stories:create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"photo": [code_message]}
    assert (SuccessStory.objects.count(), stored_files(media_root)) == (0, [])


def test_create_page_stores_reencoded_photo(agreement, as_role, participant, agri, media_root):
    data = form_data(agreement, agri, photo=images.png_upload(size=(3000, 2000)))

    as_role("participant").post(reverse("stories:create"), data)

    story = SuccessStory.objects.get()
    assert story.photo.name.startswith("stories/") and story.photo.name.endswith(".webp")
    assert (story.photo.width, story.photo.height, story.photo_thumbnail.width) == (1200, 800, 480)
    assert len(stored_files(media_root)) == 2


def test_create_page_with_another_field_invalid_does_not_decode_the_photo(agreement, as_role, participant, agri,
                                                                          media_root, monkeypatch):
    from PIL import ImageFile

    decoded = []
    load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image.size) or load(image))
    data = form_data(agreement, agri, sectors=[], photo=images.png_upload(size=(3000, 2000)))

    response = as_role("participant").post(reverse("stories:create"), data)

    assert response.context["form"].errors == {"sectors": ["This field is required."]}
    assert (decoded, SuccessStory.objects.count(), stored_files(media_root)) == ([], 0, [])


def test_failed_draft_deletes_written_photo(agreement, coffee, participant, agri, media_root, monkeypatch):
    from events.story_forms import process_photo

    photo = process_photo(images.png_upload())
    monkeypatch.setattr(services, "request_consent", lambda story: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        services.draft_story(author=coffee.company, meeting=agreement, texts=TEXTS, sectors=[agri], photo=photo,
                             by=participant)

    assert (SuccessStory.objects.count(), stored_files(media_root)) == (0, [])


def test_replacing_photo_deletes_old_files_after_commit(story, agri, media_root,
                                                        django_capture_on_commit_callbacks):
    from events.story_forms import process_photo

    def photo():
        return process_photo(images.png_upload())

    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(story=story, texts=TEXTS, sectors=[agri], photo=photo())
        story.refresh_from_db()
        services.update_story(story=story, texts=TEXTS, sectors=[agri], photo=photo())

    story.refresh_from_db()
    assert stored_files(media_root) == sorted([story.photo.name, story.photo_thumbnail.name])


# Languages --------------------------------------------------------------------------------------------------


def test_detail_shows_readers_language_when_present(db, client, staff):
    story = make_story(CompanyFactory(), CompanyFactory(), sectors=[SectorFactory()], staff=staff,
                       texts={"en": ("Rice for Baku", "Text."), "vi": ("Gạo cho Baku", "Nội dung.")})

    with translation.override("vi"):
        url = reverse("stories:detail", args=[story.pk])
        shown = [s.shown_title for s in public_stories()]
    response = client.get(url)

    assert (response.context["text"].title, response.context["in_reader_language"]) == ("Gạo cho Baku", True)
    assert shown == ["Gạo cho Baku"]
    assert "no English version yet" not in response.content.decode()


def test_detail_falls_back_to_another_language_with_a_note(db, client, staff):
    story = make_story(CompanyFactory(), CompanyFactory(), sectors=[SectorFactory()], staff=staff,
                       texts={"vi": ("Gạo cho Baku", "Nội dung.")})

    response = client.get(reverse("stories:detail", args=[story.pk]))

    assert response.context["text"].title == "Gạo cho Baku"
    assert "This story is shown in Vietnamese: no English version yet." in response.content.decode()
    assert [s.shown_title for s in public_stories()] == ["Gạo cho Baku"]


def test_detail_of_another_text_on_request(db, client, staff):
    story = make_story(CompanyFactory(), CompanyFactory(), sectors=[SectorFactory()], staff=staff,
                       texts={"en": ("Rice for Baku", "Text."), "az": ("Bakı üçün düyü", "Mətn.")})

    response = client.get(reverse("stories:detail", args=[story.pk]), {"text": "az"})

    assert response.context["text"].title == "Bakı üçün düyü"
    assert response.context["other_texts"] == [("en", "English")]


# The public list: filters and query counts ------------------------------------------------------------------


@pytest.fixture
def three_stories(db, staff):
    agri, energy = SectorFactory(slug="agriculture-food"), SectorFactory(slug="renewable-energy")
    vn, az = CompanyFactory(name="Lotus Tea", country="VN", women_led=True), CompanyFactory(name="Quba", country="AZ")
    kz, de = CompanyFactory(name="Steppe", country="KZ"), CompanyFactory(name="Solar GmbH", country="DE")
    return {
        "tea": make_story(vn, az, sectors=[agri], texts={"en": ("Tea", "Text.")}, staff=staff),
        "grain": make_story(az, kz, sectors=[agri, energy], texts={"en": ("Grain", "Text.")}, staff=staff),
        "solar": make_story(de, kz, sectors=[energy], texts={"en": ("Solar", "Text.")}, staff=staff),
    }


def listed(client, params):
    return sorted(s.shown_title for s in client.get(reverse("stories:list"), params).context["page"])


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({}, ["Grain", "Solar", "Tea"]),
        ({"sector": "agriculture-food"}, ["Grain", "Tea"]),
        ({"sector": "renewable-energy"}, ["Grain", "Solar"]),
        ({"country": "AZ"}, ["Grain", "Tea"]),
        ({"country": "KZ"}, ["Grain", "Solar"]),
        ({"country": "VN"}, ["Tea"]),
        ({"women_led": "true"}, ["Tea"]),
        ({"women_led": "false"}, ["Grain", "Solar"]),
        ({"sector": "agriculture-food", "country": "KZ"}, ["Grain"]),
    ],
)
def test_story_list_filters(three_stories, client, params, titles):
    assert listed(client, params) == titles


def test_story_list_hides_unpublished_and_withdrawn_companies(three_stories, client, story):
    three_stories["solar"].author.status = "suspended"
    three_stories["solar"].author.save()

    assert listed(client, {}) == ["Grain", "Tea"]


@pytest.mark.parametrize("count", [1, 10])
def test_story_list_query_count_is_constant(db, client, staff, django_assert_num_queries, count):
    sector = SectorFactory()
    for _ in range(count):
        make_story(CompanyFactory(), CompanyFactory(), sectors=[sector], staff=staff)

    # count, page of stories (companies and the shown text joined in), the filter's sector choices
    with django_assert_num_queries(3):
        response = client.get(reverse("stories:list"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_home_featured_stories_take_one_query(db, client, staff, count):
    sector = SectorFactory()
    for _ in range(count):
        make_story(CompanyFactory(), CompanyFactory(), sectors=[sector], staff=staff, featured=True)
    make_story(CompanyFactory(), CompanyFactory(), sectors=[sector], staff=staff, featured=False)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    story_queries = [q for q in queries.captured_queries if "events_successstory" in q["sql"]]
    assert len(story_queries) == 1
    assert len(response.context["featured_stories"]) == min(count, 3)
    assert [s.pk for s in featured_stories()] == [s.pk for s in response.context["featured_stories"]]


def test_company_page_lists_its_public_stories(three_stories, client, story):
    kz = three_stories["grain"].partner

    response = client.get(kz.get_absolute_url())

    assert sorted(s.shown_title for s in response.context["stories"]) == ["Grain", "Solar"]
    assert 'href="/en/stories/' in response.content.decode()


def test_company_page_story_query_is_one(three_stories, client):
    kz = three_stories["grain"].partner

    with CaptureQueriesContext(connection) as queries:
        client.get(kz.get_absolute_url())

    assert len([q for q in queries.captured_queries if "events_successstory" in q["sql"]]) == 1


# Permission matrices ----------------------------------------------------------------------------------------


def matrix(**expected):
    return [(role, expected[role]) for role in EVENT_ROLES]


COMPANIES_ONLY = {"anonymous": 302, "participant": 200, "other_participant": 200, "non_participant": 200,
                  "organizer": 403, "other_organizer": 403, "co_organizer": 403, "viewer": 403, "staff": 403}


@pytest.mark.parametrize(("role", "status"), [(role, 200) for role in EVENT_ROLES])
def test_public_pages_permission_matrix(all_roles, story, staff, as_role, role, status):
    publish(story, staff)
    client = as_role(role)

    assert client.get(reverse("stories:list")).status_code == status
    assert client.get(reverse("stories:detail", args=[story.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), matrix(
    anonymous=404, participant=200, other_participant=200, non_participant=404, organizer=404,
    other_organizer=404, co_organizer=404, viewer=404, staff=200))
def test_unpublished_story_permission_matrix(all_roles, story, as_role, role, status):
    assert as_role(role).get(reverse("stories:detail", args=[story.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), matrix(**COMPANIES_ONLY))
@pytest.mark.parametrize("page", ["stories:mine", "stories:create"])
def test_company_pages_permission_matrix(all_roles, story, as_role, page, role, status):
    assert as_role(role).get(reverse(page)).status_code == status


@pytest.mark.parametrize(("role", "status"), matrix(**{**COMPANIES_ONLY, "other_participant": 403,
                                                       "non_participant": 403}))
def test_edit_permission_matrix(all_roles, story, as_role, role, status):
    assert as_role(role).get(reverse("stories:edit", args=[story.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), matrix(**{**COMPANIES_ONLY, "participant": 403,
                                                       "non_participant": 403}))
def test_consent_permission_matrix(all_roles, story, as_role, role, status):
    assert as_role(role).get(reverse("stories:consent", args=[story.pk])).status_code == status


def test_unknown_story_is_404(all_roles, as_role):
    for page in ("stories:detail", "stories:edit", "stories:consent"):
        assert as_role("participant").get(reverse(page, args=[424242])).status_code == 404


def test_my_stories_lists_written_and_asked(story, as_role, participant, other_participant):
    mine = as_role("participant").get(reverse("stories:mine")).context
    assert ([s.pk for s in mine["written"]], mine["as_partner"]) == ([story.pk], [])

    theirs = as_role("other_participant").get(reverse("stories:mine")).context
    assert (theirs["written"], [s.pk for s in theirs["as_partner"]]) == ([], [story.pk])


@pytest.mark.parametrize("count", [1, 8])
def test_my_stories_query_count_is_constant(event, coffee, participant, as_role, count, staff):
    sector = SectorFactory()
    for _ in range(count):
        partner = CompanyFactory()
        MembershipFactory(company=partner)
        services.draft_story(author=coffee.company, partner=partner, texts=TEXTS, sectors=[sector], by=staff)
    client = as_role("participant")

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("stories:mine"))

    assert len(queries) == MY_STORIES_QUERIES


# session, user, membership, unread notifications (header), the stories (texts joined in), the agreement meetings
MY_STORIES_QUERIES = 7

