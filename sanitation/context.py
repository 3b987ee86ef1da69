from django.http import HttpRequest
from django.utils import timezone

from accounts.capabilities import can
from accounts.models import User
from sanitation.capabilities import PLAN_SANITATION
from sanitation.models import Area


def alarms(request: HttpRequest) -> dict[str, int]:
    """Overdue disinfection in a leader's scope, on the nav of every page: one query."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not can(user, PLAN_SANITATION):
        return {}
    from sanitation.access import area_scope

    now = timezone.now()
    areas = (
        Area.objects.active()
        .filter(area_scope(user))
        .only("times_per_day", "created_at", "last_round_at", "active")
    )
    return {"sanitation_overdue": sum(1 for area in areas if area.is_overdue(now))}
