"""Market questions: the list (filters, search), a question's page (answers, answering, the most helpful answer,
following, reporting) and asking. Rules and moderation: market.questions_services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.paging import CappedPaginator
from market import questions_selectors as selectors
from market import questions_services as services
from market.forms_questions import AnswerForm, AskForm, QuestionFilter, ReportForm
from market.models.questions import Answer, Question

QUESTIONS_PER_PAGE = 20
TOO_MANY = 429


def question_list(request):
    membership = request.membership
    question_filter = QuestionFilter(request.GET or None,
                                     queryset=selectors.listed_questions(request.user, membership))
    page = CappedPaginator(question_filter.qs, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "market/questions/list.html", {
        "filter": question_filter, "page": page,
        "can_ask": bool(membership) and membership.company.is_public,
    })


@require_http_methods(["GET", "POST"])
def question_detail(request, pk):
    """The question and its answers; a POST answers it."""
    question = _visible_question(request, pk)
    membership = request.membership
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    may_answer = selectors.may_answer(request.user, membership, question)
    if request.method == "POST" and not may_answer:
        raise PermissionDenied(_("Other companies' verified members and our team answer questions."))
    form = AnswerForm(request.POST or None) if may_answer else None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_question(author=request.user, company=membership.company if membership else None,
                                     question=question, body=form.cleaned_data["body"])
        except services.QuestionError as error:
            form.add_error(None, str(error))
            status = TOO_MANY if isinstance(error, services.RateLimited) else 200
        else:
            if request.user.is_staff:
                messages.success(request, _("Your answer is published."))
            else:
                messages.success(request, _("Thank you: your answer is published once our team has reviewed it."))
            return redirect(question)
    return render(request, "market/questions/detail.html", {
        "question": question,
        "answers": selectors.visible_answers(question, request.user, membership),
        "form": form,
        "is_asker": request.user.is_authenticated and question.author_id == request.user.pk,
        "following": selectors.is_following(request.user, question),
        "own_company_id": membership.company_id if membership else None,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    if not selectors.may_ask(request.user, request.membership):
        raise PermissionDenied(_("Questions are asked by the verified members of approved companies: create your "
                                 "company profile and confirm your email address first."))
    form = AskForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(author=request.user, company=request.membership.company,
                                             **form.cleaned_data)
        except services.QuestionError as error:
            form.add_error(None, str(error))
            status = TOO_MANY if isinstance(error, services.RateLimited) else 200
        else:
            if question.is_public:
                messages.success(request, _("Your question is published."))
            else:
                messages.success(request, _("Thank you: your question is published once our team has reviewed it. "
                                            "You follow it, so you will hear of its answers."))
            return redirect(question)
    return render(request, "market/questions/ask.html", {"form": form}, status=status)


@login_required
@require_POST
def follow(request, pk):
    question = _visible_question(request, pk)
    if request.POST.get("follow") == "0":
        services.unfollow_question(user=request.user, question=question)
        messages.success(request, _("You no longer follow this question."))
    else:
        services.follow_question(user=request.user, question=question)
        messages.success(request, _("You follow this question: its new answers come in your digest."))
    return redirect(question)


@login_required
@require_POST
def mark_helpful(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("question__company"), pk=pk)
    question = _visible_question(request, answer.question_id)
    if question.author_id != request.user.pk:
        raise PermissionDenied(_("Only the person who asked the question can mark the most helpful answer."))
    try:
        services.mark_helpful(user=request.user, answer=answer)
    except services.QuestionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You marked this answer as the most helpful."))
    return redirect(question)


@login_required
@require_http_methods(["GET", "POST"])
def report_question(request, pk):
    question = _visible_question(request, pk)
    return _report(request, item=question, question=question)


@login_required
@require_http_methods(["GET", "POST"])
def report_answer(request, pk):
    answer = get_object_or_404(Answer, pk=pk)
    question = _visible_question(request, answer.question_id)
    if answer not in selectors.visible_answers(question, request.user, request.membership):
        raise Http404
    return _report(request, item=answer, question=question)


def _report(request, *, item, question):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(reporter=request.user, item=item, reason=form.cleaned_data["reason"],
                            note=form.cleaned_data["note"])
        except services.QuestionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: our team will look at your report."))
            return redirect(question)
    return render(request, "market/questions/report.html", {
        "form": form, "question": question, "item": item, "is_answer": isinstance(item, Answer)})


def _visible_question(request, pk) -> Question:
    """The question if the reader may see it; 404 otherwise (a pending question is not announced)."""
    question = get_object_or_404(Question.objects.select_related("company", "sector", "hs_chapter", "author"), pk=pk)
    if not selectors.may_see_question(request.user, request.membership, question):
        raise Http404
    return question
