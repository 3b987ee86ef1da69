"""People who log in, their roles and scopes, and the audit log."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import cache, cached_property, reduce
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.identity import mask_phone

if TYPE_CHECKING:
    from registry.models import Building, BuildingQuerySet, Compound


class Role(models.TextChoices):
    COMMUNITY_ADMIN = "community_admin", _("Community admin")
    GROUP_LEADER = "group_leader", _("Working-group leader")
    GRID_LEADER = "grid_leader", _("Grid leader")
    BUILDING_LEADER = "building_leader", _("Building leader")
    VOLUNTEER = "volunteer", _("Volunteer")
    MEDICAL_ADVISER = "medical_adviser", _("Medical adviser")
    GROUP_BUY_LEADER = "group_buy_leader", _("Group-buy leader")


class UserQuerySet(models.QuerySet["User"]):
    def serving(self, building: Building) -> UserQuerySet:
        """The people whose scope covers this building: its own, its grid's, its compound's."""
        covers = Q(buildings=building) | Q(compounds=building.compound_id)
        if building.grid_id is not None:
            covers |= Q(grids=building.grid_id)
        return self.filter(covers).distinct().order_by("name")

    def serving_any(self, buildings: models.QuerySet[Building]) -> UserQuerySet:
        """The people who serve one of these buildings by name (volunteers and leaders)."""
        return self.filter(buildings__in=buildings).distinct().order_by("name")

    def serving_compound(self, compound: Compound) -> UserQuerySet:
        """Everyone with some scope in the compound: the whole of it, a grid or a building."""
        return (
            self.filter(
                Q(compounds=compound)
                | Q(grids__compound=compound)
                | Q(buildings__compound=compound)
            )
            .distinct()
            .order_by("name")
        )


class UserManager(BaseUserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def serving(self, building: Building) -> UserQuerySet:
        return self.get_queryset().serving(building)

    def serving_any(self, buildings: models.QuerySet[Building]) -> UserQuerySet:
        return self.get_queryset().serving_any(buildings)

    def serving_compound(self, compound: Compound) -> UserQuerySet:
        return self.get_queryset().serving_compound(compound)

    def create_user(self, phone: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(phone=phone, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("role", Role.COMMUNITY_ADMIN)
        return self.create_user(phone, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff or a volunteer. Residents never need an account."""

    phone = models.CharField(_("phone"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The scope: everything in these compounds, grids and buildings, and nothing else.
    compounds = models.ManyToManyField("registry.Compound", blank=True, related_name="staff")
    grids = models.ManyToManyField("registry.Grid", blank=True, related_name="staff")
    buildings = models.ManyToManyField("registry.Building", blank=True, related_name="staff")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @cached_property
    def scope(self) -> Scope:
        """The compounds, grids and buildings this person serves, read once per user object.

        One hand-written query over the three link tables: every API call starts here, and
        three ORM queries (or nested subqueries compiled on each call) cost ten times more.
        """
        ids: dict[str, list[int]] = {name: [] for name in SCOPE_LINKS}
        with connection.cursor() as cursor:
            cursor.execute(_scope_sql(), [self.pk] * len(SCOPE_LINKS))
            for name, pk in cursor.fetchall():
                ids[name].append(pk)
        return Scope(**{name: tuple(sorted(values)) for name, values in ids.items()})

    def in_scope(self, building: str = "", compound: str | None = None) -> Q:
        """The rows this person may see, for a model that reaches a building by `building`.

        `compound` names a shorter path to the compound where the model keeps one itself.
        """
        if not self.is_active:
            return Q(pk__in=[])
        if self.is_superuser:
            return Q()
        return self.scope.q(building, compound)

    def serves(self, building: Building) -> bool:
        """in_scope() for one building already read: no query."""
        if not self.is_active:
            return False
        return self.is_superuser or self.scope.covers(building)

    def visible_buildings(self) -> BuildingQuerySet:
        from registry.models import Building

        return Building.objects.filter(self.in_scope())


SCOPE_LINKS = ("compounds", "grids", "buildings")


@cache
def _scope_sql() -> str:
    """User.scope's query, written once per process from the three link tables."""
    parts = []
    for name in SCOPE_LINKS:
        field = User._meta.get_field(name)
        assert isinstance(field, models.ManyToManyField)
        parts.append(
            f"SELECT '{name}', {field.m2m_reverse_name()} FROM {field.m2m_db_table()} "
            f"WHERE {field.m2m_column_name()} = %s"
        )
    return " UNION ALL ".join(parts)


@dataclass(frozen=True)
class Scope:
    """Ids of what a person serves: everything in these compounds, grids and buildings."""

    compounds: tuple[int, ...]
    grids: tuple[int, ...]
    buildings: tuple[int, ...]

    def covers(self, building: Building) -> bool:
        return (
            building.compound_id in self.compounds
            or building.grid_id in self.grids
            or building.pk in self.buildings
        )

    def q(self, building: str = "", compound: str | None = None) -> Q:
        prefix = f"{building}__" if building else ""
        parts = []
        if self.compounds:
            parts.append(Q(**{f"{compound or prefix + 'compound'}__in": self.compounds}))
        if self.grids:
            parts.append(Q(**{f"{prefix}grid__in": self.grids}))
        if self.buildings:
            parts.append(Q(**{f"{building or 'pk'}__in": self.buildings}))
        if not parts:
            return Q(pk__in=[])
        return reduce(operator.or_, parts)


class AuditEntry(models.Model):
    """Who did what to which record, and when. Reveals of personal data are written here too."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        REVEAL = "reveal", _("revealed")
        IMPORT = "import", _("imported")
        EXPORT = "export", _("exported")
        LINK = "link", _("household link")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    # A resident correcting their own contact details acts through their household link.
    actor = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["-at"]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor or self.user} {self.action} {self.object_type}"
        )


def record(
    *,
    user: User | None,
    action: str,
    obj: models.Model,
    detail: dict[str, Any] | None = None,
    actor: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if user and user.is_authenticated else None,
        actor=actor or (user.name if user and user.is_authenticated else ""),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail or {},
    )


class LoginFailure(models.Model):
    """One failed login; enough of them for a phone or an address lock it for a while."""

    key = models.CharField(max_length=100, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.key} {self.at:%Y-%m-%d %H:%M}"
