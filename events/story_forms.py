"""The success story form: a title and a text in each of the site's languages (at least one), the sectors, a photo.

The photo goes through the logos' pipeline (companies.logos): checked from its header in clean_photo, decoded and
re-encoded in memory only once the rest of the form is valid, so a refused upload never reaches the storage and
an invalid form costs no decoding.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from companies.logos import ImageMessages, ProcessedImage, check_image, process_image, process_when_valid
from companies.models import Sector
from companies.validators import validate_single_line
from events.models import Consent, Meeting, SuccessStory, SuccessStoryText
from events.story_selectors import language_name

PHOTO_DISPLAY_SIZE = (1200, 800)
PHOTO_THUMBNAIL_SIZE = (480, 320)
PHOTO_MESSAGES = ImageMessages(
    too_large=_("The photo is too large (%(size)s MB). The limit is 5 MB."),
    too_many_pixels_sized=_("The photo has too many pixels (%(width)s × %(height)s). The limit is 16 megapixels."),
    too_many_pixels=_("The photo has too many pixels. The limit is 16 megapixels."),
    too_costly=_("The photo is too large to process in this format (%(width)s × %(height)s). Save it as a PNG or "
                 "a standard (not progressive) JPEG, or make it smaller."),
    unreadable=_("This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or WebP photo."),
)


def process_photo(upload) -> ProcessedImage:
    """Validate an uploaded story photo and return the re-encoded display and thumbnail images."""
    return process_image(upload, display_size=PHOTO_DISPLAY_SIZE, thumbnail_size=PHOTO_THUMBNAIL_SIZE, name="story",
                         messages=PHOTO_MESSAGES)


TITLE_MAX = SuccessStoryText._meta.get_field("title").max_length
BODY_MAX = SuccessStoryText._meta.get_field("body").max_length


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return _("%(first)s and %(second)s, %(event)s") % {
            "first": meeting.request.requester.company.name, "second": meeting.request.recipient.company.name,
            "event": meeting.event.title}


class StoryForm(forms.Form):
    """`meetings`: the meetings the company may write about (None when editing: the meeting stays)."""

    meeting = MeetingChoiceField(label=_("The meeting that led to the agreement"), queryset=Meeting.objects.none(),
                                 empty_label=None)
    sectors = forms.ModelMultipleChoiceField(label=_("Sectors"), queryset=Sector.objects.all(),
                                             widget=forms.CheckboxSelectMultiple)
    photo = forms.FileField(
        label=_("Photo"), required=False,
        help_text=_("PNG, JPEG or WebP, at most 5 MB, e.g. the two teams at the signing. It is resized to "
                    "1200 × 800 pixels at most."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    def __init__(self, *args, meetings=None, story: SuccessStory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = meetings
        if not (story and story.photo):
            del self.fields["remove_photo"]
        for code, _name in settings.LANGUAGES:
            name = language_name(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name}, required=False, max_length=TITLE_MAX,
                validators=[validate_single_line])
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Story in %(language)s") % {"language": name}, required=False, max_length=BODY_MAX,
                widget=forms.Textarea(attrs={"rows": 8, "lang": code}))
            self.fields[f"title_{code}"].widget.attrs["lang"] = code
        # The texts first: they are the story.
        self.order_fields(["meeting", *(f"{part}_{code}" for code, _name in settings.LANGUAGES
                                        for part in ("title", "body")), "sectors", "photo", "remove_photo"])
        if story is not None and not self.is_bound:
            self.initial["sectors"] = list(story.sectors.all())
            for text in story.texts.all():
                self.initial[f"title_{text.language}"] = text.title
                self.initial[f"body_{text.language}"] = text.body
        self.processed_photo: ProcessedImage | None = None

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            check_image(upload, PHOTO_MESSAGES)
        return upload

    def full_clean(self):
        super().full_clean()
        self.processed_photo = process_when_valid(self, "photo", process_photo)

    def clean(self):
        cleaned = super().clean()
        written = 0
        for code, _name in settings.LANGUAGES:
            if f"title_{code}" in self.errors or f"body_{code}" in self.errors:
                written += 1  # already told what is wrong with this language
                continue
            title, body = cleaned.get(f"title_{code}", "").strip(), cleaned.get(f"body_{code}", "").strip()
            if title and not body:
                self.add_error(f"body_{code}", _("Write the story under this title, or remove the title."))
            elif body and not title:
                self.add_error(f"title_{code}", _("Give this text a title."))
            written += bool(title or body)
        if not written and not self.errors:
            raise forms.ValidationError(_("Write the story in at least one of the three languages."))
        return cleaned

    def texts(self) -> dict[str, tuple[str, str]]:
        """{language: (title, body)} for each language filled in."""
        return {code: (self.cleaned_data[f"title_{code}"], self.cleaned_data[f"body_{code}"])
                for code, _name in settings.LANGUAGES
                if self.cleaned_data.get(f"title_{code}") or self.cleaned_data.get(f"body_{code}")}


CONSENT_CHOICES = [(Consent.GIVEN, _("Yes, we agree to its publication")),
                   (Consent.REFUSED, _("No, do not publish it"))]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your decision"), choices=CONSENT_CHOICES, widget=forms.RadioSelect)
