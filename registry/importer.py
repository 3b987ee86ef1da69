"""Storing a roster read by lib.roster: idempotent, in batches, nothing lost (run by import_jobs).

A household is identified by its normalised (building, unit, room); a resident within it by a
valid ID number, else by name. Importing the same file twice changes nothing the second time;
a later file updates what changed. Every rejected row and every warning goes into a report
workbook, beside the original row.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lib.address import floor_of
from lib.bulk import insert_rows
from lib.chinese import full_pinyin, pinyin_initials
from lib.files import private_dir
from lib.roster import FieldWarning, RosterRow
from lib.spreadsheet import Limits
from registry.models import (
    Building,
    BuildingAlias,
    Compound,
    Household,
    ImportUndo,
    Resident,
    RosterImport,
    Unit,
    parse_tags,
)

RESIDENT_FIELDS = [
    "name", "name_initials", "name_pinyin", "phone", "id_number", "sex", "birth_date",
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


class BatchWriter:
    """Writes batches of rows, keeping with each what undoing the import would need."""

    def __init__(self, compound: Compound, summary: ImportSummary, run: RosterImport) -> None:
        self.compound = compound
        self.summary = summary
        self.run = run
        self.undo: list[ImportUndo] = []  # written by the batch, in its transaction
        self.buildings = {b.number: b for b in compound.buildings.all()}
        self.aliases = {
            (a.street, a.number) for a in BuildingAlias.objects.filter(building__compound=compound)
        }
        self.units = {
            (u.building_id, u.number): u.pk
            for u in Unit.objects.filter(building__compound=compound)
        }
        self.updated_households: set[int] = set()
        # (unit, room) → (id, has a phone) for households this import created.
        self.created: dict[tuple[int, str], tuple[int, bool]] = {}
        self.had_households = Household.objects.filter(unit__building__compound=compound).exists()
        self.updated_residents: set[int] = set()

    def building(self, row: RosterRow) -> Building:
        assert row.building is not None
        building = self.buildings.get(row.building)
        if building is None:
            building = Building.objects.create(compound=self.compound, number=row.building)
            self.created_row(ImportUndo.Kind.BUILDING, building.pk)
            self.buildings[row.building] = building
            if self.had_households:
                # A compound's buildings do not appear overnight: 99栋 is more likely a typo.
                self.summary.warning_list.append(
                    FieldWarning(
                        row=row.number, column="楼栋", value=row.building,
                        message=f"名册里新出现的楼栋，已新建{row.building}栋：请核对是否写错",
                    )
                )  # fmt: skip
        if row.street and (row.street, row.building) not in self.aliases:
            alias, created = BuildingAlias.objects.get_or_create(
                building=building, street=row.street, number=row.building
            )
            if created:
                self.created_row(ImportUndo.Kind.ALIAS, alias.pk)
            self.aliases.add((row.street, row.building))
        return building

    def unit_id(self, row: RosterRow) -> int:
        building = self.building(row)
        key = (building.pk, row.unit)
        if key not in self.units:
            self.units[key] = Unit.objects.create(building=building, number=row.unit).pk
            self.created_row(ImportUndo.Kind.UNIT, self.units[key])
        return self.units[key]

    def created_row(self, kind: str, pk: int) -> None:
        self.undo.append(ImportUndo(run=self.run, kind=kind, object_id=pk))

    def batch(self, rows: list[RosterRow]) -> None:
        """Write one batch; the caller holds it in one transaction."""
        keyed = [(self.unit_id(row), row) for row in rows]
        households, created = self.households(keyed)
        self.residents(keyed, households, created)
        if self.undo:
            ImportUndo.objects.bulk_create(self.undo)
            self.undo = []

    def households(
        self, keyed: list[tuple[int, RosterRow]]
    ) -> tuple[dict[tuple[int, str], int], set[int]]:
        """The household id for every (unit, room) in the batch, creating what is missing."""
        wanted = {(unit_id, row.room) for unit_id, row in keyed if row.room}
        ids: dict[tuple[int, str], int] = {}
        has_phone: dict[tuple[int, str], bool] = {}
        for key in wanted & self.created.keys():
            ids[key], has_phone[key] = self.created[key]
        missing = wanted - ids.keys()
        # Into a compound that was empty, only this import's own households can exist.
        if self.had_households and missing:
            for pk, unit_id, room, phone in Household.objects.filter(
                unit_id__in={u for u, _ in missing}, room__in={r for _, r in missing}
            ).values_list("pk", "unit_id", "room", "contact_phone"):
                if (unit_id, room) in missing:
                    ids[(unit_id, room)], has_phone[(unit_id, room)] = pk, bool(phone)
        new: dict[tuple[int, str], list[Any]] = {}
        phones: dict[int, str] = {}
        for unit_id, row in keyed:
            assert row.room is not None
            key = (unit_id, row.room)
            if key in ids:
                if row.phone and not has_phone[key]:
                    phones[ids[key]] = row.phone
                    has_phone[key] = True
                    if key in self.created:
                        self.created[key] = (ids[key], True)
            elif key in new:
                if row.phone and not new[key][3]:
                    new[key][3] = row.phone
            else:
                new[key] = [unit_id, row.room, floor_of(row.room), row.phone or ""]
        if phones:
            created_ids = {pk for pk, _ in self.created.values()}
            for pk in set(phones) - created_ids - self.updated_households:
                # Only a household without a phone is given one: it had none.
                self.undo.append(
                    ImportUndo(
                        run=self.run, kind=ImportUndo.Kind.HOUSEHOLD, object_id=pk,
                        before={"contact_phone": ""},
                    )
                )  # fmt: skip
            Household.objects.bulk_update(
                [Household(pk=pk, contact_phone=phone) for pk, phone in phones.items()],
                ["contact_phone"],
            )
            # A household created earlier in this import is counted as created, not updated.
            self.updated_households.update(set(phones) - created_ids)
        created = insert_households(list(new.values()), self.run.pk) if new else {}
        for key, values in new.items():
            ids[key] = created[key]
            self.created[key] = (created[key], bool(values[3]))
        self.summary.households_created += len(new)
        return ids, set(created.values())

    def residents(
        self,
        keyed: list[tuple[int, RosterRow]],
        households: dict[tuple[int, str], int],
        created: set[int],
    ) -> None:
        # Households created in this batch have no residents yet: only look up the others.
        known_households = set(households.values()) - created
        by_id: dict[tuple[int, str], Resident | dict[str, Any]] = {}
        by_name: dict[tuple[int, str], Resident | dict[str, Any]] = {}
        if known_households:
            for known in Resident.objects.filter(household_id__in=known_households):
                if known.id_number:
                    by_id[(known.household_id, known.id_number)] = known
                by_name.setdefault((known.household_id, known.name), known)
        new: list[dict[str, Any]] = []
        changed: dict[int, Resident] = {}
        for unit_id, row in keyed:
            assert row.room is not None
            household_id = households[(unit_id, row.room)]
            resident: Resident | dict[str, Any] | None = None
            if row.id_number:
                resident = by_id.get((household_id, row.id_number))
            if resident is None:
                candidate = by_name.get((household_id, row.name))
                other_id = _get(candidate, "id_number") if candidate is not None else ""
                # A namesake with another valid ID number is another person.
                if candidate is not None and not (
                    row.id_number and other_id and other_id != row.id_number
                ):
                    resident = candidate
            values = row_values(row)
            if resident is None:
                resident = {"household_id": household_id, **EMPTY_RESIDENT, **values}
                new.append(resident)
            elif isinstance(resident, dict):
                resident.update(values)  # the same person twice in one file
            elif (before := apply_values(resident, values)) is not None:
                if resident.pk not in self.updated_residents and resident.pk not in changed:
                    self.undo.append(
                        ImportUndo(
                            run=self.run, kind=ImportUndo.Kind.RESIDENT, object_id=resident.pk,
                            before=before,
                        )
                    )  # fmt: skip
                changed[resident.pk] = resident
            if values.get("id_number"):
                by_id[(household_id, values["id_number"])] = resident
            by_name.setdefault((household_id, row.name), resident)
        if new:
            insert_rows(Resident, RESIDENT_INSERT_FIELDS, residents_as_rows(new, self.run.pk))
        if changed:
            Resident.objects.bulk_update(changed.values(), RESIDENT_FIELDS)
            self.updated_residents.update(changed)
        self.summary.residents_created += len(new)


HOUSEHOLD_INSERT_FIELDS = [
    "unit", "room", "floor", "contact_phone", "access_token", "updated_at", "created_by_import",
]  # fmt: skip
HOUSEHOLD_DEFAULTS = {
    "status": Household.Status.OCCUPIED, "contact_verified": False, "proxy_name": "",
    "proxy_phone": "", "proxy_relation": "", "uses_smartphone": True, "in_chat_group": False,
    "notes": "",
}  # fmt: skip
HOUSEHOLD_INSERT_FIELDS += list(HOUSEHOLD_DEFAULTS)
RESIDENT_INSERT_FIELDS = [
    "household", *RESIDENT_FIELDS, "due_date", "updated_at", "created_by_import",
]  # fmt: skip
EMPTY_RESIDENT: dict[str, Any] = {
    "phone": "", "id_number": "", "sex": "", "birth_date": None, "tags": [],
    "vulnerable": False, "notes": "", "relation": "",
}  # fmt: skip


def _get(resident: Resident | dict[str, Any], name: str) -> Any:
    return resident[name] if isinstance(resident, dict) else getattr(resident, name)


def insert_households(rows: list[list[Any]], run_id: int | None) -> dict[tuple[int, str], int]:
    """Insert new households ([unit_id, room, floor, phone] each); (unit, room) → id."""
    now = timezone.now()
    full = [
        [*row, Household.new_token(), now, run_id, *HOUSEHOLD_DEFAULTS.values()] for row in rows
    ]
    if connection.vendor == "postgresql":
        # Take the ids from the sequence first, so the rows can go in by COPY.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Household._meta.db_table, len(full)],
            )
            new_ids = [pk for (pk,) in cursor.fetchall()]
        insert_rows(
            Household,
            ["id", *HOUSEHOLD_INSERT_FIELDS],
            [[pk, *row] for pk, row in zip(new_ids, full, strict=True)],
        )
        return {(row[0], row[1]): pk for pk, row in zip(new_ids, rows, strict=True)}
    insert_rows(Household, HOUSEHOLD_INSERT_FIELDS, full)
    keys = {(row[0], row[1]) for row in rows}
    found = Household.objects.filter(
        unit_id__in={u for u, _ in keys}, room__in={r for _, r in keys}
    ).values_list("pk", "unit_id", "room")
    return {(u, r): pk for pk, u, r in found if (u, r) in keys}


def residents_as_rows(residents: list[dict[str, Any]], run_id: int) -> list[list[Any]]:
    prepared: dict[tuple[str, ...], str] = {}

    def tags(values: list[str]) -> str:
        # JSON text, encoded once per distinct list: SQLite stores it as it is, and
        # PostgreSQL's COPY parses it into jsonb.
        key = tuple(values)
        if key not in prepared:
            prepared[key] = json.dumps(values)
        return prepared[key]

    now = timezone.now()
    ops = connection.ops
    return [
        [
            r["household_id"], r["name"], r["name_initials"], r["name_pinyin"], r["phone"],
            r["id_number"],
            r["sex"], ops.adapt_datefield_value(r["birth_date"]),
            tags(r["tags"]),
            r["vulnerable"], r["notes"], r["relation"], None, now, run_id,
        ]
        for r in residents
    ]  # fmt: skip


def row_values(row: RosterRow) -> dict[str, Any]:
    """What the row says about a resident. An empty cell says nothing: it never erases."""
    values: dict[str, Any] = {
        "name": row.name,
        "name_initials": pinyin_initials(row.name),
        "name_pinyin": full_pinyin(row.name),
    }
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
    return values


def apply_values(resident: Resident, values: dict[str, Any]) -> dict[str, Any] | None:
    """Copy the values onto a known resident; what it held before if anything changed."""
    before = None
    for name, value in values.items():
        if getattr(resident, name) != value:
            if before is None:
                before = resident_values(resident)
            setattr(resident, name, value)
    return before


def resident_values(resident: Resident) -> dict[str, Any]:
    """The fields an import writes, as JSON."""
    values = {name: getattr(resident, name) for name in RESIDENT_FIELDS}
    if values["birth_date"] is not None:
        values["birth_date"] = values["birth_date"].isoformat()
    return values


def write_report(pk: int, workbook: bytes) -> str:
    """The report as a file its owner alone can read; the name to keep on the import."""
    directory = RosterImport.reports_dir()
    private_dir(directory)
    name = f"import-{pk}.xlsx"
    with os.fdopen(
        os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
    ) as f:
        f.write(workbook)
    return name


def purge_reports(now: datetime | None = None) -> str:
    """The worker's job: delete import reports past their retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.LINLI_REPORT_RETENTION_DAYS)
    old = RosterImport.objects.filter(at__lt=cutoff).exclude(report_file="", report=None)
    purged = 0
    for run in old.only("pk", "report_file"):
        if run.report_file:
            (RosterImport.reports_dir() / run.report_file).unlink(missing_ok=True)
        RosterImport.objects.filter(pk=run.pk).update(report_file="", report=None)
        purged += 1
    return f"{purged} import reports past retention deleted" if purged else ""


def spreadsheet_limits() -> Limits:
    """The bounds every spreadsheet upload is read within, from settings."""
    return Limits(
        max_rows=settings.LINLI_SPREADSHEET_MAX_ROWS,
        max_columns=settings.LINLI_SPREADSHEET_MAX_COLUMNS,
        max_cells=settings.LINLI_SPREADSHEET_MAX_CELLS,
        max_merged_ranges=settings.LINLI_SPREADSHEET_MAX_MERGED_RANGES,
        max_xml_bytes=settings.LINLI_SPREADSHEET_MAX_XML_BYTES,
        max_memory_bytes=settings.LINLI_SPREADSHEET_MAX_MEMORY_BYTES,
    )


def report_workbook(header: list[str], summary: ImportSummary) -> bytes:
    """The rows that were not taken, beside the reason, and every warning."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    overview = workbook.create_sheet("汇总")
    labels = {
        "rows_read": "读取行数",
        "households_created": "新建户",
        "households_updated": "更新户",
        "residents_created": "新建居民",
        "residents_updated": "更新居民",
        "rows_rejected": "未导入行",
        "warnings": "警告",
    }
    for key, value in summary.as_dict().items():
        overview.append([labels[key], value])

    rejected = workbook.create_sheet("未导入")
    rejected.append(_bold(rejected, ["行号", "原因", *header], bold))
    for row in summary.rejected:
        rejected.append([row.number, row.rejected, *row.raw])

    warnings = workbook.create_sheet("警告")
    warnings.append(_bold(warnings, ["行号", "列", "原值", "说明"], bold))
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
