"""The account pages that allauth does not provide (docs/accounts.md): deleting one's account, after an
explanation of what it does, and downloading one's data. The rules are in config.account_deletion and
config.account_data; a view checks who asks, validates the form, calls one service."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from config import account_data, account_deletion
from config.account_forms import DeleteAccountForm


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    plan = account_deletion.deletion_plan(request.user)
    if not plan.allowed:
        # The explanation says why and what to do; a POST changes nothing.
        return render(request, "accounts/delete.html", {"plan": plan},
                      status=403 if request.method == "POST" else 200)
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if form.is_valid():
        try:
            with transaction.atomic():
                account_deletion.delete_account(user=request.user, language=get_language())
                logout(request)
        except account_deletion.AccountDeletionError as error:  # something changed since the page was shown
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your account was deleted. Goodbye, and thank you for using TradeBridge."))
            return redirect("home")
    return render(request, "accounts/delete.html", {"plan": plan, "form": form})


@login_required
@require_GET
def data(request):
    return render(request, "accounts/data.html")


@never_cache
@login_required
@require_GET
def data_download(request):
    """The signed-in user's data as a JSON file (config.account_data.account_data), to save, never to cache."""
    filename = f"tradebridge-data-{request.user.get_username()}-{timezone.localdate().isoformat()}.json"
    response = JsonResponse(account_data.account_data(request.user),
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
