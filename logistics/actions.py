"""Everything that changes an item: received, shelved, resolved, handed on, delivered.

A hand-off is a conditional update on the item's status, so that of two scans of the same step
one wins and the other is told who was first; a step already done, or one back down the relay,
changes nothing and says why.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.capabilities import require
from accounts.models import AuditEntry, User, record
from helpdesk import actions as helpdesk_actions
from helpdesk.models import Request, Urgency
from lib.bulk import insert_rows
from lib.consignment import ConsignmentRow
from lib.files import private_dir
from linli.errors import Conflict
from logistics.addressing import Directory, Recipient, find_recipient
from logistics.capabilities import RECEIVE_GOODS, SET_GATE_RULES
from logistics.models import (
    RELAY,
    Batch,
    GateRules,
    Handoff,
    Item,
    Kind,
    Source,
    Status,
    new_code,
)
from logistics.slots import slot_for
from registry.models import Compound, Household

MAX_PIECES = 999
HOUSEHOLD = "住户"  # the actor when the household confirms on its link


def _check_item(kind: str, source: str, pieces: int) -> None:
    if kind not in Kind.values:
        raise ValidationError(_("Choose what kind of item it is."))
    if source not in Source.values:
        raise ValidationError(_("Choose who brought it."))
    if not 1 <= pieces <= MAX_PIECES:
        raise ValidationError(
            _("The number of pieces must be between 1 and %(max)s.") % {"max": MAX_PIECES}
        )


def _is_urgent(kind: str, request: Request | None) -> bool:
    return kind == Kind.MEDICINE or bool(
        request and request.urgency in (Urgency.LIFE, Urgency.URGENT)
    )


def _item_fields(
    *, compound: Compound, rules: GateRules, kind: str, recipient: Recipient, now: datetime,
    request: Request | None = None, **fields: Any,
) -> dict[str, Any]:  # fmt: skip
    """What an item arriving now holds: its household (or the shelf), its slot, its times."""
    slot = slot_for(rules, kind, now, urgent=_is_urgent(kind, request))
    household = recipient.household
    return {
        "compound_id": compound.pk, "kind": kind,
        "household_id": household.pk if household else None,
        "building_id": household.unit.building_id if household else None,
        "resident_id": recipient.resident.pk if recipient.resident else None,
        "request_id": request.pk if request else None,
        "status": Status.GATE if household else Status.SHELF,
        "slot": slot.code, "due_at": slot.due_at, "late": slot.late, "received_at": now,
        "moved_at": now, **fields,
    }  # fmt: skip


def _save_with_code(item: Item) -> Item:
    """Save under a fresh short code; on the rare clash, draw another."""
    for _attempt in range(8):
        try:
            with transaction.atomic():
                item.save()
            return item
        except IntegrityError:
            if Item.objects.filter(compound=item.compound, code=item.code).exists():
                item.code = new_code()
                item.pk = None
                continue
            raise
    raise Conflict(_("Could not find a free item code; try again."))


def receive_item(
    *,
    user: User,
    compound: Compound,
    kind: str,
    label_text: str,
    source: str = Source.COURIER,
    sender: str = "",
    pieces: int = 1,
    disinfected: bool = False,
    name: str = "",
    phone: str = "",
    household: Household | None = None,
    request: Request | None = None,
    note: str = "",
) -> Item:
    """Log one item at the gate: for the household its label names, or onto the shelf."""
    require(user, RECEIVE_GOODS, _("You do not receive goods at the gate."))
    _check_item(kind, source, pieces)
    label_text = label_text.strip()[:300]
    if household is not None:
        if household.unit.building.compound_id != compound.pk:
            raise ValidationError(_("That household is not in this compound."))
        recipient = find_recipient(compound, label_text, name=name, phone=phone)
        if recipient.household != household:
            recipient = Recipient(household=household)
    elif request is not None:
        recipient = Recipient(household=request.household)
    else:
        if not (label_text or name or phone):
            raise ValidationError(_("Type or paste what the label says."))
        recipient = find_recipient(compound, label_text, name=name, phone=phone)
    now = timezone.now()
    item = Item(**_item_fields(
        compound=compound, rules=GateRules.for_compound(compound), kind=kind,
        recipient=recipient, now=now, request=request, label_text=label_text, source=source,
        sender=sender.strip()[:100], pieces=pieces, disinfected=disinfected,
        note=note.strip()[:200], received_by_id=user.pk, holder_id=user.pk,
    ))  # fmt: skip
    with transaction.atomic():
        _save_with_code(item)
        Handoff.objects.create(item=item, stage=Status.GATE, at=now, by=user)
    return item


def resolve_item(*, user: User, item: Item, household: Household) -> Item:
    """A shelved item's household found: it joins the relay at the gate."""
    require(user, RECEIVE_GOODS, _("You do not receive goods at the gate."))
    if household.unit.building.compound_id != item.compound_id:
        raise ValidationError(_("That household is not in this compound."))
    with transaction.atomic():
        changed = Item.objects.filter(pk=item.pk, status=Status.SHELF).update(
            status=Status.GATE, household=household, building=household.unit.building,
            moved_at=timezone.now(),
        )  # fmt: skip
        item.refresh_from_db()
        if not changed:
            raise Conflict(
                _("This item is no longer on the shelf: it is %(status)s.")
                % {"status": item.get_status_display()}
            )
        record(user=user, action=AuditEntry.Action.UPDATE, obj=item,
               detail={"resolved_to": household.pk})  # fmt: skip
    return item


