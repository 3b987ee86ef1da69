from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm as DjangoAuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import throttle


class AuthenticationForm(DjangoAuthenticationForm):
    # A phone number has no letter case: Django's "both are case-sensitive" only confuses.
    error_messages = {
        **DjangoAuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("Wrong phone number or password."),
    }


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = AuthenticationForm(request, data=request.POST or None)
    error = ""
    status = 200
    if request.method == "POST":
        attempt = throttle.attempt_of(request)
        if throttle.is_locked(attempt):
            form = AuthenticationForm(request)
            error = _("Too many failed attempts. Wait 15 minutes and try again.")
            status = 429
        elif form.is_valid():
            throttle.clear(attempt)
            login(request, form.get_user())
            return redirect(next_url or "home")
        else:
            throttle.record_failure(attempt)
            status = 400
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "error": error},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")
