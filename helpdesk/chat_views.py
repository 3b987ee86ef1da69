"""Paste a block from a building's chat group; confirm or correct each draft in one screen.

Nothing urgent may vanish: an urgent draft without a household stops the confirmation until
someone names its household, and the result lists every message that was not made a request.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import staff
from accounts.models import User
from helpdesk import actions
from helpdesk.forms import MAX_TEXT
from helpdesk.intake import MAX_BLOCK, Draft, draft_from_form, drafts_from_block, find_households
from helpdesk.models import Category, Urgency
from lib.ids import parse_id
from registry.access import get_household_for_user
from registry.models import Household

URGENT = {Urgency.LIFE, Urgency.URGENT}
MAX_DRAFTS = 300


@login_required
def chat(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return confirm(request, user)
    # Not "block": that name is the template's own, and {{ block }} would print a template node.
    pasted = request.POST.get("pasted", "") if request.method == "POST" else ""
    if len(pasted) > MAX_BLOCK:
        error = _("Paste at most %(n)s characters at once.") % {"n": MAX_BLOCK}
        return _page(request, pasted=pasted[:2000], error=error, status=400)
    drafts = drafts_from_block(user, pasted) if pasted.strip() else []
    return _page(request, pasted=pasted, drafts=drafts, batch=secrets.token_urlsafe(12))


def _page(
    request: HttpRequest,
    *,
    pasted: str = "",
    drafts: list[Draft] | None = None,
    error: str = "",
    status: int = 200,
    batch: str = "",
) -> HttpResponse:
    context: dict[str, object] = {
        "pasted": pasted,
        # Sent back with the confirmation: the same drafts confirmed twice (Back, then the
        # button again) find the requests the first time made instead of making new ones.
        "batch": batch,
        "drafts": drafts or [],
        "categories": Category.choices,
        "urgencies": Urgency.choices,
        "error": error,
    }
    return render(request, "helpdesk/chat.html", context, status=status)


def confirm(request: HttpRequest, user: User) -> HttpResponse:
    raw_count = request.POST.get("count", "")
    count = min(int(raw_count), MAX_DRAFTS) if raw_count.isascii() and raw_count.isdecimal() else 0
    drafts = [draft_from_form(user, request.POST, i) for i in range(count)]
    rows: list[tuple[Draft, Household]] = []
    for draft in drafts:
        household = _household(user, draft)
        if draft.error:
            continue
        if household is None:
            if draft.urgency in URGENT:
                draft.error = _(
                    "This message is urgent and no household is chosen: choose one or type "
                    "its room, so that it does not get lost."
                )
            continue
        if draft.included:
            rows.append((draft, household))
    if any(d.error for d in drafts) or not rows:
        error = _("Nothing was created yet: correct the messages marked below.")
        if not any(d.error for d in drafts):
            error = _("No message was ticked.")
        return _page(
            request, pasted=request.POST.get("pasted", "")[:MAX_BLOCK], drafts=drafts,
            error=error, status=400, batch=request.POST.get("batch", "")[:40],
        )  # fmt: skip
    created = actions.submit_chat_requests(
        by=user,
        rows=[(household, d.category, d.urgency, d.text, d.parsed) for d, household in rows],
        batch=request.POST.get("batch", "")[:40] or secrets.token_urlsafe(12),
    )
    left = [d for d in drafts if not d.included]
    return render(
        request, "helpdesk/chat_done.html",
        {"created": created, "left": left, "now": timezone.now()},
    )  # fmt: skip


def _household(user: User, draft: Draft) -> Household | None:
    """The household chosen for a draft, or typed as a room; an error says what is wrong."""
    if draft.category not in Category.values or draft.urgency not in Urgency.values:
        draft.error = _("Choose a category and an urgency.")
        return None
    if draft.included and (not draft.text or len(draft.text) > MAX_TEXT):
        draft.error = _("The message is empty or longer than %(n)s characters.") % {"n": MAX_TEXT}
        return None
    if household_id := parse_id(draft.chosen):
        try:
            return get_household_for_user(user, household_id)
        except Http404:
            draft.error = _("That household is outside your scope.")
            return None
    if draft.where:
        found = find_households(user, draft.where)
        draft.matches = found
        if len(found) == 1:
            return found[0]
        draft.error = (
            _("Several households fit “%(where)s”: choose one.")
            if found
            else _("No household in your scope is at “%(where)s”.")
        ) % {"where": draft.where}
        return None
    if draft.included:
        draft.error = _("Choose the household, or type its room (e.g. 3-2-501).")
    return None
