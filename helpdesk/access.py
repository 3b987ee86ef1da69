"""Which requests a person may see: their buildings, and for a volunteer, their groups."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.models import Role, User
from helpdesk.models import Request, RequestQuerySet


def requests_for_user(user: User) -> RequestQuerySet:
    requests = Request.objects.filter(household__unit__building__in=user.visible_buildings())
    if user.role == Role.VOLUNTEER and not user.is_superuser:
        groups = list(user.working_groups.values_list("pk", flat=True))
        if groups:
            # A volunteer of 药品保障 sees medicine, not another group's work.
            requests = requests.filter(
                Q(group__in=groups) | Q(group__isnull=True) | Q(assignee=user)
            )
    return requests


def get_request_for_user(user: User, pk: int) -> Request:
    try:
        return (
            requests_for_user(user)
            .select_related("household__unit__building", "group", "assignee")
            .get(pk=pk)
        )
    except Request.DoesNotExist:
        raise Http404("没有这条求助，或不在您的范围内 (no such request in your scope)") from None
