"""快团团 and 群接龙 exports turned into an offer of this compound, as if it had been made here.

Each order is matched to a household with the gate's address matching (address, phone, name);
an order that fits no household, or several, is reported by row and cell and never guessed.
The matched households become the offer's sign-ups with what they ordered, closed: the leader
prints the pick lists and sends the batch to the gate as for any offer. The money was taken
by the app, so nothing is charged in the ledger.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AuditEntry, User, record
from groupbuy.models import Offer, OfferItem, SignUp, SignUpLine, Unit, to_milli, yuan
from lib.bulk import insert_rows
from lib.group_orders import Export, read_group_orders
from logistics.addressing import Directory, find_recipient
from registry.importer import spreadsheet_limits
from registry.models import Compound


@dataclass
class ImportResult:
    app: str
    rows_read: int
    orders: int
    households_matched: int
    rows_unmatched: int
    amount_total: Decimal
    unmatched: list[str] = field(default_factory=list)  # 第7行：详细地址“…”无住户相符
    offer: Offer | None = None
    repeated: bool = False  # the same file was imported before: nothing new was made

    def as_json(self) -> dict[str, object]:
        return {
            "app": self.app, "rows_read": self.rows_read, "orders": self.orders,
            "households_matched": self.households_matched, "rows_unmatched": self.rows_unmatched,
            "amount_total": str(self.amount_total), "unmatched": self.unmatched,
            "offer": self.offer.pk if self.offer else None, "repeated": self.repeated,
        }  # fmt: skip


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_group_orders(
    *, compound: Compound, path: Path, user: User | None, title: str = ""
) -> ImportResult:
    export = read_group_orders(path, spreadsheet_limits())
    key = fingerprint(path)
    directory = Directory(compound)
    wanted: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    prices: dict[tuple[str, str], Decimal] = {}
    unmatched: list[str] = []
    rows_unmatched = 0
    for order in export.orders:
        found = find_recipient(
            compound, order.label, name=order.name or order.buyer, phone=order.phone,
            where=order.where or order.address, lookup=directory,
        )  # fmt: skip
        if found.household is None:
            rows_unmatched += len(order.rows)
            why = "多户相符" if found.candidates else "无住户相符"
            cell = order.where or order.address or order.phone or order.name
            unmatched.append(f"第{order.rows[0]}行：地址“{cell}”{why}（{order.name}）")
            continue
        for line in order.lines:
            item = (line.goods, line.spec)
            wanted[found.household.pk][item] += line.quantity
            if line.amount and line.quantity and item not in prices:
                prices[item] = yuan(line.amount / line.quantity)
    result = ImportResult(
        app=export.app, rows_read=export.rows_read, orders=len(export.orders),
        households_matched=len(wanted), rows_unmatched=rows_unmatched,
        amount_total=sum((order.amount for order in export.orders), Decimal(0)),
        unmatched=unmatched,
    )  # fmt: skip
    if existing := Offer.objects.filter(compound=compound, fingerprint=key).first():
        result.offer, result.repeated = existing, True
        return result
    try:
        result.offer = _save(compound, export, wanted, prices, key, user, title or path.stem)
    except IntegrityError:  # the same file, imported at the same moment by someone else
        result.offer = Offer.objects.get(compound=compound, fingerprint=key)
        result.repeated = True
    return result


def _save(
    compound: Compound,
    export: Export,
    wanted: dict[int, dict[tuple[str, str], Decimal]],
    prices: dict[tuple[str, str], Decimal],
    key: str,
    user: User | None,
    title: str,
) -> Offer:
    now = timezone.now()
    names = sorted({item for lines in wanted.values() for item in lines})
    with transaction.atomic():
        offer = Offer.objects.create(
            compound=compound, leader=user, title=f"{export.app}：{title}"[:100],
            supplier=export.app, cutoff_at=now, status=Offer.Status.CONFIRMED, closed_at=now,
            source=Offer.Source.IMPORT, fingerprint=key,
        )  # fmt: skip
        items = OfferItem.objects.bulk_create([
            OfferItem(offer=offer, name=name[:100], spec=spec, unit=Unit.SHARE,
                      price=prices.get((name, spec), Decimal(0)), position=position)
            for position, (name, spec) in enumerate(names)
        ])  # fmt: skip
        item_pk = {(i.name, i.spec): i.pk for i in items}
        # Thousands of orders: one prepared statement each for the lists and their lines.
        insert_rows(SignUp, ["offer", "household", "created_at", "updated_at", "late_reason",
                             "cancelled"],
                    [[offer.pk, pk, now, now, "", False] for pk in wanted])  # fmt: skip
        by_household = dict(SignUp.objects.filter(offer=offer).values_list("household", "pk"))
        insert_rows(SignUpLine, ["signup", "item", "quantity_milli", "tolerance_milli",
                                 "allocated_milli", "short_milli", "why"], [
            [by_household[household], item_pk[item], to_milli(amount), 0, to_milli(amount), 0, ""]
            for household, lines in wanted.items() for item, amount in lines.items()
        ])  # fmt: skip
        if user is not None:
            record(user=user, action=AuditEntry.Action.IMPORT, obj=offer,
                   detail={"app": export.app, "orders": len(export.orders),
                           "households": len(wanted)})  # fmt: skip
    return offer
