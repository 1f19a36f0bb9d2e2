"""Market questions: asking, answering, the most helpful answer, following, reporting, moderation, search, rate
limits, the admin and the demo."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from companies.moderation import moderate
from market import demo_questions
from market import questions_services as services
from market.models import Answer, Question, QuestionFollow, QuestionReport
from tests.factories import CompanyFactory, HSChapterFactory, MembershipFactory, SectorFactory, UserFactory
from tests.market.factories_questions import AnswerFactory, QuestionFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]


@pytest.fixture
def agri(db):
    return SectorFactory(slug="agriculture-food", name_en="Agriculture and food processing",
                         name_vi="Nông nghiệp và chế biến thực phẩm", name_az="Kənd təsərrüfatı və qida emalı")


@pytest.fixture
def question(company, owner, agri):
    """An approved question of Mekong Coffee (the `owner`'s and `member`'s company), asked by the owner."""
    return QuestionFactory(company=company, author=owner, sector=agri, title="What certificate does rice need?")


@pytest.fixture
def answer(question, other_owner):
    """An approved answer by Caspian Foods (the `other_owner`'s company)."""
    return AnswerFactory(question=question, company=other_owner.membership.company, author=other_owner)


def ask_data(**changes):
    data = {"title": "What certificate does rice need to enter Azerbaijan?", "body": "Jasmine rice, 25 kg bags.",
            "language": "vi",
            "sector": SectorFactory(slug="agriculture-food").pk, "hs_chapter": HSChapterFactory(code=10).pk}
    data.update(changes)
    return data


def login_redirect(path: str) -> str:
    return f"{reverse('account_login')}?next={path}"


def titles(response) -> list[str]:
    return [question.title for question in response.context["page"]]


# Permission matrices ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_question_list_is_public(as_role, question, role):
    response = as_role(role).get(reverse("market:questions"))

    assert response.status_code == 200
    assert titles(response) == ["What certificate does rice need?"]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 200), ("owner", 200), ("member", 200),
                                              ("other_owner", 200), ("loner", 200), ("staff", 200)])
def test_approved_question_page_is_public(as_role, question, answer, role, status):
    response = as_role(role).get(reverse("market:question", args=[question.pk]))

    assert response.status_code == status
    assert [a.pk for a in response.context["answers"]] == [answer.pk]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("owner", 200), ("member", 200),
                                              ("other_owner", 404), ("loner", 404), ("staff", 200)])
def test_pending_question_page_only_for_its_company_and_staff(as_role, question, role, status):
    Question.objects.filter(pk=question.pk).update(status="pending")

    response = as_role(role).get(reverse("market:question", args=[question.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 200), ("member", 200),
                                              ("other_owner", 200), ("loner", 403), ("staff", 403)])
def test_ask_page_permissions(as_role, role, status, company):
    path = reverse("market:ask")

    response = as_role(role).get(path)

    assert response.status_code == status
    if role == "anonymous":
        assert response.url == login_redirect(path)


def test_ask_refused_to_a_company_waiting_for_review(client, owner, company):
    company.status = "pending"
    company.save()
    client.force_login(owner)

    assert client.get(reverse("market:ask")).status_code == 403
    assert client.post(reverse("market:ask"), ask_data()).status_code == 403
    assert Question.objects.count() == 0


def test_ask_refused_without_a_verified_email(client, owner):
    EmailAddress.objects.filter(user=owner).update(verified=False)
    client.force_login(owner)

    assert client.post(reverse("market:ask"), ask_data()).status_code == 403
    assert Question.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 403), ("member", 403),
                                              ("other_owner", 302), ("loner", 403), ("staff", 302)])
def test_answer_permissions(as_role, question, role, status):
    path = reverse("market:question", args=[question.pk])

    response = as_role(role).post(path, {"body": "A phytosanitary certificate and a certificate of origin."})

    assert response.status_code == status
    if role == "anonymous":
        assert response.url == login_redirect(path)
    expected = {"other_owner": [("pending", False, "Caspian Foods")], "staff": [("approved", True, None)]}
    assert [(a.status, a.by_staff, a.company.name if a.company else None) for a in Answer.objects.all()] == \
        expected.get(role, [])


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 302), ("member", 403),
                                              ("other_owner", 403), ("loner", 403), ("staff", 403)])
