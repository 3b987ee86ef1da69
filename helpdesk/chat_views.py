"""Paste a block from a building's chat group; confirm or correct each draft in one screen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.http import staff
from accounts.models import User
from helpdesk import actions
from helpdesk.forms import MAX_TEXT
from helpdesk.intake import MAX_BLOCK, drafts_from_block
from helpdesk.models import Category, Urgency
from registry.access import get_household_for_user


@login_required
def chat(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return confirm(request, user)
    block = request.POST.get("block", "") if request.method == "POST" else ""
    if len(block) > MAX_BLOCK:
        error = f"一次最多粘贴{MAX_BLOCK}个字 (at most {MAX_BLOCK} characters at once)"
        return render(
            request, "helpdesk/chat.html", {"block": block[:2000], "error": error}, status=400
        )
    drafts = drafts_from_block(user, block) if block.strip() else []
    context: dict[str, object] = {
        "block": block,
        "drafts": drafts,
        "categories": Category.choices,
        "urgencies": Urgency.choices,
    }
    return render(request, "helpdesk/chat.html", context)


def confirm(request: HttpRequest, user: User) -> HttpResponse:
    rows, errors = [], {}
    raw_count = request.POST.get("count", "")
    count = min(int(raw_count), 300) if raw_count.isdecimal() else 0
    for i in range(count):
        if request.POST.get(f"include_{i}") != "on":
            continue
        text = request.POST.get(f"text_{i}", "").strip()
        category = request.POST.get(f"category_{i}", "")
        urgency = request.POST.get(f"urgency_{i}", Urgency.NORMAL)
        household_id = request.POST.get(f"household_{i}", "")
        try:
            if not household_id.isdecimal():
                raise ValueError("请选择住户 (choose the household)")
            household = get_household_for_user(user, int(household_id))
            if category not in Category.values or urgency not in Urgency.values:
                raise ValueError("请选择类别和紧急程度 (choose a category and an urgency)")
            if not text or len(text) > MAX_TEXT:
                raise ValueError(f"内容为空或超过{MAX_TEXT}字 (empty or too long)")
        except (ValueError, Http404) as exc:
            errors[i] = str(exc)
            continue
        rows.append((household, category, urgency, text))
    if errors or not rows:
        return render(
            request, "helpdesk/chat_errors.html",
            {"errors": sorted(errors.items()), "nothing": not rows and not errors},
            status=400,
        )  # fmt: skip
    with transaction.atomic():
        for household, category, urgency, text in rows:
            actions.submit_request(
                household=household, category=category, urgency=urgency, text=text,
                source="chat", by=user,
            )  # fmt: skip
    return redirect("helpdesk_pool")
