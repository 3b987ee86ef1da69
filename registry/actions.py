"""Writes to the registry: each one atomic and written to the audit log with who made it."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import AuditEntry, User, record
from lib.identity import mask_phone
from registry.models import (
    Building,
    Compound,
    ContactCorrection,
    Household,
    LockdownState,
    Resident,
    Unit,
)

HOUSEHOLD_FIELDS = [
    "status", "contact_phone", "contact_verified", "proxy_name", "proxy_phone",
    "proxy_relation", "uses_smartphone", "in_chat_group", "notes",
]  # fmt: skip


def _changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(obj, name, value)
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def update_household(*, user: User, household: Household, values: dict[str, Any]) -> bool:
    with transaction.atomic():
        changes = _changes(household, {k: values[k] for k in HOUSEHOLD_FIELDS if k in values})
        if not changes:
            return False
        # The audit names a changed phone, masked: the log is read by more people than may
        # see the number.
        for name in ("contact_phone", "proxy_phone"):
            if name in changes:
                changes[name] = [mask_phone(v) for v in changes[name]]
        household.save()
        record(user=user, action=AuditEntry.Action.UPDATE, obj=household, detail=changes)
    return True


def save_resident(
    *, user: User, household: Household, resident: Resident | None, values: dict[str, Any]
) -> Resident:
    """Add a resident to a household, or change one; the ID number sets sex and birth date."""
    with transaction.atomic():
        creating = resident is None
        if resident is None:
            resident = Resident(household=household)
        before = {
            name: _plain(getattr(resident, name))
            for name in ("name", "phone", "id_number", "relation", "tags", "due_date", "notes")
        }
        resident.set_name(values["name"])
        # A phone or ID number left out of `values` is kept as it is (edit forms never show it).
        if "phone" in values:
            resident.phone = values["phone"]
        resident.relation = values.get("relation", "")
        resident.notes = values.get("notes", "")
        resident.due_date = values.get("due_date")
        resident.set_tags(values.get("tags", []))
        if values.get("id_number"):
            resident.set_id_number(values["id_number"])
        elif "id_number" in values:
            resident.id_number = ""
        resident.save()
        after = {name: _plain(getattr(resident, name)) for name in before}
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        # The audit row names which fields changed, never the personal data itself.
        record(
            user=user,
            action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
            obj=resident,
            detail={"fields": sorted(changed), "household": household.pk},
        )
    return resident


def reveal(*, user: User, obj: Household | Resident, fields: list[str]) -> None:
    record(user=user, action=AuditEntry.Action.REVEAL, obj=obj, detail={"fields": fields})


def set_lockdown(
    *,
    user: User | None,
    compound: Compound,
    level: str,
    building: Building | None = None,
    unit: Unit | None = None,
    planned_end: date | None = None,
    note: str = "",
    since: datetime | None = None,
    actor: str = "",
) -> LockdownState:
    """A new state for a place; without a user, `actor` names the rule that set it."""
    with transaction.atomic():
        state = LockdownState.objects.create(
            compound=compound,
            building=building,
            unit=unit,
            level=level,
            since=since or timezone.now(),
            planned_end=planned_end,
            note=note,
            set_by=user,
        )
        record(
            user=user,
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=state,
            detail={"level": level, "place": str(state.place), "note": note},
        )
    return state


def submit_correction(*, household: Household, values: dict[str, str]) -> ContactCorrection:
    with transaction.atomic():
        correction = ContactCorrection.objects.create(household=household, **values)
        record(
            user=None,
            actor="住户链接 household link",
            action=AuditEntry.Action.CREATE,
            obj=correction,
            detail={"household": household.pk},
        )
    return correction


def decide_correction(*, user: User, correction: ContactCorrection, confirm: bool) -> bool:
    """Confirm (apply to the household) or reject a pending correction. False if already decided."""
    with transaction.atomic():
        decided = ContactCorrection.objects.filter(
            pk=correction.pk, status=ContactCorrection.Status.PENDING
        ).update(
            status=ContactCorrection.Status.CONFIRMED
            if confirm
            else ContactCorrection.Status.REJECTED,
            decided_by=user,
            decided_at=timezone.now(),
        )
        if not decided:
            return False
        if confirm:
            household = correction.household
            values: dict[str, Any] = {"contact_verified": True}
            for name in ("contact_phone", "proxy_name", "proxy_phone"):
                if getattr(correction, name):
                    values[name] = getattr(correction, name)
            update_household(user=user, household=household, values=values)
        record(
            user=user,
            action=AuditEntry.Action.UPDATE,
            obj=correction,
            detail={"confirmed": confirm},
        )
    return True


def issue_link(*, user: User, household: Household) -> str:
    with transaction.atomic():
        token = household.issue_link()
        record(user=user, action=AuditEntry.Action.LINK, obj=household, detail={"issued": True})
    return token


def revoke_link(*, user: User, household: Household) -> None:
    with transaction.atomic():
        household.revoke_link()
        record(user=user, action=AuditEntry.Action.LINK, obj=household, detail={"revoked": True})


def export_roster(*, user: User, compound: Compound, header: list[str]) -> bytes:
    """The roster of the buildings in the user's scope as xlsx, and the export in the audit."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(compound.name[:31])
    sheet.append(header)
    households = (
        Household.objects.in_buildings(user.visible_buildings().filter(compound=compound))
        .select_related("unit__building")
        .prefetch_related("residents")
        .order_by("unit__building__number", "unit__number", "room")
    )
    rows = 0
    for household in households.iterator(chunk_size=2000):
        for resident in household.residents.all():
            sheet.append(
                [
                    household.unit.building.number,
                    household.unit.number,
                    household.room,
                    resident.name,
                    resident.phone,
                    resident.id_number,
                    "、".join(resident.tag_words),
                    resident.notes,
                    resident.relation,
                ]
            )
            rows += 1
    record(user=user, action=AuditEntry.Action.EXPORT, obj=compound, detail={"rows": rows})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
