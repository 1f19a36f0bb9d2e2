"""The forms of a company's team pages (companies.team_views); the rules are checked in companies.team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Membership


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER,
                             widget=forms.RadioSelect,
                             help_text=_("Owners manage the profile, the entries and the team; members act for "
                                         "the company in meetings and events."))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, widget=forms.RadioSelect)
