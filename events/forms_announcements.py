"""The organizer's announcement form: who receives it (each group with how many companies it reaches now) and
the text in one or more of the site's languages, each written whole (subject and message) or left empty."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.validators import validate_single_line
from events.models import Announcement, AnnouncementAudience
from events.services.announcements import LANGUAGE_NAMES, LANGUAGES

TEXT_FIELDS = [f"{part}_{code}" for code in LANGUAGES for part in ("subject", "body")]


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=_("Send to"), widget=forms.RadioSelect)

    def __init__(self, *args, counts: dict[str, int], online: bool = True, selection: str = "", **kwargs):
        """`selection`: the signed token of the dashboard's selection (events.views.announcements); with it the
        only audience is SELECTED (its count in `counts`), and the token is carried through the preview in a
        hidden field. Without it every group but SELECTED is offered."""
        super().__init__(*args, **kwargs)
        self.counts = counts
        if selection:
            audiences = [AnnouncementAudience.SELECTED]
            self.fields["selection"] = forms.CharField(widget=forms.HiddenInput, initial=selection)
        else:
            audiences = [audience for audience in AnnouncementAudience if audience != AnnouncementAudience.SELECTED
                         and (online or audience != AnnouncementAudience.ONLINE)]  # nobody online in person
        self.fields["audience"].choices = [
            (value, ngettext("%(group)s (%(count)d company)", "%(group)s (%(count)d companies)", counts[value])
             % {"group": value.label, "count": counts[value]})
            for value in audiences
        ]
        self.fields["audience"].initial = audiences[0]
        # The model's fields with their length limits; a model field's validators are not the form field's, so the
        # one-line rule of a subject is added here.
        self.fields.update(forms.fields_for_model(Announcement, fields=TEXT_FIELDS))
        for code in LANGUAGES:
            self.fields[f"subject_{code}"].validators.append(validate_single_line)
            self.fields[f"body_{code}"].widget.attrs["rows"] = 8

    def language_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(language name, subject field, message field) per language, for the template's fieldsets."""
        return [(LANGUAGE_NAMES[code], self[f"subject_{code}"], self[f"body_{code}"]) for code in LANGUAGES]

    def clean_audience(self):
        audience = self.cleaned_data["audience"]
        if not self.counts.get(audience):
            raise forms.ValidationError(_("No company is in this group at the moment."))
        return audience

    def clean(self):
        cleaned = super().clean()
        written = 0
        for code in LANGUAGES:
            subject_field, body_field = f"subject_{code}", f"body_{code}"
            if subject_field in self.errors or body_field in self.errors:
                continue
            subject, body = cleaned.get(subject_field, ""), cleaned.get(body_field, "")
            if subject and not body:
                self.add_error(body_field, _("Write the message in %(language)s too, or leave its subject empty.")
                               % {"language": LANGUAGE_NAMES[code]})
            elif body and not subject:
                self.add_error(subject_field, _("Write the subject in %(language)s too, or leave its message "
                                                "empty.") % {"language": LANGUAGE_NAMES[code]})
            elif subject:
                written += 1
        if not written and not any(name in self.errors for name in TEXT_FIELDS):
            raise forms.ValidationError(_("Write the announcement in at least one language: a subject and a "
                                          "message."))
        return cleaned

    def texts(self) -> dict[str, tuple[str, str]]:
        """language → (subject, message) of the languages written, for send_announcement."""
        return {code: (self.cleaned_data[f"subject_{code}"], self.cleaned_data[f"body_{code}"])
                for code in LANGUAGES if self.cleaned_data[f"subject_{code}"]}

    def preview(self, event) -> list[tuple[str, str, str, str]]:
        """(language code, its name, email subject, message) per language written, as the recipients see them."""
        return [(code, LANGUAGE_NAMES[code], f"[{event.title}] {subject}", body)
                for code, (subject, body) in self.texts().items()]