def close_shelf_item(*, user: User, item: Item, status: str, reason: str) -> Item:
    """Returned to the courier or disposed of, with the reason: never just gone."""
    require(user, RECEIVE_GOODS, _("You do not receive goods at the gate."))
    if status not in (Status.RETURNED, Status.DISPOSED):
        raise ValidationError(_("Choose returned or disposed of."))
    if not reason.strip():
        raise ValidationError(_("Say why: who took it back, or why it was thrown away."))
    with transaction.atomic():
        changed = Item.objects.filter(pk=item.pk, status=Status.SHELF).update(
            status=status, closed_reason=reason.strip()[:200], moved_at=timezone.now(),
            holder=None,
        )  # fmt: skip
        item.refresh_from_db()
        if not changed:
            raise Conflict(
                _("This item is no longer on the shelf: it is %(status)s.")
                % {"status": item.get_status_display()}
            )
        Handoff.objects.create(item=item, stage=status, by=user, note=reason.strip()[:200])
        record(user=user, action=AuditEntry.Action.UPDATE, obj=item,
               detail={"status": status, "reason": reason.strip()[:200]})  # fmt: skip
    return item


def _refusal(item: Item, stage: str) -> str:
    """Why a hand-off to `stage` cannot happen now, in words for the person scanning."""
    if item.status == Status.SHELF:
        return _("This item is on the unaddressed shelf: find its household first.")
    if item.status in (Status.RETURNED, Status.DISPOSED):
        return _("This item was %(status)s.") % {"status": item.get_status_display()}
    done = item.handoffs.filter(stage=stage).select_related("by").first()
    if done is not None:
        who = done.by.name if done.by else done.actor
        return _("Already done: %(stage)s, by %(who)s at %(time)s. Nothing changed.") % {
            "stage": Status(stage).label, "who": who,
            "time": f"{timezone.localtime(done.at):%H:%M}",
        }  # fmt: skip
    return _("Out of order: the item is already %(status)s. Nothing changed.") % {
        "status": item.get_status_display()
    }


