"""People who log in, their roles and scopes, and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.identity import mask_phone

if TYPE_CHECKING:
    from registry.models import BuildingQuerySet


class Role(models.TextChoices):
    COMMUNITY_ADMIN = "community_admin", _("Community admin")
    GROUP_LEADER = "group_leader", _("Working-group leader")
    GRID_LEADER = "grid_leader", _("Grid leader")
    BUILDING_LEADER = "building_leader", _("Building leader")
    VOLUNTEER = "volunteer", _("Volunteer")
    MEDICAL_ADVISER = "medical_adviser", _("Medical adviser")


# Roles that call residents or judge their health need personal data; each reveal is logged.
ROLES_THAT_MAY_REVEAL = {
    Role.COMMUNITY_ADMIN,
    Role.GRID_LEADER,
    Role.BUILDING_LEADER,
    Role.MEDICAL_ADVISER,
}
ROLES_THAT_MAY_IMPORT = {Role.COMMUNITY_ADMIN}
# Leaders see the help desk board, assign requests and close any of them.
ROLES_THAT_LEAD = {Role.COMMUNITY_ADMIN, Role.GROUP_LEADER, Role.GRID_LEADER}
ROLES_THAT_MAY_EDIT = {Role.COMMUNITY_ADMIN, Role.GRID_LEADER, Role.BUILDING_LEADER}


class UserManager(BaseUserManager["User"]):
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

    @property
    def may_reveal(self) -> bool:
        return self.role in ROLES_THAT_MAY_REVEAL

    @property
    def may_import(self) -> bool:
        return self.role in ROLES_THAT_MAY_IMPORT

    @property
    def may_edit(self) -> bool:
        return self.role in ROLES_THAT_MAY_EDIT

    @property
    def leads(self) -> bool:
        return self.is_superuser or self.role in ROLES_THAT_LEAD

    @property
    def may_set_compound_lockdown(self) -> bool:
        # A building leader speaks for a building, not for the whole compound.
        return self.role == Role.COMMUNITY_ADMIN

    def visible_building_ids(self) -> frozenset[int]:
        """The ids of visible_buildings(), read once for the life of this user object."""
        cached: frozenset[int] | None = getattr(self, "_visible_building_ids", None)
        if cached is None:
            cached = frozenset(self.visible_buildings().values_list("pk", flat=True))
            self._visible_building_ids = cached
        return cached

    def visible_buildings(self) -> BuildingQuerySet:
        from registry.models import Building

        if not self.is_active:
            return Building.objects.none()
        if self.is_superuser:
            return Building.objects.all()
        return Building.objects.filter(
            Q(compound__in=self.compounds.all())
            | Q(grid__in=self.grids.all())
            | Q(pk__in=self.buildings.all())
        )


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
