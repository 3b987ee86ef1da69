"""The household's side of the help desk, through its own link: ask, follow, confirm, reopen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from helpdesk import actions
from helpdesk.forms import ReopenForm, ReplyForm, RequestForm
from helpdesk.models import Request
from registry.household_link import get_household_by_token


def help_page(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(token)
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            actions.submit_request(household=household, source="link", **form.cleaned_data)
            return redirect("help_page", token=token)
    requests = Request.objects.filter(household=household).prefetch_related("replies")[:30]
    return render(
        request,
        "helpdesk/help_page.html",
        {"household": household, "form": form, "requests": requests, "token": token},
        status=400 if request.method == "POST" else 200,
    )


def _own(token: str, pk: int) -> Request:
    household = get_household_by_token(token)
    return get_object_or_404(Request, household=household, pk=pk)


@require_POST
def help_confirm(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    actions.confirm_receipt(request=_own(token, pk))
    return redirect("help_page", token=token)


@require_POST
def help_reopen(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    form = ReopenForm(request.POST)
    item = _own(token, pk)
    if not form.is_valid():
        return HttpResponse("请写明还缺什么 (say what is still missing)", status=400)
    try:
        actions.reopen(request=item, note=form.cleaned_data["note"])
    except actions.Conflict as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    return redirect("help_page", token=token)


@require_POST
def help_reply(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    form = ReplyForm(request.POST)
    item = _own(token, pk)
    try:
        if not form.is_valid():
            raise ValidationError("回复不能为空 (the reply is empty)")
        actions.reply(request=item, user=None, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return HttpResponse("; ".join(exc.messages), status=400)
    return redirect("help_page", token=token)