def hand_off(
    *, user: User | None, item: Item, stage: str, note: str = "", photo: UploadedFile | None = None
) -> Item:
    """The item moves one or more steps forward on the relay: to the grid runner, the
    building volunteer, or the door. Each step once; never back."""
    if user is not None:
        require(user, RECEIVE_GOODS, _("You do not carry goods."))
    if stage not in RELAY[1:]:
        raise ValidationError(_("Choose where the item goes next."))
    earlier = RELAY[: RELAY.index(Status(stage))]
    now = timezone.now()
    with transaction.atomic():
        changed = Item.objects.filter(pk=item.pk, status__in=earlier).update(
            status=stage, moved_at=now, holder=user if stage != Status.DELIVERED else None
        )
        item.refresh_from_db()
        if not changed:
            raise Conflict(_refusal(item, stage))
        Handoff.objects.create(
            item=item, stage=stage, at=now, by=user, actor="" if user else HOUSEHOLD,
            note=note.strip()[:200],
        )  # fmt: skip
        if photo is not None:
            item.photo.save(f"{item.code}.jpg", photo, save=False)
            Item.objects.filter(pk=item.pk).update(photo=item.photo.name)
        if stage == Status.DELIVERED and item.request_id is not None and user is not None:
            assert item.request is not None
            helpdesk_actions.close_on_delivery(
                request=item.request, user=user,
                reply=_("Your goods are at your door: %(item)s.") % {"item": describe(item)},
            )  # fmt: skip
    return item


def confirm_by_household(*, household: Household, item: Item) -> Item:
    """The household says it has the goods (on its link): the last step, if not yet done."""
    if item.household_id != household.pk:
        raise PermissionDenied(_("This item is not for your household."))
    return hand_off(user=None, item=item, stage=Status.DELIVERED)


def link_request(*, user: User, item: Item, request: Request) -> Item:
    """The goods a help-desk request asked for: delivering the item closes the request."""
    require(user, RECEIVE_GOODS, _("You do not receive goods at the gate."))
    if item.household_id != request.household_id:
        raise ValidationError(_("The request is from another household."))
    Item.objects.filter(pk=item.pk).update(request=request)
    item.request = request
    return item


def describe(item: Item) -> str:
    sender = f"（{item.sender}）" if item.sender else ""
    return f"{item.get_kind_display()}{sender} ×{item.pieces}"


def save_gate_rules(
    *, user: User, compound: Compound, slots: dict[str, list[str]], sweep_at: Any,
    cutoff_at: Any, at_once_minutes: int,
) -> GateRules:  # fmt: skip
    require(user, SET_GATE_RULES, _("Only the community admin sets the gate's times."))
    if not sweep_at < cutoff_at:
        raise ValidationError(_("The evening sweep must come before the cut-off."))
    with transaction.atomic():
        rules, _created = GateRules.objects.update_or_create(
            compound=compound,
            defaults={"slots": slots, "sweep_at": sweep_at, "cutoff_at": cutoff_at,
                      "at_once_minutes": at_once_minutes},
        )  # fmt: skip
        record(user=user, action=AuditEntry.Action.UPDATE, obj=rules,
               detail={"slots": slots, "sweep_at": f"{sweep_at:%H:%M}",
                       "cutoff_at": f"{cutoff_at:%H:%M}"})  # fmt: skip
    return rules


# --- a consignment received as one batch ---------------------------------------------------


@dataclass
class BatchResult:
    batch: Batch
    created: bool  # False: the same list was received before, nothing new was made


