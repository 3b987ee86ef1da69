"""Which requests a person may see: their buildings, and for a volunteer, their groups."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import ManyToManyField, Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.capabilities import SEE_ALL_GROUPS, can
from accounts.models import User
from helpdesk.models import Request, RequestQuerySet
from volunteers.models import WorkingGroup


def requests_for_user(user: User) -> RequestQuerySet:
    requests = Request.objects.filter(user.in_scope("household__unit__building", "compound"))
    if not can(user, SEE_ALL_GROUPS):
        groups = working_group_ids(user)
        if groups:
            # A volunteer of 药品保障 sees medicine, not another group's work; whoever entered
            # a request for a neighbour without a smartphone follows it whatever its group.
            requests = requests.filter(
                Q(group__in=groups) | Q(group__isnull=True) | Q(assignee=user) | Q(created_by=user)
            )
    return requests


def working_group_ids(user: User) -> list[int]:
    """The groups a person belongs to, straight from the link table: read on every call."""
    with connection.cursor() as cursor:
        cursor.execute(_groups_sql(), [user.pk])
        return [pk for (pk,) in cursor.fetchall()]


@cache
def _groups_sql() -> str:
    members = WorkingGroup._meta.get_field("members")
    assert isinstance(members, ManyToManyField)
    return (
        f"SELECT {members.m2m_column_name()} FROM {members.m2m_db_table()} "
        f"WHERE {members.m2m_reverse_name()} = %s"
    )


def may_see(user: User, request: Request) -> bool:
    """requests_for_user's rule for one request already read: no scope query to compile."""
    if not user.serves(request.household.unit.building):
        return False
    if request.group_id is not None and not can(user, SEE_ALL_GROUPS):
        if user.pk in (request.assignee_id, request.created_by_id):
            return True
        groups = working_group_ids(user)
        return not groups or request.group_id in groups
    return True


def get_request_for_user(user: User, pk: int) -> Request:
    related = Request.objects.select_related("household__unit__building", "group", "assignee")
    try:
        request = related.get(pk=pk)
    except Request.DoesNotExist:
        request = None
    if request is None or not may_see(user, request):
        raise Http404(_("There is no such request, or it is outside your scope."))
    return request
