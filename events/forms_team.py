"""The forms of an event's Team page (events.views.team); the rules are checked in events.services.team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import OrganizerRole

ROLE_HELP = _("Co-organizers have the same rights as you. Viewers see the dashboard, the plan, the exports and the "
              "reports, and change nothing.")


class TeamInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=OrganizerRole.choices, initial=OrganizerRole.ORGANIZER,
                             widget=forms.RadioSelect, help_text=ROLE_HELP)


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrganizerRole.choices, widget=forms.RadioSelect,
                             help_text=ROLE_HELP)
