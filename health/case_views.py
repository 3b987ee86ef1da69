"""Cases and the lockdown changes that follow them: the list, the "7+7" rule, one case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import can, require
from accounts.http import staff
from accounts.models import User
from health import actions
from health.access import cases_for_user, get_case_for_user, get_entry_for_user, get_round_for_user
from health.capabilities import CHASE_MISSED, MANAGE_CASES
from health.models import AntigenReport, Case, rule_for
from helpdesk.models import Request
from logistics.models import Item
from registry.access import visible_compounds
from registry.models import Compound, LockdownState, Resident


def _compound(user: User, request: HttpRequest) -> Compound | None:
    compounds = visible_compounds(user)
    chosen = request.POST.get("compound") or request.GET.get("compound")
    return next((c for c in compounds if str(c.pk) == chosen), compounds[0] if compounds else None)


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(user, CHASE_MISSED, _("Cases are for the leaders, the office and the medical adviser."))
    compound = _compound(user, request)
    listed = cases_for_user(user).select_related("resident", "household__unit__building")
    show = request.GET.get("show", "active")
    if show != "all":
        listed = listed.active()
    may_manage = can(user, MANAGE_CASES)
    steps = actions.steps_due(compound) if compound is not None and may_manage else []
    return render(
        request,
        "health/cases.html",
        {
            "cases": listed[:300],
            "show": show,
            "compound": compound,
            "steps": steps,
            "rule": rule_for(compound) if compound else None,
            "may_manage": may_manage,
        },
    )


@login_required
@require_POST
def apply_steps(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(
        user, MANAGE_CASES, _("Only the office and the medical adviser change lockdown states.")
    )
    compound = _compound(user, request)
    if compound is None:
        raise Http404(_("You serve no compound."))
    done = actions.apply_steps(user=user, compound=compound, steps=actions.steps_due(compound))
    messages.success(
        request,
        _("%(n)s lockdown changes made, each with its reason in the history.") % {"n": done},
        extra_tags="steps",
    )
    return redirect(reverse("health_cases") + "#steps")


@login_required
@require_POST
def rule(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(user, MANAGE_CASES, _("Only the office and the medical adviser set the rule."))
    compound = _compound(user, request)
    try:
        if compound is None:
            raise ValidationError(_("You serve no compound."))
        try:
            sealed, home = (
                int(request.POST.get("sealed_days", "")),
                int(request.POST.get("home_days", "")),
            )
        except ValueError:
            raise ValidationError(_("Each part of the rule is 0 to 60 days.")) from None
        saved = actions.set_rule(user=user, compound=compound, sealed_days=sealed, home_days=home)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages), extra_tags="rule")
    else:
        messages.success(
            request, _("The rule is now %(rule)s.") % {"rule": saved}, extra_tags="rule"
        )
    return redirect(reverse("health_cases") + "#rule")


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    found = get_case_for_user(user, pk)
    household = found.household
    rule = rule_for(found.compound)
    return render(
        request,
        "health/case.html",
        {
            "case": found,
            "rule": rule,
            "events": found.events.select_related("by"),
            "contacts": Resident.objects.filter(household=household).exclude(pk=found.resident_id),
            "requests": Request.objects.filter(household=household).order_by("-pk")[:20],
            "deliveries": Item.objects.filter(household=household).order_by("-pk")[:20],
            "reports": AntigenReport.objects.filter(household=household).select_related("resident")[
                :20
            ],
            "lockdowns": LockdownState.objects.filter(unit=household.unit)
            .select_related("set_by")
            .order_by("-since", "-pk")[:10],
            "statuses": Case.Status.choices,
            "may_manage": can(user, MANAGE_CASES),
            "step_down_on": found.step_down_on(rule),
            "release_on": found.release_on(rule),
        },
    )


@login_required
@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require(user, MANAGE_CASES, _("Only the office and the medical adviser change a case."))
    found = get_case_for_user(user, pk)
    try:
        actions.set_case_status(
            user=user,
            case=found,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages), extra_tags="status")
    else:
        messages.success(
            request, _("Status kept, with its date in the history."), extra_tags="status"
        )
    return redirect(reverse("health_case", args=[found.pk]) + "#status")


@login_required
@require_POST
def confirm_positive(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """A retest confirmed positive: the resident's case, request and sealed unit in one step."""
    user = staff(request)
    require(user, MANAGE_CASES, _("Only the office and the medical adviser open a case."))
    round = get_round_for_user(user, pk)
    found = get_entry_for_user(user, round, entry)
    opened = actions.open_case(resident=found.resident, source=Case.Source.TUBE, by=user)
    messages.warning(
        request,
        _("Case opened for %(name)s: urgent request raised, unit sealed by the rule.")
        % {"name": found.resident.name},
    )
    return redirect("health_case", pk=opened.pk)
