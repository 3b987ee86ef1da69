"""Writes to working groups: each atomic and in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import AuditEntry, User, record
from registry.models import Compound
from volunteers.models import WorkingGroup


def save_group(
    *, by: User, compound: Compound, group: WorkingGroup | None, values: dict[str, Any]
) -> WorkingGroup:
    """Create a working group or change one: name, categories, leader and members."""
    with transaction.atomic():
        creating = group is None
        if group is None:
            group = WorkingGroup(compound=compound)
        before = _snapshot(group) if not creating else {}
        group.name = values["name"]
        group.categories = list(values["categories"])
        group.leader = values["leader"]
        group.save()
        group.members.set(values["members"])
        after = _snapshot(group)
        record(
            user=by,
            action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
            obj=group,
            detail={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        )
    return group


def _snapshot(group: WorkingGroup) -> dict[str, Any]:
    return {
        "name": group.name,
        "categories": list(group.categories),
        "leader": group.leader_id,
        "members": sorted(group.members.values_list("pk", flat=True)),
    }
