"""The registry: compound → grid → building → unit → household → residents."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.chinese import full_pinyin, pinyin_initials
from lib.identity import mask_id_number, mask_phone, parse_id_number


class Compound(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    community = models.CharField(_("community"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="grids")
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["compound", "name"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="grid_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


def building_sort_key(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdecimal())
    return (int(digits) if digits else 10**9, number)


class BuildingQuerySet(models.QuerySet["Building"]):
    pass


def building_label(name: str, number: str) -> str:
    return name or f"{number}栋"


class Building(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="buildings")
    grid = models.ForeignKey(
        Grid, null=True, blank=True, on_delete=models.SET_NULL, related_name="buildings"
    )
    # Normalised: "10" for 10栋, 10幢, 10号楼; "13" for 静园巷13号 (see aliases).
    number = models.CharField(_("building"), max_length=20)
    name = models.CharField(_("name"), max_length=50, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    has_lift = models.BooleanField(_("has a lift"), default=False)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        ordering = ["compound", "number"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "number"], name="building_unique_number")
        ]

    def __str__(self) -> str:
        return building_label(self.name, self.number)

    @property
    def label(self) -> str:
        return str(self)


class BuildingAlias(models.Model):
    """Another name a building is known by, such as a street number: 静园巷13号."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="aliases")
    street = models.CharField(_("street"), max_length=50)
    number = models.CharField(_("number"), max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["building", "street", "number"], name="alias_unique")
        ]

    def __str__(self) -> str:
        return f"{self.street}{self.number}号"


class Unit(models.Model):
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="units")
    # "" for a building with a single entrance whose roster names no unit.
    number = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        ordering = ["building", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.building}{self.number}单元" if self.number else str(self.building)


class HouseholdQuerySet(models.QuerySet["Household"]):
    def in_buildings(self, buildings: models.QuerySet[Building]) -> HouseholdQuerySet:
        return self.filter(unit__building__in=buildings)

    def at(self, building: str | None, unit: str | None, room: str | None) -> HouseholdQuerySet:
        qs = self
        if building:
            qs = qs.filter(
                Q(unit__building__number=building) | Q(unit__building__aliases__number=building)
            )
        if unit:
            qs = qs.filter(unit__number=unit)
        if room:
            qs = qs.filter(room=room)
        return qs.distinct()

    def at_address(self, address: Any) -> HouseholdQuerySet:
        """The households a parsed address (lib.address.Address or a parsed message) fits.

        A street name (静园巷13号) picks the building by its alias when the compound has one.
        Without a room nothing fits: a building alone is hundreds of households.
        """
        if not address.room:
            return self.none()
        qs = self
        if address.street:
            by_alias = qs.filter(
                unit__building__aliases__street=address.street,
                unit__building__aliases__number=address.building,
            )
            if by_alias.exists():
                qs = by_alias
        return qs.at(address.building, address.unit, address.room)


def address(building_name: str, building_number: str, unit_number: str, room: str) -> str:
    """ "10栋2单元501": also for rows read with .values(), without building the objects."""
    unit_part = f"{unit_number}单元" if unit_number else ""
    return f"{building_label(building_name, building_number)}{unit_part}{room}"


