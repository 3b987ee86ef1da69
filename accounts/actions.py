"""Writes to accounts: each atomic and in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import AuditEntry, User, record


def save_staff(*, by: User, staff: User | None, values: dict[str, Any]) -> User:
    """Create a member of staff or change one, scope included. The password is never logged."""
    with transaction.atomic():
        creating = staff is None
        if staff is None:
            staff = User(phone=values["phone"])
        before = _snapshot(staff) if not creating else {}
        staff.phone = values["phone"]
        staff.name = values["name"]
        staff.role = values["role"]
        staff.is_active = values["is_active"]
        if values.get("password"):
            staff.set_password(values["password"])
        staff.save()
        staff.compounds.set(values["compounds"])
        staff.grids.set(values["grids"])
        staff.buildings.set(values["buildings"])
        after = _snapshot(staff)
        detail: dict[str, Any] = {
            name: [before.get(name), value] for name, value in after.items()
            if before.get(name) != value
        }  # fmt: skip
        if values.get("password"):
            detail["password"] = "set"
        record(
            user=by,
            action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
            obj=staff,
            detail=detail,
        )
    return staff


def _snapshot(staff: User) -> dict[str, Any]:
    return {
        "phone": staff.phone,
        "name": staff.name,
        "role": staff.role,
        "is_active": staff.is_active,
        "compounds": sorted(staff.compounds.values_list("pk", flat=True)),
        "grids": sorted(staff.grids.values_list("pk", flat=True)),
        "buildings": sorted(staff.buildings.values_list("pk", flat=True)),
    }
