"""The weekly market digest's pages: the settings page (signed in) and the unsubscribe link of each digest (no
login: the signed link is the proof)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from companies.selectors import membership_of
from market import digest as selectors
from market import digest_services as services
from market.forms_digest import DigestSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request):
    subscription = services.subscription_of(request.user)
    subscribed = bool(subscription and subscription.subscribed)
    form = DigestSettingsForm(request.POST if request.method == "POST" else None,
                              initial={"subscribed": "yes" if subscribed else "no"})
    if request.method == "POST" and form.is_valid():
        services.set_subscribed(request.user, form.cleaned_data["subscribed"])
        if form.cleaned_data["subscribed"]:
            messages.success(request, _("You will receive the weekly market digest."))
        else:
            messages.success(request, _("You will no longer receive the weekly market digest."))
        return redirect("market:digest_settings")
    membership = membership_of(request.user)
    language = selectors.email_language(membership.company if membership else None)
    return render(request, "market/digest/settings.html", {
        "form": form, "subscription": subscription, "subscribed": subscribed,
        "has_company": membership is not None, "language": language,
    })


@never_cache
@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token; the signature is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button (link scanners of mail providers open links: a GET changes nothing); POST, from that
    button or from the mail client's own unsubscribe button, unsubscribes."""
    try:
        subscription = services.subscription_from_token(token)
    except services.LinkError as error:
        return render(request, "link_invalid.html", {
            "message": str(error), "destination_url": reverse("market:digest_settings"),
            "destination_label": _("Your digest settings"),
        }, status=error.status)
    if request.method == "POST":
        services.unsubscribe(subscription)
        return render(request, "market/digest/unsubscribed.html", {"subscription": subscription})
    return render(request, "market/digest/unsubscribe.html", {"subscription": subscription})