def test_mark_helpful_only_by_the_asker(as_role, answer, role, status):
    path = reverse("market:answer_helpful", args=[answer.pk])

    response = as_role(role).post(path)

    assert response.status_code == status
    answer.refresh_from_db()
    assert answer.helpful is (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_follow_permissions(as_role, question, role):
    path = reverse("market:question_follow", args=[question.pk])

    response = as_role(role).post(path)

    assert response.status_code == 302
    if role == "anonymous":
        assert response.url == login_redirect(path)
        assert QuestionFollow.objects.count() == 0
    else:
        assert response.url == reverse("market:question", args=[question.pk])
        assert [f.user.username for f in QuestionFollow.objects.all()] == [{"other_owner": "other"}.get(role, role)]


@pytest.mark.parametrize("role", ROLES)
def test_report_page_permissions(as_role, question, answer, role):
    for path in (reverse("market:question_report", args=[question.pk]),
                 reverse("market:answer_report", args=[answer.pk])):
        response = as_role(role).get(path)

        assert response.status_code == (302 if role == "anonymous" else 200)


def test_get_is_not_allowed_on_post_only_views(client, owner, answer):
    client.force_login(owner)

    assert client.get(reverse("market:answer_helpful", args=[answer.pk])).status_code == 405
    assert client.get(reverse("market:question_follow", args=[answer.question_id])).status_code == 405


# Asking ---------------------------------------------------------------------------------------------------------


def test_ask_creates_a_pending_question_the_author_follows(client, member, company):
    client.force_login(member)

    response = client.post(reverse("market:ask"), ask_data())

    question = Question.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("market:question", args=[question.pk])
    assert (question.company, question.author, question.status, question.sector.slug, question.hs_chapter_id,
            question.language) == (company, member, "pending", "agriculture-food", 10, "vi")
    assert [f.user for f in question.follows.all()] == [member]


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": ""}, "title"),
    ({"title": "Rice?"}, "title"),
    ({"title": "What certificate\ndoes rice need?"}, "title"),
    ({"title": "x" * 161}, "title"),
    ({"body": "x" * 4001}, "body"),
    ({"sector": "999999"}, "sector"),
    ({"sector": ""}, "sector"),
    ({"hs_chapter": "98"}, "hs_chapter"),
    ({"hs_chapter": "coffee"}, "hs_chapter"),
    ({"language": "fr"}, "language"),
])
def test_ask_bad_input_writes_nothing(client, owner, changes, field):
    client.force_login(owner)

    response = client.post(reverse("market:ask"), ask_data(**changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Question.objects.count() == 0


def test_ask_rate_limit_answers_429_and_writes_nothing(client, owner, company, agri):
    QuestionFactory.create_batch(services.QUESTIONS_PER_DAY, company=company, author=owner, status="pending")
    client.force_login(owner)

    response = client.post(reverse("market:ask"), ask_data())

    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [
        "You can ask 5 questions a day. Please come back tomorrow."]
    assert Question.objects.count() == services.QUESTIONS_PER_DAY


def test_ask_rate_limit_counts_only_the_last_day(client, owner, company, agri):
    QuestionFactory.create_batch(services.QUESTIONS_PER_DAY, company=company, author=owner,
                                 created_at=timezone.now() - timedelta(hours=25))
    client.force_login(owner)

    assert client.post(reverse("market:ask"), ask_data()).status_code == 302
    assert Question.objects.count() == services.QUESTIONS_PER_DAY + 1


def test_staff_question_is_published_at_once(db, staff, agri):
    company = CompanyFactory()
    MembershipFactory(company=company, user=staff)

    question = services.ask_question(author=staff, company=company, title="Which ports serve Baku?", body="",
                                     sector=agri)

    assert (question.status, question.moderated_by) == ("approved", staff)


# Answering ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "Too short.", "x" * 4001])
def test_answer_bad_input_writes_nothing(client, other_owner, question, body):
    client.force_login(other_owner)

    response = client.post(reverse("market:question", args=[question.pk]), {"body": body})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["body"]
    assert Answer.objects.count() == 0


def test_answer_rate_limit_answers_429_and_writes_nothing(client, other_owner, question):
    AnswerFactory.create_batch(services.ANSWERS_PER_DAY, question=question, company=other_owner.membership.company,
                               author=other_owner)
    client.force_login(other_owner)

    response = client.post(reverse("market:question", args=[question.pk]),
                           {"body": "A phytosanitary certificate and a certificate of origin."})

    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [
        "You can write 30 answers a day. Please come back tomorrow."]
    assert Answer.objects.count() == services.ANSWERS_PER_DAY


def test_staff_answers_are_not_rate_limited(client, staff, question):
    AnswerFactory.create_batch(services.ANSWERS_PER_DAY, question=question, company=None, author=staff)
    client.force_login(staff)

    response = client.post(reverse("market:question", args=[question.pk]),
                           {"body": "See our agriculture brief for the documents."})

    assert response.status_code == 302
    assert Answer.objects.count() == services.ANSWERS_PER_DAY + 1


def test_pending_question_cannot_be_answered(db, other_owner, question):
    Question.objects.filter(pk=question.pk).update(status="pending")
    question.refresh_from_db()

    with pytest.raises(services.QuestionError, match="not open for answers"):
        services.answer_question(author=other_owner, company=other_owner.membership.company, question=question,
                                 body="A phytosanitary certificate.")

    assert Answer.objects.count() == 0


def test_company_does_not_answer_its_own_question(db, member, question):
    with pytest.raises(services.QuestionError, match="Your company asked this question"):
        services.answer_question(author=member, company=question.company, question=question,
                                 body="We found out ourselves.")


def test_answer_is_written_in_the_readers_language_and_marked_up(client, other_owner, question):
    client.force_login(other_owner)

    english = reverse("market:question", args=[question.pk])
    with translation.override("az"):
        azerbaijani = reverse("market:question", args=[question.pk])

    client.post(azerbaijani, {"body": "Fitosanitar sertifikatı və mənşə sertifikatı."})
    html = client.get(english).content.decode()

    assert Answer.objects.get().language == "az"
    assert '<div class="prose" lang="az"><p>Fitosanitar sertifikatı və mənşə sertifikatı.</p></div>' in html


def test_answer_text_is_escaped(client, other_owner, question):
    AnswerFactory(question=question, company=other_owner.membership.company, body="<script>alert(1)</script>")
    question.title = "Rice <b>now</b>?"
    question.save()

    html = client.get(reverse("market:question", args=[question.pk])).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Rice &lt;b&gt;now&lt;/b&gt;?" in html


# Moderation visibility ------------------------------------------------------------------------------------------


def test_pending_question_listed_only_for_its_company(client, question, owner, other_owner, company, agri):
    QuestionFactory(company=company, author=owner, sector=agri, title="Pending one", status="pending")

    assert titles(client.get(reverse("market:questions"))) == ["What certificate does rice need?"]
    client.force_login(other_owner)
    assert titles(client.get(reverse("market:questions"))) == ["What certificate does rice need?"]
    client.force_login(owner)
    assert titles(client.get(reverse("market:questions"))) == ["Pending one", "What certificate does rice need?"]


@pytest.mark.parametrize(("role", "seen"), [("anonymous", ["public"]), ("owner", ["public"]),
                                            ("other_owner", ["public", "pending"]), ("loner", ["public"]),
                                            ("staff", ["public", "pending", "rejected"])])
def test_pending_answer_seen_by_its_company_and_staff(as_role, question, other_owner, role, seen):
    caspian = other_owner.membership.company
    AnswerFactory(question=question, company=CompanyFactory(), body="public")
    AnswerFactory(question=question, company=caspian, body="pending", status="pending")
    AnswerFactory(question=question, company=CompanyFactory(), body="rejected", status="rejected")

    response = as_role(role).get(reverse("market:question", args=[question.pk]))

    assert [a.body for a in response.context["answers"]] == seen


def test_question_of_a_suspended_company_is_hidden(client, question, company):
    company.status = "suspended"
    company.save()

    assert titles(client.get(reverse("market:questions"))) == []
    assert client.get(reverse("market:question", args=[question.pk])).status_code == 404


def test_moderating_a_question_emails_the_owners_and_publishes_it(db, question, staff, owner, member,
                                                                  django_capture_on_commit_callbacks):
    Question.objects.filter(pk=question.pk).update(status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        moderate(Question.objects.filter(pk=question.pk), status="approved", by=staff)

    [message] = mail.outbox
    assert message.to == ["owner@example.com"]
    assert message.subject == "Mekong Coffee: your market question was published"
    assert "- What certificate does rice need?" in message.body
    assert "/en/market/questions/" in message.body
    assert Question.objects.get().is_public is True


def test_rejecting_an_answer_in_the_admin_emails_its_owners_and_resolves_reports(
        client, staff, answer, loner, django_capture_on_commit_callbacks):
    services.report(reporter=loner, item=answer, reason="misleading")
    staff_answer = AnswerFactory(question=answer.question, company=None, author=staff, by_staff=True)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:market_answer_changelist"), {
            "action": "reject", "_selected_action": [answer.pk, staff_answer.pk], "apply": "1",
            "reason": "The certificate named is not the one required."})

    assert response.status_code == 302
    assert [(a.pk, a.status) for a in Answer.objects.order_by("pk")] == [(answer.pk, "rejected"),
                                                                         (staff_answer.pk, "approved")]
    [message] = mail.outbox
    assert (message.to, message.subject) == (["other@example.com"], "Caspian Foods: your answer was not published")
    assert "The certificate named is not the one required." in message.body
    assert QuestionReport.objects.get().resolved_at is not None


# The most helpful answer ----------------------------------------------------------------------------------------


def test_marking_another_answer_moves_the_mark(db, owner, question, answer):
    second = AnswerFactory(question=question)

    services.mark_helpful(user=owner, answer=answer)
    services.mark_helpful(user=owner, answer=second)

    assert list(Answer.objects.filter(helpful=True).values_list("pk", flat=True)) == [second.pk]


def test_only_one_helpful_answer_in_the_database(db, question, answer):
    AnswerFactory(question=question, helpful=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(helpful=True)


def test_pending_answer_cannot_be_marked(db, owner, answer):
    Answer.objects.filter(pk=answer.pk).update(status="pending")

    with pytest.raises(services.QuestionError, match="Only a published answer"):
        services.mark_helpful(user=owner, answer=answer)

    assert Answer.objects.filter(helpful=True).count() == 0


def test_helpful_answer_comes_first_and_counts_in_the_list(client, owner, question, answer):
    later = AnswerFactory(question=question, created_at=timezone.now() + timedelta(minutes=1))
    services.mark_helpful(user=owner, answer=later)

    detail = client.get(reverse("market:question", args=[question.pk]))
    listed = client.get(reverse("market:questions")).context["page"][0]

    assert [a.pk for a in detail.context["answers"]] == [later.pk, answer.pk]
    assert (listed.answer_count, listed.has_helpful) == (2, True)


# Following and reporting ----------------------------------------------------------------------------------------


def test_unfollow(client, owner, question):
    QuestionFollow.objects.create(user=owner, question=question)
    client.force_login(owner)

    client.post(reverse("market:question_follow", args=[question.pk]), {"follow": "0"})

    assert QuestionFollow.objects.count() == 0


def test_report_once_per_user_and_item(client, loner, other_owner, question, answer):
    client.force_login(loner)
    path = reverse("market:question_report", args=[question.pk])

    first = client.post(path, {"reason": "spam", "note": "An advert."})
    second = client.post(path, {"reason": "offensive"})
    client.force_login(other_owner)
    client.post(path, {"reason": "spam"})
    client.post(reverse("market:answer_report", args=[answer.pk]), {"reason": "misleading"})

    assert first.status_code == 302
    assert second.status_code == 200
    assert second.context["form"].non_field_errors() == ["You have already reported this. Our team will look at it."]
    assert sorted((r.reporter.username, r.reason, bool(r.question), bool(r.answer))
                  for r in QuestionReport.objects.all()) == [
        ("loner", "spam", True, False), ("other", "misleading", False, True), ("other", "spam", True, False)]


def test_report_sends_an_approved_item_back_to_the_moderators(db, loner, question):
    services.report(reporter=loner, item=question, reason="spam")

    question.refresh_from_db()
    assert (question.status, question.edited_at is not None) == ("approved", True)


def test_report_uniqueness_held_by_the_database(db, loner, question):
    QuestionReport.objects.create(reporter=loner, question=question, reason="spam")

    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionReport.objects.create(reporter=loner, question=question, reason="other")


def test_report_names_exactly_one_item(db, loner, question, answer):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionReport.objects.create(reporter=loner, question=question, answer=answer, reason="spam")


@pytest.mark.parametrize("data", [{}, {"reason": "boring"}, {"reason": "spam", "note": "x" * 501}])
def test_report_bad_input_writes_nothing(client, loner, question, data):
    client.force_login(loner)

    response = client.post(reverse("market:question_report", args=[question.pk]), data)

    assert response.status_code == 200
    assert QuestionReport.objects.count() == 0


def test_pending_answer_of_another_company_cannot_be_reported(client, loner, answer):
    Answer.objects.filter(pk=answer.pk).update(status="pending")
    client.force_login(loner)

    assert client.get(reverse("market:answer_report", args=[answer.pk])).status_code == 404


# List: filters, search, queries ---------------------------------------------------------------------------------


def test_search_folds_vietnamese_diacritics(client, company, owner, agri):
    QuestionFactory(company=company, title="Giá cà phê Robusta ở Baku?", hs_chapter=HSChapterFactory(code=9))
    QuestionFactory(company=company, title="What certificate does rice need?")

    for query in ["ca phe", "cà phê", "CA PHÊ"]:
        assert titles(client.get(reverse("market:questions"), {"q": query})) == ["Giá cà phê Robusta ở Baku?"]


def test_search_finds_the_chapter_name_in_another_language(client, company):
    QuestionFactory(company=company, title="Which papers for our shipments?", hs_chapter=HSChapterFactory(code=9))

    assert titles(client.get(reverse("market:questions"), {"q": "coffee"})) == ["Which papers for our shipments?"]


def test_filters_by_sector_chapter_and_answered(client, company, agri):
    logistics = SectorFactory(slug="transport-logistics")
    rice = QuestionFactory(company=company, title="Rice question", sector=agri)
    QuestionFactory(company=company, title="Route question", sector=logistics, hs_chapter=None)
    AnswerFactory(question=rice)
    url = reverse("market:questions")

    assert titles(client.get(url, {"sector": "transport-logistics"})) == ["Route question"]
    assert titles(client.get(url, {"chapter": "10"})) == ["Rice question"]
    assert titles(client.get(url, {"answered": "true"})) == ["Rice question"]
    assert titles(client.get(url, {"answered": "false"})) == ["Route question"]


@pytest.mark.parametrize("params", [{"sector": "nope"}, {"chapter": "99"}, {"answered": "maybe"},
                                    {"page": "x"}, {"q": "x" * 500}])
def test_list_bad_filters_are_not_errors(client, question, params):
    assert client.get(reverse("market:questions"), params).status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_question_list_query_count_is_constant(client, company, agri, django_assert_num_queries, count):
    for _ in range(count):
        AnswerFactory(question=QuestionFactory(company=company, sector=agri))

    # count, page (company, sector, chapter joined; answers counted in subqueries), sector and chapter choices
    with django_assert_num_queries(4):
        response = client.get(reverse("market:questions"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 12])
def test_question_page_query_count_is_constant(client, question, other_owner, django_assert_num_queries, count):
    for _ in range(count):
        AnswerFactory(question=question)
    client.force_login(other_owner)

    # session, user, question, membership, email verified, answers (companies joined), following, unread notices
    with django_assert_num_queries(9):
        response = client.get(reverse("market:question", args=[question.pk]))

    assert len(response.context["answers"]) == count


# Admin and demo -------------------------------------------------------------------------------------------------


def test_admin_lists_reported_items(client, staff, loner, question, answer):
    services.report(reporter=loner, item=question, reason="spam")
    client.force_login(staff)

    reported = client.get(reverse("admin:market_question_changelist"), {"reported": "open"})

    assert [q.pk for q in reported.context["cl"].result_list] == [question.pk]
    assert client.get(reverse("admin:market_answer_changelist")).status_code == 200
    assert client.get(reverse("admin:market_questionreport_changelist")).status_code == 200
    assert client.get(reverse("admin:market_question_change", args=[question.pk])).status_code == 200


def test_demo_is_idempotent(db, staff):
    from companies.models import Membership

    SectorFactory(slug="agriculture-food")
    SectorFactory(slug="transport-logistics")
    for code in (8, 9, 10):
        HSChapterFactory(code=code)
    vn = UserFactory(username="owner.vn", email=demo_questions.OWNER_VN)
    az = UserFactory(username="owner.az", email=demo_questions.OWNER_AZ)
    UserFactory(username="admin", email=demo_questions.ADMIN, is_staff=True)
    Membership.objects.create(user=vn, company=CompanyFactory(), role="owner")
    Membership.objects.create(user=az, company=CompanyFactory(country="AZ"), role="owner")

    first = demo_questions.load()
    second = demo_questions.load()

    assert (first, second) == (4 + 4 + 4, 0)
    assert Answer.objects.filter(helpful=True).count() == 1
    assert Question.objects.filter(status="approved").count() == 4
