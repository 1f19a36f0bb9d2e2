from allauth.core import ratelimit
from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """The current password confirms that the person at the keyboard owns the account (a session left open on a
    shared computer is not enough to delete it). Attempts count against allauth's "reauthenticate" rate limit
    (ACCOUNT_RATE_LIMITS, 10 a minute per user by default), so the form cannot be used to guess the password."""

    password = forms.CharField(
        label=_("Your current password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(_("Too many attempts. Wait a minute, then try again."), code="rate_limited")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."), code="password_incorrect")
        return password