class Household(models.Model):
    class Status(models.TextChoices):
        OCCUPIED = "occupied", _("occupied")
        VACANT = "vacant", _("vacant")
        AWAY = "away", _("away")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="households")
    room = models.CharField(_("room"), max_length=20)
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OCCUPIED
    )
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_verified = models.BooleanField(_("contact verified"), default=False)
    proxy_name = models.CharField(_("proxy contact"), max_length=50, blank=True)
    proxy_phone = models.CharField(_("proxy phone"), max_length=20, blank=True)
    proxy_relation = models.CharField(_("proxy relation"), max_length=20, blank=True)
    uses_smartphone = models.BooleanField(_("someone uses a smartphone"), default=True)
    in_chat_group = models.BooleanField(_("in the building chat group"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # The household's own link: unguessable; None when revoked. NULL, not "", so that many
    # revoked links do not collide in the unique constraint.
    access_token = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    updated_at = models.DateTimeField(auto_now=True)
    # The roster import that created it: a failed import deletes what it created.
    created_by_import = models.ForeignKey(
        "RosterImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "room"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "room"], name="household_unique_room"),
            # A constraint rather than unique=True: PostgreSQL then keeps one index, not a second
            # one for LIKE queries that a token never needs.
            models.UniqueConstraint(fields=["access_token"], name="household_unique_token"),
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        unit = self.unit
        return address(unit.building.name, unit.building.number, unit.number, self.room)

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def masked_proxy_phone(self) -> str:
        return mask_phone(self.proxy_phone)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    def issue_link(self) -> str:
        self.access_token = self.new_token()
        self.save(update_fields=["access_token", "updated_at"])
        return self.access_token

    def revoke_link(self) -> None:
        self.access_token = None
        self.save(update_fields=["access_token", "updated_at"])


class Tag(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("elderly living alone")
    EMPTY_NEST = "empty_nest", _("empty-nest elderly")
    PREGNANT = "pregnant", _("pregnant")
    INFANT = "infant", _("infant")
    CHILD_IN_DIFFICULTY = "child_in_difficulty", _("child in difficulty")
    DISABLED = "disabled", _("disabled")
    DIALYSIS = "dialysis", _("dialysis")
    CHEMOTHERAPY = "chemotherapy", _("chemotherapy")
    DIABETES = "diabetes", _("diabetes")
    HYPERTENSION = "hypertension", _("hypertension")
    CHRONIC_ILLNESS = "chronic_illness", _("other chronic illness")


# How rosters write the tags, mapped to the codes above. Anything else is kept as free text.
TAG_WORDS = {
    "独居老人": Tag.ELDERLY_ALONE, "独居": Tag.ELDERLY_ALONE,
    "空巢老人": Tag.EMPTY_NEST, "空巢": Tag.EMPTY_NEST,
    "孕妇": Tag.PREGNANT, "孕产妇": Tag.PREGNANT, "怀孕": Tag.PREGNANT,
    "婴幼儿": Tag.INFANT, "婴儿": Tag.INFANT,
    "困境儿童": Tag.CHILD_IN_DIFFICULTY,
    "残疾": Tag.DISABLED, "残疾人": Tag.DISABLED,
    "透析": Tag.DIALYSIS, "血透": Tag.DIALYSIS,
    "化疗": Tag.CHEMOTHERAPY,
    "糖尿病": Tag.DIABETES,
    "高血压": Tag.HYPERTENSION,
    "慢性病": Tag.CHRONIC_ILLNESS, "基础病": Tag.CHRONIC_ILLNESS,
}  # fmt: skip


# The word each tag is written with in a Chinese roster, so an export imports back unchanged.
TAG_CHINESE = {
    Tag.ELDERLY_ALONE: "独居老人", Tag.EMPTY_NEST: "空巢老人", Tag.PREGNANT: "孕产妇",
    Tag.INFANT: "婴幼儿", Tag.CHILD_IN_DIFFICULTY: "困境儿童", Tag.DISABLED: "残疾",
    Tag.DIALYSIS: "透析", Tag.CHEMOTHERAPY: "化疗", Tag.DIABETES: "糖尿病",
    Tag.HYPERTENSION: "高血压", Tag.CHRONIC_ILLNESS: "慢性病",
}  # fmt: skip


def parse_tags(text: str) -> list[str]:
    """'独居老人、糖尿病; 行动不便' → ['elderly_alone', 'diabetes', '行动不便']."""
    return list(_parse_tags(text or ""))


@lru_cache(maxsize=4096)
def _parse_tags(text: str) -> tuple[str, ...]:
    tags: list[str] = []
    for word in re.split(r"[,，、;；/\s]+", text):
        word = word.strip()
        if not word:
            continue
        code = TAG_WORDS.get(word) or (word if word in Tag.values else None)
        value = str(code) if code else word
        if value not in tags:
            tags.append(value)
    return tuple(tags)


def tag_label(value: str) -> str:
    return str(Tag(value).label) if value in Tag.values else value


class ResidentQuerySet(models.QuerySet["Resident"]):
    def vulnerable(self) -> ResidentQuerySet:
        return self.filter(vulnerable=True)

    def with_tag(self, tag: str) -> ResidentQuerySet:
        return self.filter(tags__icontains=f'"{tag}"')


class Resident(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="residents")
    name = models.CharField(_("name"), max_length=50)
    # Not indexed: search runs inside the visitor's buildings, and a roster import of a million
    # residents should not pay for an index no query uses.
    name_initials = models.CharField(max_length=50, blank=True)
    name_pinyin = models.CharField(max_length=200, blank=True)  # 蒋强 → jiangqiang
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    relation = models.CharField(_("relation to household"), max_length=20, blank=True)
    # Codes from Tag, and free-text tags as written.
    tags = models.JSONField(_("tags"), default=list, blank=True)
    vulnerable = models.BooleanField(default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by_import = models.ForeignKey(
        "RosterImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["household", "pk"]

    def __str__(self) -> str:
        return self.name

    def set_name(self, name: str) -> None:
        self.name = name
        self.name_initials = pinyin_initials(name)
        self.name_pinyin = full_pinyin(name)

    def set_id_number(self, value: str) -> None:
        """Store a valid ID number and derive sex and birth date from it; refuse an invalid one."""
        parsed = parse_id_number(value)
        if parsed is None:
            raise ValueError(value)
        self.id_number = parsed.value
        self.sex = parsed.sex
        self.birth_date = parsed.birth_date

    def set_tags(self, tags: list[str]) -> None:
        self.tags = tags
        self.vulnerable = bool(tags)

    @property
    def tag_words(self) -> list[str]:
        return [TAG_CHINESE.get(t, t) for t in self.tags]

    @property
    def tag_labels(self) -> list[str]:
        return [tag_label(t) for t in self.tags]

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = date.today()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class ZoneLevel(models.TextChoices):
    SEALED = "sealed", _("sealed")
    CONTROLLED = "controlled", _("controlled")
    PRECAUTION = "precaution", _("precaution")
    LIFTED = "lifted", _("lifted")


class LockdownState(models.Model):
    """One entry in the lockdown history of a compound, a building or a unit.

    The state in force for a place is its latest entry; older entries are its history.
    """

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="lockdowns")
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.CASCADE, related_name="lockdowns"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="lockdowns"
    )
    level = models.CharField(_("zone level"), max_length=12, choices=ZoneLevel.choices)
    since = models.DateTimeField(_("since"), default=timezone.now)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.note}".strip()

    @property
    def place(self) -> Any:
        return self.unit or self.building or self.compound


class ContactCorrection(models.Model):
    """A household's correction of its own contact details, for the building leader to confirm."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="corrections")
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    proxy_name = models.CharField(_("proxy contact"), max_length=50, blank=True)
    proxy_phone = models.CharField(_("proxy phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.household} {self.get_status_display()}"

    # A new number is personal data like the one on record: shown masked to every role.
    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def masked_proxy_phone(self) -> str:
        return mask_phone(self.proxy_phone)


class RosterImport(models.Model):
    """One run of the roster importer: a job the upload page queues and the worker runs.

    Its life: queued → running → done, or → undoing → failed (everything it wrote undone).
    The worker claims a queued import with a conditional update; a running import whose
    heartbeat stops (its worker was killed) is undone by the next worker.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("importing")
        UNDOING = "undoing", _("undoing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Failure(models.TextChoices):
        FILE = "file", _("the file could not be read")
        ERROR = "error", _("an unexpected error")
        STOPPED = "stopped", _("the import was interrupted")

    # Null once an import that created its compound is undone.
    compound = models.ForeignKey(
        Compound, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    compound_name = models.CharField(max_length=100, blank=True)
    filename = models.CharField(max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The uploaded file while the import waits or runs, under VAR_DIR/uploads; deleted after.
    upload_file = models.CharField(max_length=200, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)  # as the file declares
    rows_done = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True)
    error = models.TextField(blank=True)
    undone = models.BooleanField(default=False)
    summary = models.JSONField(default=dict)
    # Older imports kept their report here; a report is now a file under VAR_DIR/reports,
    # deleted after LINLI_REPORT_RETENTION_DAYS (a report holds every rejected row in full).
    report = models.BinaryField(null=True, blank=True)
    report_file = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.filename} {self.at:%Y-%m-%d %H:%M}"

    @staticmethod
    def reports_dir() -> Path:
        return Path(settings.VAR_DIR) / "reports"

    @staticmethod
    def uploads_dir() -> Path:
        return Path(settings.VAR_DIR) / "uploads"

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING, self.State.UNDOING)

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(99, 100 * self.rows_done // self.rows_total)

    def report_bytes(self) -> bytes | None:
        """The report workbook, or None once the retention period has deleted it."""
        if self.report_file:
            path = self.reports_dir() / self.report_file
            return path.read_bytes() if path.exists() else None
        return bytes(self.report) if self.report else None


class ImportUndo(models.Model):
    """What undoing a failed import needs, written in the same transaction as the change.

    A row the import created (before is None: delete it), or the values it replaced on a
    household or resident that existed before (before: restore them). Households and residents
    it created carry created_by_import instead. Deleted when the import succeeds.
    """

    class Kind(models.TextChoices):
        COMPOUND = "compound"
        BUILDING = "building"
        ALIAS = "alias"
        UNIT = "unit"
        HOUSEHOLD = "household"
        RESIDENT = "resident"

    run = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="undo")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    before = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.run_id} {self.kind} {self.object_id}"


def current_lockdown(
    compound: Compound, building: Building | None = None, unit: Unit | None = None
) -> LockdownState | None:
    return LockdownState.objects.filter(compound=compound, building=building, unit=unit).first()


def current_lockdowns_by_building(compound: Compound) -> dict[int, LockdownState]:
    """The state in force for each building of a compound that has one, in one query."""
    states: dict[int, LockdownState] = {}
    for state in LockdownState.objects.filter(
        compound=compound, building__isnull=False, unit__isnull=True
    ):
        assert state.building_id is not None
        states.setdefault(state.building_id, state)  # newest first
    return states


def current_lockdowns_by_unit(place: Building | Compound) -> dict[int, LockdownState]:
    """The state in force for each unit of a building (or of a whole compound) that has one."""
    states: dict[int, LockdownState] = {}
    states_of = LockdownState.objects.filter(unit__isnull=False)
    if isinstance(place, Building):
        states_of = states_of.filter(building=place)
    else:
        states_of = states_of.filter(compound=place)
    for state in states_of:
        assert state.unit_id is not None
        states.setdefault(state.unit_id, state)  # newest first
    return states


@dataclass
class Figures:
    """A building's or unit's figures, for the overview pages."""

    place: Building | Unit
    households: int
    residents: int
    vulnerable: int
    verified: int
    units: int = 0
    lockdown: LockdownState | None = None

    @property
    def coverage(self) -> int | None:
        return coverage(self.verified, self.households)


def _figures(qs: models.QuerySet[Any], prefix: str) -> models.QuerySet[Any]:
    households = f"{prefix}households"
    residents = f"{households}__residents"
    annotated: models.QuerySet[Any] = qs.annotate(
        household_count=Count(households, distinct=True),
        verified_count=Count(
            households, filter=Q(**{f"{households}__contact_verified": True}), distinct=True
        ),
        resident_count=Count(residents, distinct=True),
        vulnerable_count=Count(
            residents, filter=Q(**{f"{residents}__vulnerable": True}), distinct=True
        ),
    )
    return annotated


def building_figures(buildings: models.QuerySet[Building], compound: Compound) -> list[Figures]:
    """Figures for each building, in a fixed number of queries whatever the compound's size."""
    states = current_lockdowns_by_building(compound)
    rows = _figures(buildings.select_related("grid"), "units__").annotate(
        unit_count=Count("units", distinct=True)
    )
    figures = [
        Figures(
            place=b,
            households=b.household_count,
            residents=b.resident_count,
            vulnerable=b.vulnerable_count,
            verified=b.verified_count,
            units=b.unit_count,
            lockdown=states.get(b.pk),
        )
        for b in rows
    ]
    figures.sort(key=lambda f: building_sort_key(f.place.number))
    return figures


def unit_figures(building: Building) -> list[Figures]:
    states = current_lockdowns_by_unit(building)
    rows = _figures(Unit.objects.filter(building=building), "")
    return [
        Figures(
            place=u,
            households=u.household_count,
            residents=u.resident_count,
            vulnerable=u.vulnerable_count,
            verified=u.verified_count,
            lockdown=states.get(u.pk),
        )
        for u in rows
    ]


def coverage(verified: int, total: int) -> int | None:
    """Share of households with a verified contact, in whole percent."""
    return round(100 * verified / total) if total else None
