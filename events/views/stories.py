"""Success stories: the public list and page, and a company's own stories (write, edit, consent as partner)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from companies.models import Sector
from config.paging import CappedPaginator
from events.errors import EventError
from events.models import Consent, SuccessStory
from events.services import stories as services
from events.story_filters import StoryFilter
from events.story_forms import ConsentForm, StoryForm
from events.story_selectors import agreement_meetings, language_name, own_stories, pick_text, public_stories

STORIES_PER_PAGE = 12


def story_list(request):
    story_filter = StoryFilter(request.GET or None, queryset=public_stories())
    page = CappedPaginator(story_filter.qs, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/stories/list.html", {"filter": story_filter, "page": page})


def story_detail(request, pk):
    """A published story for everyone; one waiting for consent or moderation only for the two companies' people
    and staff (a preview), and 404 for anyone else."""
    stories = SuccessStory.objects.select_related("author", "partner").prefetch_related(
        "texts", Prefetch("sectors", queryset=Sector.objects.order_by("name_en")))
    story = get_object_or_404(stories, pk=pk)
    published = services.is_published(story) and story.author.is_public and story.partner.is_public
    if not published and not _is_party_or_staff(request, story):
        raise Http404
    texts = list(story.texts.all())
    shown = next((text for text in texts if text.language == request.GET.get("text")), None) or pick_text(texts)
    reader = get_language()
    return render(request, "events/stories/detail.html", {
        "story": story, "text": shown, "published": published,
        "shown_language": language_name(shown.language) if shown else "",
        "reader_language": language_name(reader),
        "in_reader_language": shown is not None and shown.language == reader,
        "other_texts": [(text.language, language_name(text.language)) for text in texts if text != shown],
    })


@login_required
def my_stories(request):
    """The stories the company wrote (drafts, the partner's consent, moderation) and those it is asked about."""
    company = _company_or_deny(request)
    stories = list(own_stories(company))
    return render(request, "events/stories/mine.html", {
        "company": company,
        "written": [story for story in stories if story.author_id == company.pk],
        "as_partner": [story for story in stories if story.partner_id == company.pk],
        "meetings": list(agreement_meetings(company)[:20]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def create_story(request):
    company = _company_or_deny(request)
    meetings = agreement_meetings(company)
    chosen = request.GET.get("meeting")
    initial = {"meeting": chosen} if chosen and chosen.isdigit() and meetings.filter(pk=chosen).exists() else {}
    form = StoryForm(request.POST or None, request.FILES or None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_story(author=company, meeting=form.cleaned_data["meeting"], texts=form.texts(),
                                 sectors=form.cleaned_data["sectors"], photo=form.processed_photo, by=request.user)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your story was saved. It is published once your partner agrees and our "
                                        "team has reviewed it."))
            return redirect("stories:mine")
    return render(request, "events/stories/form.html", {
        "form": form, "is_new": True, "has_meetings": meetings.exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit_story(request, pk):
    company = _company_or_deny(request)
    story = get_object_or_404(SuccessStory.objects.select_related("author", "partner").prefetch_related("texts"),
                              pk=pk)
    if story.author_id != company.pk:
        raise PermissionDenied(_("Only the company that wrote this story can change it."))
    form = StoryForm(request.POST or None, request.FILES or None, story=story)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_story(story=story, texts=form.texts(), sectors=form.cleaned_data["sectors"],
                                  photo=form.processed_photo,
                                  remove_photo=form.cleaned_data.get("remove_photo", False))
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your story was saved."))
            return redirect("stories:mine")
    return render(request, "events/stories/form.html", {"form": form, "is_new": False, "story": story})


@login_required
@require_http_methods(["GET", "POST"])
def story_consent(request, pk):
    """The partner company reads the story and agrees to its publication or declines."""
    company = _company_or_deny(request)
    story = get_object_or_404(SuccessStory.objects.select_related("author", "partner").prefetch_related("texts"),
                              pk=pk)
    if story.partner_id != company.pk:
        raise PermissionDenied(_("Only the partner company named in this story can decide on its publication."))
    initial = {"decision": story.consent} if story.consent != Consent.PENDING else {}
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_consent(story=story, company=company, consent=form.cleaned_data["decision"],
                                    by=request.user)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            if form.cleaned_data["decision"] == Consent.GIVEN:
                messages.success(request, _("Thank you: the story is published once our team has reviewed it."))
            else:
                messages.success(request, _("The story will not be published. %(company)s has been told.")
                                 % {"company": story.author.name})
            return redirect("stories:mine")
    texts = sorted(story.texts.all(), key=lambda text: _language_position(text.language))
    return render(request, "events/stories/consent.html", {
        "story": story, "form": form,
        "texts": [(language_name(text.language), text) for text in texts],
    })


def _company_or_deny(request):
    """The signed-in user's company; stories are written and agreed to by companies."""
    if not request.membership:
        raise PermissionDenied(_("Success stories are written by companies: create your company profile first."))
    return request.membership.company


def _is_party_or_staff(request, story: SuccessStory) -> bool:
    if not request.user.is_authenticated:
        return False
    membership = request.membership  # a lazy object: test its truth, not `is None`
    return request.user.is_staff or bool(membership and membership.company_id in (story.author_id,
                                                                                  story.partner_id))


def _language_position(code: str) -> int:
    codes = [code for code, _name in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)
