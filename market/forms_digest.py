"""The digest settings form: weekly digest or none."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DigestSettingsForm(forms.Form):
    subscribed = forms.TypedChoiceField(
        label=_("Weekly market digest"),
        choices=[("yes", _("Send me the weekly market digest")), ("no", _("No digest"))],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you want the digest.")},
    )
