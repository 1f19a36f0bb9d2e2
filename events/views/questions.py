"""Registration questions (issue 17, item 4): the organizer's Questions page (list, add, edit, delete, move) and
the page where a registered company changes its answers.

As events.views.organizer: an anonymous visitor is sent to log in, a signed-in user who may not see the event's
organizer pages gets 403. The event's viewers see the list of questions and change nothing (403 on every write).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events.errors import EventError
from events.forms_questions import AnswersForm, QuestionForm, answer_initial
from events.permissions import managed_event_or_deny, own_participation_or_deny, viewed_event_or_deny
from events.selectors_questions import (
    answers_by_question,
    event_questions,
    question_text,
    questions_with_answer_counts,
)
from events.services import questions as service

# The values the move buttons post; anything else is a forged request (400).
DIRECTIONS = {"up": True, "down": False}


@login_required
@require_http_methods(["GET", "POST"])
def questions(request, slug):
    """GET: the event's questions in their order, and (for those who manage the event) a form to add one. POST:
    add it."""
    if request.method == "POST":
        event = managed_event_or_deny(request.user, slug)
    else:
        event = viewed_event_or_deny(request.user, slug)
    can_manage = event.can_manage
    form = QuestionForm(request.POST or None) if can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            service.add_question(event=event, kind=form.cleaned_data["kind"], required=form.cleaned_data["required"],
                                 texts=form.texts(), options=form.options())
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The question was added to the registration form."))
            return redirect("events:questions", event.slug)
    return render(request, "events/questions/organizer.html", {
        "event": event, "form": form, "can_manage": can_manage,
        "questions": questions_with_answer_counts(event, get_language()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit_question(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    question = get_object_or_404(event.questions, pk=pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_question(question=question, kind=form.cleaned_data["kind"],
                                    required=form.cleaned_data["required"], texts=form.texts(),
                                    options=form.options())
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The question was saved."))
            return redirect("events:questions", event.slug)
    return render(request, "events/questions/edit.html", {
        "event": event, "form": form, "question": question, "answer_count": question.answers.count(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def delete_question(request, slug, pk):
    """Asks first (GET), saying how many answers go with it, then deletes the question (POST)."""
    event = managed_event_or_deny(request.user, slug)
    question = get_object_or_404(event.questions, pk=pk)
    if request.method == "GET":
        count = question.answers.count()
        return render(request, "events/organizer/confirm.html", {
            "event": event, "title": _("Delete this question?"),
            "subject": question_text(question, get_language()),
            "consequence": ngettext("%(count)d company answered it: its answer is deleted with the question.",
                                    "%(count)d companies answered it: their answers are deleted with the question.",
                                    count) % {"count": count} if count else _("No company has answered it yet."),
            "action": _("Delete the question"),
            "back_url": reverse("events:questions", args=[event.slug]), "back_label": _("Back to the questions"),
        })
    service.delete_question(question=question)
    messages.success(request, _("The question and its answers were deleted."))
    return redirect("events:questions", event.slug)


@login_required
@require_POST
def move_question(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    question = get_object_or_404(event.questions, pk=pk)
    up = DIRECTIONS.get(request.POST.get("direction"))
    if up is None:
        return HttpResponseBadRequest()
    try:
        service.move_question(question=question, up=up)
    except EventError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('events:questions', args=[event.slug])}#question-{question.pk}")


# The company's answers ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def answers(request, slug):
    """A registered company's answers to the event's questions; changed while registration is open."""
    mine = own_participation_or_deny(request, slug)
    event = mine.event
    items = event_questions(event, get_language())
    if not items:
        return redirect("events:participation", slug=slug)
    form = AnswersForm(request.POST or None, questions=items, initial=answer_initial(answers_by_question(mine)))
    open_now = event.registration_is_open()
    if request.method == "POST" and form.is_valid():
        try:
            service.change_answers(participation=mine, answers=form.answers())
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your answers were saved."))
            return redirect("events:participation", slug=slug)
    return render(request, "events/questions/answers.html", {
        "event": event, "participation": mine, "form": form, "registration_open": open_now,
    })
