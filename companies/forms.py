from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.logos import ProcessedLogo, process_logo
from companies.models import Company


class CompanyForm(forms.ModelForm):
    """The company profile. The logo is validated and re-encoded here, in memory, before anything is saved."""

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
            "name", "country", "city", "sectors", "description", "website", "founded", "size",
            "languages", "women_led", "contact_person", "contact_email", "contact_phone", "email_language",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

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
            self.processed_logo = process_logo(upload)
        return upload

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
