"""Storing a roster read by lib.roster: idempotent, in batches, nothing lost.

A household is identified by its normalised (building, unit, room); a resident within it by a
valid ID number, else by name. Importing the same file twice changes nothing the second time;
a later file updates what changed. Every rejected row and every warning goes into a report
workbook, beside the original row.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accounts.models import AuditEntry, User, record
from lib.address import floor_of
from lib.chinese import pinyin_initials
from lib.roster import FieldWarning, RosterRow, read_roster
from registry.models import (
    Building,
    BuildingAlias,
    Compound,
    Household,
    Resident,
    RosterImport,
    Unit,
    parse_tags,
)

RESIDENT_FIELDS = [
    "name", "name_initials", "phone", "id_number", "sex", "birth_date",
    "tags", "vulnerable", "notes", "relation",
]  # fmt: skip


@dataclass
class ImportSummary:
    rows_read: int = 0
    households_created: int = 0
    households_updated: int = 0
    residents_created: int = 0
    residents_updated: int = 0
    rows_rejected: int = 0
    warnings: int = 0
    rejected: list[RosterRow] = field(default_factory=list)
    warning_list: list[FieldWarning] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        data = asdict(self)
        del data["rejected"], data["warning_list"]
        return data


class _Importer:
    def __init__(self, compound: Compound, summary: ImportSummary) -> None:
        self.compound = compound
        self.summary = summary
        self.buildings = {b.number: b for b in compound.buildings.all()}
        self.aliases = {
            (a.street, a.number) for a in BuildingAlias.objects.filter(building__compound=compound)
        }
        self.units = {
            (u.building_id, u.number): u.pk
            for u in Unit.objects.filter(building__compound=compound)
        }
        self.updated_households: set[int] = set()
        self.updated_residents: set[int] = set()

    def building(self, row: RosterRow) -> Building:
        assert row.building is not None
        building = self.buildings.get(row.building)
        if building is None:
            building = Building.objects.create(compound=self.compound, number=row.building)
            self.buildings[row.building] = building
        if row.street and (row.street, row.building) not in self.aliases:
            BuildingAlias.objects.get_or_create(
                building=building, street=row.street, number=row.building
            )
            self.aliases.add((row.street, row.building))
        return building

    def unit_id(self, row: RosterRow) -> int:
        building = self.building(row)
        key = (building.pk, row.unit)
        if key not in self.units:
            self.units[key] = Unit.objects.create(building=building, number=row.unit).pk
        return self.units[key]

    def batch(self, rows: list[RosterRow]) -> None:
        keyed = [(self.unit_id(row), row) for row in rows]
        households = self.households(keyed)
        self.residents(keyed, households)

    def households(self, keyed: list[tuple[int, RosterRow]]) -> dict[tuple[int, str], Household]:
        wanted = {(unit_id, row.room) for unit_id, row in keyed}
        found = {
            (h.unit_id, h.room): h
            for h in Household.objects.filter(
                unit_id__in={u for u, _ in wanted}, room__in={r for _, r in wanted}
            )
        }
        new: dict[tuple[int, str], Household] = {}
        changed: dict[int, Household] = {}
        for unit_id, row in keyed:
            assert row.room is not None
            key = (unit_id, row.room)
            household = found.get(key) or new.get(key)
            if household is None:
                household = Household(
                    unit_id=unit_id,
                    room=row.room,
                    floor=floor_of(row.room),
                    contact_phone=row.phone or "",
                    access_token=Household.new_token(),
                )
                new[key] = household
            elif row.phone and not household.contact_phone:
                household.contact_phone = row.phone
                if household.pk:
                    changed[household.pk] = household
        Household.objects.bulk_create(new.values())
        if changed:
            Household.objects.bulk_update(changed.values(), ["contact_phone"])
            self.updated_households.update(changed)
        self.summary.households_created += len(new)
        return found | new

    def residents(
        self, keyed: list[tuple[int, RosterRow]], households: dict[tuple[int, str], Household]
    ) -> None:
        household_ids = {h.pk for h in households.values()}
        by_id: dict[tuple[int, str], Resident] = {}
        by_name: dict[tuple[int, str], Resident] = {}
        for known in Resident.objects.filter(household_id__in=household_ids):
            if known.id_number:
                by_id[(known.household_id, known.id_number)] = known
            by_name.setdefault((known.household_id, known.name), known)
        new: list[Resident] = []
        changed: dict[int, Resident] = {}
        for unit_id, row in keyed:
            assert row.room is not None
            household = households[(unit_id, row.room)]
            resident: Resident | None = None
            if row.id_number:
                resident = by_id.get((household.pk, row.id_number))
            if resident is None:
                candidate = by_name.get((household.pk, row.name))
                # A namesake with another valid ID number is another person.
                if candidate and not (
                    row.id_number and candidate.id_number and candidate.id_number != row.id_number
                ):
                    resident = candidate
            if resident is None:
                resident = Resident(household_id=household.pk)
                apply_row(resident, row)
                new.append(resident)
            elif apply_row(resident, row) and resident.pk:
                changed[resident.pk] = resident
            if resident.id_number:
                by_id[(household.pk, resident.id_number)] = resident
            by_name.setdefault((household.pk, resident.name), resident)
        Resident.objects.bulk_create(new)
        if changed:
            Resident.objects.bulk_update(changed.values(), RESIDENT_FIELDS)
            self.updated_residents.update(changed)
        self.summary.residents_created += len(new)


_initials_cache: dict[str, str] = {}


def _initials(name: str) -> str:
    initials = _initials_cache.get(name)
    if initials is None:
        initials = pinyin_initials(name)
        if len(_initials_cache) < 200_000:
            _initials_cache[name] = initials
    return initials


def apply_row(resident: Resident, row: RosterRow) -> bool:
    """Copy what the row says onto the resident; True if anything changed.

    An empty cell never erases what is known: a later, thinner roster must not lose data.
    """
    values: dict[str, Any] = {"name": row.name, "name_initials": _initials(row.name)}
    if row.phone:
        values["phone"] = row.phone
    if row.id_number:
        values.update(id_number=row.id_number, sex=row.sex, birth_date=row.birth_date)
    if row.tags:
        tags = parse_tags(row.tags)
        values.update(tags=tags, vulnerable=bool(tags))
    if row.notes:
        values["notes"] = row.notes
    if row.relation:
        values["relation"] = row.relation
    changed = False
    for name, value in values.items():
        if getattr(resident, name) != value:
            setattr(resident, name, value)
            changed = True
    return changed


def import_roster(
    *,
    path: Path,
    compound_name: str,
    user: User | None = None,
    filename: str | None = None,
    batch_size: int = 2000,
) -> tuple[RosterImport, ImportSummary]:
    """Import a roster file into a compound (created if it does not exist), all or nothing."""
    header, rows = read_roster(path)
    summary = ImportSummary()
    with transaction.atomic():
        compound, _ = Compound.objects.get_or_create(name=compound_name.strip())
        importer = _Importer(compound, summary)
        while True:
            chunk = list(islice(rows, batch_size))
            if not chunk:
                break
            summary.rows_read += len(chunk)
            good = []
            for row in chunk:
                summary.warning_list.extend(row.warnings)
                if row.rejected:
                    summary.rejected.append(row)
                else:
                    good.append(row)
            if good:
                importer.batch(good)
        summary.rows_rejected = len(summary.rejected)
        summary.warnings = len(summary.warning_list)
        summary.households_updated = len(importer.updated_households)
        summary.residents_updated = len(importer.updated_residents)
        run = RosterImport.objects.create(
            compound=compound,
            filename=filename or path.name,
            by=user,
            summary=summary.as_dict(),
            report=report_workbook(header, summary),
        )
        record(user=user, action=AuditEntry.Action.IMPORT, obj=run, detail=summary.as_dict())
    return run, summary


def report_workbook(header: list[str], summary: ImportSummary) -> bytes:
    """The rows that were not taken, beside the reason, and every warning."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    overview = workbook.create_sheet("汇总 Summary")
    labels = {
        "rows_read": "读取行数 rows read",
        "households_created": "新建户 households created",
        "households_updated": "更新户 households updated",
        "residents_created": "新建居民 residents created",
        "residents_updated": "更新居民 residents updated",
        "rows_rejected": "未导入行 rows rejected",
        "warnings": "警告 warnings",
    }
    for key, value in summary.as_dict().items():
        overview.append([labels[key], value])

    rejected = workbook.create_sheet("未导入 Rejected")
    rejected.append(_bold(rejected, ["行号 Row", "原因 Reason", *header], bold))
    for row in summary.rejected:
        rejected.append([row.number, row.rejected, *row.raw])

    warnings = workbook.create_sheet("警告 Warnings")
    warnings.append(_bold(warnings, ["行号 Row", "列 Column", "原值 Value", "说明 Message"], bold))
    for warning in summary.warning_list:
        warnings.append([warning.row, warning.column, warning.value, warning.message])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet: Any, values: list[Any], font: Font) -> list[Any]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = font
        cells.append(cell)
    return cells