def fingerprint(rows: list[ConsignmentRow], reference: str) -> str:
    if reference.strip():
        return "ref:" + hashlib.sha256(reference.strip().encode()).hexdigest()[:60]
    body = json.dumps([row.raw for row in rows], ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def receive_batch(
    *,
    user: User | None,
    compound: Compound,
    rows: list[ConsignmentRow],
    kind: str,
    header: list[str] | None = None,
    source_name: str = "",
    reference: str = "",
    file_name: str = "",
) -> BatchResult:
    """One item per row (the unaddressed on the shelf), all or nothing, once per list."""
    if user is not None:
        require(user, RECEIVE_GOODS, _("You do not receive goods at the gate."))
    if kind not in Kind.values:
        raise ValidationError(_("Choose what kind of goods the consignment is."))
    if not rows:
        raise ValidationError(_("The list has no rows."))
    key = fingerprint(rows, reference)
    if existing := Batch.objects.filter(compound=compound, fingerprint=key).first():
        return BatchResult(existing, created=False)
    rules = GateRules.for_compound(compound)
    directory = Directory(compound)
    now = timezone.now()
    items, report = [], []
    for row in rows:
        if row.rejected:
            report.append([row.number, row.rejected, *row.raw])
            continue
        recipient = find_recipient(
            compound, row.label, name=row.name, phone=row.phone, where=row.where,
            lookup=directory,
        )  # fmt: skip
        note = " ".join(part for part in (row.goods, row.notes) if part)
        items.append(_item_fields(
            compound=compound, rules=rules, kind=kind, recipient=recipient, now=now,
            label_text=row.label, source=Source.SHOP, sender=source_name[:100],
            pieces=row.pieces, disinfected=False, note=note[:200], closed_reason="", photo="",
            received_by_id=user.pk if user else None, holder_id=user.pk if user else None,
        ))  # fmt: skip
        if recipient.household is None:
            why = _("several households fit") if recipient.candidates else _("no household fits")
            report.append([row.number, _("on the shelf: %s") % why, *row.raw])
    unaddressed = sum(1 for item in items if item["household_id"] is None)
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                compound=compound, fingerprint=key, reference=reference.strip()[:100],
                source_name=source_name[:100], kind=kind, file_name=file_name[:200],
                rows_read=len(rows), rows_rejected=len(rows) - len(items),
                items_created=len(items), items_unaddressed=unaddressed, received_at=now,
                received_by=user,
            )  # fmt: skip
            codes = _free_codes(compound, len(items))
            for item, code in zip(items, codes, strict=True):
                item.update(batch_id=batch.pk, code=code)
            # A van's list is thousands of rows: one prepared INSERT (COPY on PostgreSQL).
            fields = list(items[0]) if items else []
            insert_rows(
                Item, [_field_name(f) for f in fields], [[i[f] for f in fields] for i in items]
            )
            by = user.pk if user else None
            insert_rows(
                Handoff, ["item", "stage", "at", "by", "actor", "note"],
                [[pk, Status.GATE, now, by, "", ""]
                 for pk in batch.items.values_list("pk", flat=True)],
            )  # fmt: skip
            batch.report_file = _write_report(batch, header or [], report)
            batch.save(update_fields=["report_file"])
            if user is not None:
                record(user=user, action=AuditEntry.Action.IMPORT, obj=batch,
                       detail=batch.summary())  # fmt: skip
    except IntegrityError:
        # The same list received at the same moment by somebody else: theirs stands.
        existing = Batch.objects.filter(compound=compound, fingerprint=key).first()
        if existing is None:
            raise
        return BatchResult(existing, created=False)
    return BatchResult(batch, created=True)


def _field_name(attname: str) -> str:
    return attname.removesuffix("_id")


def _free_codes(compound: Compound, count: int) -> list[str]:
    """`count` codes not yet used in the compound (nor twice in the list)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(
            Item.objects.filter(compound=compound, code__in=wanted).values_list("code", flat=True)
        )
        codes |= wanted - taken
    return sorted(codes)


def reports_dir() -> Path:
    return Path(settings.VAR_DIR) / "reports"


def _write_report(batch: Batch, header: list[str], rows: list[list[Any]]) -> str:
    """The rows that need a person: not taken, or on the shelf, with why (a private file).
    Where every other row went is on the batch's page."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("接收结果")
    sheet.append(["行号", "说明", *header])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    directory = reports_dir()
    private_dir(directory)
    name = f"consignment-{batch.pk}.xlsx"
    with os.fdopen(
        os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
    ) as f:
        f.write(buffer.getvalue())
    return name
