"""Care plans and today's check-in calls."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.capabilities import can
from accounts.http import staff
from accounts.models import User
from helpdesk.capabilities import SET_CARE_PLAN
from helpdesk.care import create_care_plan, log_check_in, reveal_call_numbers, run_plans
from helpdesk.models import CareOccurrence, CarePlan
from linli.forms import PlainTextForm
from registry.access import get_resident_for_user

WEEKDAYS = [(0, "一"), (1, "二"), (2, "三"), (3, "四"), (4, "五"), (5, "六"), (6, "日")]


class CarePlanForm(PlainTextForm, forms.ModelForm):  # type: ignore[type-arg]
    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays"), choices=WEEKDAYS, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    dates = forms.CharField(
        label=_("dates"), required=False, help_text=_("e.g. 2022-12-01, 2022-12-15")
    )

    class Meta:
        model = CarePlan
        fields = ["kind", "description", "weekdays", "dates", "at", "every_days", "starts",
                  "ends", "lead_hours"]  # fmt: skip
        widgets = {
            # Radio buttons, so that the page shows only the fields of the chosen kind (CSS).
            "kind": forms.RadioSelect,
            "at": forms.TimeInput(attrs={"type": "time"}),
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_dates(self) -> list[str]:
        raw = self.cleaned_data.get("dates") or ""
        days = []
        for part in raw.replace("，", ",").split(","):
            if part.strip():
                try:
                    days.append(date.fromisoformat(part.strip()).isoformat())
                except ValueError:
                    raise forms.ValidationError(_("Write dates as 2022-12-01.")) from None
        return days

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == CarePlan.Kind.TRANSPORT and not (data.get("weekdays") or data.get("dates")):
            raise forms.ValidationError(_("A trip needs weekdays or dates."))
        if kind == CarePlan.Kind.REFILL and not data.get("every_days"):
            raise forms.ValidationError(_("A refill needs its number of days."))
        return data


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    """Today's check-in calls in the caller's buildings, the ones still to make first.

    The care loop beside the server opens each day's calls; a plan it has not reached yet
    is offered to open by hand (a POST: looking at the page changes nothing).
    """
    return _calls_page(request, staff(request))


def _calls_page(
    request: HttpRequest, user: User, *, error: str = "", status: int = 200
) -> HttpResponse:
    buildings = user.visible_buildings()
    today = timezone.localdate()
    occurrences = (
        CareOccurrence.objects.filter(
            on=today, plan__kind=CarePlan.Kind.CHECK_IN,
            plan__resident__household__unit__building__in=buildings,
        )
        .select_related("plan__resident__household__unit__building")
        .order_by("result", "pk")
    )  # fmt: skip
    plans = CarePlan.objects.filter(
        active=True, resident__household__unit__building__in=buildings
    ).select_related("resident__household__unit__building")
    return render(
        request, "helpdesk/care.html",
        {"occurrences": occurrences, "plans": plans, "results": CareOccurrence.Result.choices[1:],
         "unopened": _check_ins(user).exclude(occurrences__on=today).count(), "error": error},
        status=status,
    )  # fmt: skip


def _check_ins(user: User) -> QuerySet[CarePlan]:
    return CarePlan.objects.filter(
        active=True, kind=CarePlan.Kind.CHECK_IN,
        resident__household__unit__building__in=user.visible_buildings(),
    )  # fmt: skip


@login_required
@require_POST
def calls_open(request: HttpRequest) -> HttpResponse:
    """Open today's calls of the caller's buildings now, before the care loop gets to them."""
    run_plans(plans=_check_ins(staff(request)))
    return redirect("care_calls")


def _occurrence_for_user(user: User, pk: int) -> CareOccurrence:
    occurrence = (
        CareOccurrence.objects.filter(
            pk=pk, plan__resident__household__unit__building__in=user.visible_buildings()
        )
        .select_related("plan__resident__household__unit__building__compound")
        .first()
    )
    if occurrence is None:
        raise Http404(_("There is no such call, or it is outside your scope."))
    return occurrence


@login_required
@require_POST
def call_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The numbers the caller needs: the resident's own, the household's and the proxy's."""
    user = staff(request)
    occurrence = _occurrence_for_user(user, pk)
    resident = reveal_call_numbers(user=user, occurrence=occurrence)
    return render(
        request, "helpdesk/_call_contact.html",
        {"resident": resident, "household": resident.household},
    )  # fmt: skip


@login_required
@require_POST
def call_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    occurrence = _occurrence_for_user(user, pk)
    result = request.POST.get("result", "")
    if result not in CareOccurrence.Result.values or result == CareOccurrence.Result.PENDING:
        return _calls_page(request, user, error=str(_("Choose how the call went.")), status=400)
    log_check_in(
        occurrence=occurrence, user=user, result=result,
        note=request.POST.get("note", "").strip()[:300],
    )  # fmt: skip
    return redirect("care_calls")


@login_required
def plan_new(request: HttpRequest, resident_pk: int) -> HttpResponse:
    user = staff(request)
    resident = get_resident_for_user(user, resident_pk)
    if not can(user, SET_CARE_PLAN):
        raise PermissionDenied(_("Your role may not set care plans."))
    form = CarePlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        create_care_plan(plan=plan, resident=resident, by=user)
        return redirect("care_calls")
    return render(
        request, "helpdesk/care_plan.html", {"form": form, "resident": resident},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip
