"""Care plans at work: the help desk's actions for care, kept apart from actions.py by size.

Creating a plan, the runner that turns the occurrences due soon into requests (once each),
the check-in caller's numbers and results. The worker runs the runner (`care_job`) every few
minutes, and `linli care` once; running it twice is harmless: an occurrence is unique per plan
and day, and a request is made only with its occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.models import AuditEntry, User, record
from helpdesk import actions
from helpdesk.models import CareOccurrence, CarePlan, Category, Request, Urgency
from registry.models import Resident


def occurrences(plan: CarePlan, start: date, end: date) -> list[date]:
    """The days in [start, end] on which the plan has something to do."""
    days = []
    first = max(start, plan.starts)
    last = min(end, plan.ends) if plan.ends else end
    if plan.kind == CarePlan.Kind.CHECK_IN:
        day = first
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
    elif plan.kind == CarePlan.Kind.REFILL and plan.every_days:
        day = plan.starts
        while day <= last:
            if day >= first:
                days.append(day)
            day += timedelta(days=plan.every_days)
    elif plan.kind == CarePlan.Kind.TRANSPORT:
        explicit = {date.fromisoformat(d) for d in plan.dates}
        day = first
        while day <= last:
            if day.weekday() in plan.weekdays or day in explicit:
                days.append(day)
            day += timedelta(days=1)
    return days


def when(plan: CarePlan, day: date) -> datetime:
    at = plan.at or datetime.min.time().replace(hour=9)
    return timezone.make_aware(datetime.combine(day, at))


def run_plans(now: datetime | None = None, plans: models.QuerySet[CarePlan] | None = None) -> int:
    """Make the requests of active plans (all, or those given) whose next occurrence is due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plans = (CarePlan.objects.all() if plans is None else plans).filter(active=True)
    # What earlier runs made is skipped here rather than refused by the database each time.
    done = set(
        CareOccurrence.objects.filter(plan__in=plans, on__gte=today).values_list("plan_id", "on")
    )
    made = 0
    for plan in plans.select_related("resident__household__unit__building__compound"):
        horizon = timezone.localdate(now + timedelta(hours=plan.lead_hours))
        for day in occurrences(plan, today, horizon):
            if plan.kind == CarePlan.Kind.CHECK_IN and day != today:
                continue  # a call is made on its day
            if (plan.pk, day) not in done:
                made += _occur(plan, day)
    return made


def _occur(plan: CarePlan, day: date) -> int:
    try:
        with transaction.atomic():
            occurrence = CareOccurrence.objects.create(plan=plan, on=day)
            if plan.kind == CarePlan.Kind.CHECK_IN:
                return 1  # a call for a caller, not a request (see log_check_in)
            resident = plan.resident
            due_at = None
            if plan.kind == CarePlan.Kind.TRANSPORT:
                category, urgency = Category.MEDICAL, Urgency.URGENT
                text = f"{resident.name} {plan.description} {when(plan, day):%m-%d %H:%M} 接送"
                due_at = when(plan, day) - timedelta(minutes=30)  # before the trip, not at night
            else:
                category, urgency = Category.MEDICINE, Urgency.NORMAL
                text = f"{resident.name} {plan.description}（按计划{plan.every_days}天一次）"
            request, _ = actions.submit_request(
                household=resident.household, category=category, urgency=urgency, text=text,
                source="care", due_at=due_at,
            )  # fmt: skip
            occurrence.request = request
            occurrence.save(update_fields=["request"])
    except IntegrityError:
        return 0  # made already, by an earlier run
    return 1


def create_care_plan(*, plan: CarePlan, resident: Resident, by: User) -> CarePlan:
    """A new standing care plan for a resident, in the audit log."""
    with transaction.atomic():
        plan.resident = resident
        plan.created_by = by
        plan.save()
        record(
            user=by, action=AuditEntry.Action.CREATE, obj=plan,
            detail={"resident": resident.pk, "kind": plan.kind},
        )  # fmt: skip
    return plan


def care_job() -> str:
    """The worker's timed job: make what plans call for, raise missed check-ins."""
    made, missed = run_plans(), missed_check_ins()
    return f"{made} made, {missed} missed check-ins raised" if made or missed else ""


def reveal_call_numbers(*, user: User, occurrence: CareOccurrence) -> Resident:
    """The resident's phone, the household's and the proxy's, for the caller: logged."""
    resident = occurrence.plan.resident
    record(
        user=user, action=AuditEntry.Action.REVEAL, obj=resident,
        detail={"fields": ["phone", "contact_phone", "proxy_phone"], "call": occurrence.pk},
    )  # fmt: skip
    return resident


def log_check_in(
    *, occurrence: CareOccurrence, user: User, result: str, note: str = ""
) -> Request | None:
    """The caller's result. A call not answered, or a resident who needs help, is urgent."""
    if result not in CareOccurrence.Result.values or result == CareOccurrence.Result.PENDING:
        raise ValueError(result)
    with transaction.atomic():
        occurrence.result = result
        occurrence.called_by = user
        occurrence.called_at = timezone.now()
        occurrence.note = note
        occurrence.save()
        if result == CareOccurrence.Result.OK:
            return None
        resident = occurrence.plan.resident
        what = "联系不上" if result == CareOccurrence.Result.NO_ANSWER else "需要帮助"
        request, _ = actions.submit_request(
            household=resident.household, category=Category.MEDICAL, urgency=Urgency.URGENT,
            text=f"每日问候：{resident.name}{what}。{note}".strip(), source="care", by=user,
        )  # fmt: skip
        occurrence.request = request
        occurrence.save(update_fields=["request"])
    return request


def missed_check_ins(now: datetime | None = None, by_hour: int = 12) -> int:
    """Calls still not made by midday become urgent requests: nobody checked on them."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < by_hour:
        return 0
    made = 0
    for occurrence in CareOccurrence.objects.filter(
        on=local.date(), plan__kind=CarePlan.Kind.CHECK_IN,
        result=CareOccurrence.Result.PENDING, request__isnull=True,
    ).select_related("plan__resident__household__unit__building__compound"):  # fmt: skip
        resident = occurrence.plan.resident
        with transaction.atomic():
            request, _ = actions.submit_request(
                household=resident.household, category=Category.MEDICAL, urgency=Urgency.URGENT,
                text=f"每日问候未完成：今天还没有人联系{resident.name}", source="care",
            )  # fmt: skip
            occurrence.request = request
            occurrence.save(update_fields=["request"])
        made += 1
    return made
