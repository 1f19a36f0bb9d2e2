from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.fields import CountryCheckboxSelectMultiple, LanguageMultipleChoiceField, grouped_country_choices
from companies.hs_chapters import RESERVED
from companies.logos import ProcessedLogo, check_logo, process_logo, process_when_valid
from companies.models import Company, HSChapter, HSHeading, Listing


class CompanyForm(forms.ModelForm):
    """The company profile. The logo is checked from its header in clean_logo, and decoded and re-encoded (in
    memory, before anything is saved) only once the whole form is valid: an invalid form costs no decoding."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 5 MB. It is resized to 400 × 400 pixels."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Company
        fields = [
            "name", "country", "city", "sectors", "roles", "description", "website", "founded", "size",
            "languages", "women_led", "contact_person", "contact_email", "contact_phone", "email_language",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "roles": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        field_classes = {"languages": LanguageMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.logo):
            del self.fields["remove_logo"]
        self.fields["founded"].widget.attrs.update({"min": 1800, "max": timezone.now().year})
        self.processed_logo: ProcessedLogo | None = None

    def clean_founded(self):
        founded = self.cleaned_data.get("founded")
        if founded is not None and founded > timezone.now().year:
            raise forms.ValidationError(_("The founding year cannot be in the future."))
        return founded

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            check_logo(upload)
        return upload

    def full_clean(self):
        super().full_clean()  # the fields, clean() and the model's own validation
        self.processed_logo = process_when_valid(self, "logo", process_logo)

    def profile_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("logo", None)
        data.pop("remove_logo", None)
        return data


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the company's owners)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ListingForm(forms.ModelForm):
    """An offer or a request in the marketplace. The reserved HS chapter 77 cannot be chosen."""

    MAX_DAYS = 366

    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"),
        choices=grouped_country_choices,
        required=False,
        help_text=_("For an offer, the markets you want to sell to; for a request, the countries you want to "
                    "buy from. Leave empty for any country."),
        widget=CountryCheckboxSelectMultiple,
    )

    class Meta:
        model = Listing
        fields = ["kind", "title", "description", "sector", "hs_chapter", "hs_heading", "target_countries",
                  "expires_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title": _("What you offer or look for, in a few words, e.g. “Robusta green coffee, grade 1”."),
            "hs_chapter": _("The 2-digit chapter of the Harmonized System your customs broker uses. "
                            "Services have none."),
            "hs_heading": _("Optional: the 4-digit heading within that chapter, e.g. 0904 for pepper. With it, "
                            "partners are only told that your entry answers theirs when it really does."),
            "expires_on": _("The entry leaves the marketplace after this day (at most a year ahead)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hs_chapter"].queryset = HSChapter.objects.exclude(code__in=RESERVED)
        self.fields["hs_chapter"].empty_label = _("None: a service (logistics, software, travel…)")
        self.fields["hs_heading"].queryset = HSHeading.objects.exclude(chapter_id__in=RESERVED)
        self.fields["hs_heading"].empty_label = _("None: the chapter only")
        self.fields["kind"].choices = Listing.Kind.choices
        today = timezone.localdate()
        self.fields["expires_on"].widget.attrs.update({
            "min": today.isoformat(), "max": (today + timedelta(days=self.MAX_DAYS)).isoformat()})

    def clean(self):
        cleaned = super().clean()
        chapter, heading = cleaned.get("hs_chapter"), cleaned.get("hs_heading")
        # The database refuses it too (listing_heading_in_chapter); this is the friendly message.
        if heading is not None and (chapter is None or heading.chapter_id != chapter.pk):
            self.add_error("hs_heading", _("This heading is not in the chosen HS chapter: choose a heading of "
                                           "that chapter, or none."))
        return cleaned

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if expires_on < today:
            raise forms.ValidationError(_("The expiry date cannot be in the past."))
        if expires_on > today + timedelta(days=self.MAX_DAYS):
            raise forms.ValidationError(_("An entry can stay at most a year; choose an earlier expiry date."))
        return expires_on
