from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.models import BODY_MAX, REPORT_NOTE_MAX, ThreadReport


class MessageForm(forms.Form):
    """A message: plain text, line breaks kept, at most BODY_MAX characters (the browser says so too)."""

    body = forms.CharField(
        label=_("Your message"), max_length=BODY_MAX, strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_MAX}),
        error_messages={"required": _("Write a message.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not in the field: formatted in the language of the request.
        self.fields["body"].help_text = _("Plain text, up to %(max)d characters. Members of both companies can "
                                          "read it.") % {"max": BODY_MAX}


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=ThreadReport.Reason.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything our team should know (optional)"), max_length=REPORT_NOTE_MAX,
                           required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": REPORT_NOTE_MAX}))
