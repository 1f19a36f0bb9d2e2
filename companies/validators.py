"""Field validators shared by the apps (events imports `validate_single_line` for its own fields)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names, titles and phone numbers end up in email subjects and headers, CSV cells and one-line labels, where a
# line break splits the text or injects a header. C0 controls, DEL and the Unicode line/paragraph separators
# (which some mail clients and editors treat as line breaks) are refused alike.
LINE_BREAKS_AND_CONTROLS = re.compile("[\x00-\x1f\x7f\u2028\u2029]")


def validate_single_line(value: str) -> None:
    if LINE_BREAKS_AND_CONTROLS.search(str(value)):
        raise ValidationError(
            _("Use a single line: line breaks and control characters are not allowed here."), code="line_break"
        )
