"""The household's side of the help desk, through its own link: ask, follow, confirm, reopen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk import actions
from helpdesk.forms import ReopenForm, ReplyForm, RequestForm
from helpdesk.models import Request, Urgency
from helpdesk.uploads import serve_image
from linli.errors import Conflict
from portal.access import get_household_by_token
from registry.models import Household


def help_page(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(request, token)
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            item, _created = actions.submit_request(
                household=household, source="link", **form.cleaned_data
            )
            return redirect(reverse("help_page", args=[token]) + f"?sent={item.pk}")
        return _page(request, household, token, form=form, status=400)
    return _page(request, household, token, form=form)


def _page(
    request: HttpRequest,
    household: Household,
    token: str,
    *,
    form: RequestForm | None = None,
    error: str = "",
    failed: int | None = None,
    typed: str = "",
    status: int = 200,
) -> HttpResponse:
    """The household's help page; a refused reply or reopen comes back with what was typed."""
    requests = Request.objects.filter(household=household).prefetch_related("replies")[:30]
    sent = next((r for r in requests if str(r.pk) == request.GET.get("sent")), None)
    context: dict[str, Any] = {
        "household": household,
        "form": form or RequestForm(),
        "requests": requests,
        "token": token,
        "sent": sent,
        "life": Urgency.LIFE,
        "error": error,
        "failed": failed,
        "typed": typed,
    }
    return render(request, "helpdesk/help_page.html", context, status=status)


def _own(request: HttpRequest, token: str, pk: int) -> tuple[Household, Request]:
    household = get_household_by_token(request, token)
    item = Request.objects.filter(household=household, pk=pk).first()
    if item is None:
        raise Http404(_("This request is not one of your household's."))
    return household, item


@require_POST
def help_confirm(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    _household, item = _own(request, token, pk)
    actions.confirm_receipt(request=item)
    return redirect("help_page", token=token)


@require_POST
def help_reopen(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household, item = _own(request, token, pk)
    form = ReopenForm(request.POST)
    typed = request.POST.get("note", "")
    if not form.is_valid():
        return _page(
            request, household, token, error=_("Say what is still missing."), failed=item.pk,
            typed=typed, status=400,
        )  # fmt: skip
    try:
        actions.reopen_request(request=item, note=form.cleaned_data["note"])
    except Conflict as exc:
        return _page(
            request, household, token, error=str(exc), failed=item.pk, typed=typed, status=409
        )
    return redirect("help_page", token=token)


@require_POST
def help_reply(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household, item = _own(request, token, pk)
    form = ReplyForm(request.POST)
    typed = request.POST.get("text", "")
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        actions.reply_to_request(request=item, user=None, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return _page(
            request, household, token, error=" ".join(exc.messages), failed=item.pk,
            typed=typed, status=400,
        )  # fmt: skip
    return redirect("help_page", token=token)


def help_photo(request: HttpRequest, token: str, pk: int) -> FileResponse:
    """The household sees the photo it sent with its own request."""
    _household, item = _own(request, token, pk)
    return serve_image(item.photo)
