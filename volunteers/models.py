"""Working groups and their members: the teams that the help desk, the gate and the test
rounds hand work to (药品保障 takes medicine, 应急处置 takes medical care, runners carry goods)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models import Compound

if TYPE_CHECKING:
    from accounts.models import User


class WorkingGroupQuerySet(models.QuerySet["WorkingGroup"]):
    def in_compound(self, compound_id: int) -> WorkingGroupQuerySet:
        return self.filter(compound_id=compound_id)

    def for_category(self, category: str) -> WorkingGroupQuerySet:
        """The groups that take this kind of need, the oldest first.

        Categories are a short JSON list; matching in Python keeps SQLite and PostgreSQL alike
        (JSON containment is PostgreSQL-only) and a compound has a handful of groups.
        """
        pks = [g.pk for g in self.order_by("pk") if category in g.categories]
        return self.filter(pk__in=pks).order_by("pk")

    def first_for_category(self, category: str) -> WorkingGroup | None:
        """The oldest group that takes this kind of need, in one query (routing a request)."""
        return next((g for g in self.order_by("pk") if category in g.categories), None)

    def of_member(self, user: User) -> WorkingGroupQuerySet:
        return self.filter(members=user)


class WorkingGroup(models.Model):
    """A team that handles some categories of need, with a leader and members."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=50)
    categories = models.JSONField(_("categories"), default=list)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="working_groups",
        db_table="helpdesk_workinggroup_members",
    )  # fmt: skip
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_groups",
    )  # fmt: skip

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        # The table the help desk created: moving the model kept every row where it was.
        db_table = "helpdesk_workinggroup"
        ordering = ["compound", "name"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
