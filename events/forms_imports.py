"""The organizer's upload of a list of participants (events.views.imports). The file is read by the form, in
memory (events.import_files), and never saved: `cleaned_data["parsed"]` holds its rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.import_files import MAX_BYTES, MAX_ROWS, ImportFileError, parse_upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of participants"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv,"
                                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A CSV file (UTF-8) or an Excel workbook (.xlsx), at most %(size)d MB and "
                                          "%(rows)d rows.") % {"size": MAX_BYTES // (1024 * 1024), "rows": MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["parsed"] = parse_upload(upload)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
