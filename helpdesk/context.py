from django.http import HttpRequest

from accounts.capabilities import LEAD, can
from accounts.models import User
from helpdesk.access import requests_for_user


def alarms(request: HttpRequest) -> dict[str, int]:
    """Overdue requests in a leader's scope, shown on every page: nothing sits unseen."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not can(user, LEAD):
        return {}
    return {"overdue_count": requests_for_user(user).overdue().count()}
