"""The errors every app's actions raise, and how pages and the API answer them.

- `Conflict`: someone else changed the record first (a lost claim): 409.
- Django's `ValidationError`: the input cannot be taken: 400 on a page, 422 in the API.
- `PermissionDenied` and `Http404` are Django's own: 403 and 404.

A view that can show its form again with what was typed catches these itself; whatever it
does not catch is answered here, once for pages and once for the API (linli.api), with the
message in the page's language and a way back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


class Conflict(Exception):
    """Someone else changed the record first; the message says what happened."""


def status_of(exc: Exception) -> int | None:
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, ValidationError):
        return 400
    return None


def message_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def domain_errors(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: a Conflict or ValidationError a page view let through becomes its page."""

    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exc: Exception) -> HttpResponse | None:
        status = status_of(exc)
        if status is None or request.path.startswith("/api/"):
            return None
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = ""
        return render(
            request, "error.html", {"message": message_of(exc), "back": back}, status=status
        )

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
