"""The household's link: the one place that checks a token, a revoked link and guessing."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LoginFailure
from accounts.throttle import client_address
from registry.models import Household


def get_household_by_token(request: HttpRequest, token: str) -> Household:
    """The household whose link this is; a revoked or unknown link is a 404.

    Tokens cannot be guessed, but an address that keeps trying unknown ones is stopped for a
    while (the count is kept in the database, so every server process sees it).
    """
    key = f"token:{client_address(request)}"
    since = timezone.now() - timedelta(seconds=settings.LINLI_LOGIN_WINDOW_SECONDS)
    misses = LoginFailure.objects.filter(key=key, at__gte=since)
    if misses.count() >= settings.LINLI_PORTAL_MAX_MISSES:
        raise PermissionDenied(_("Too many wrong links from here. Wait 15 minutes."))
    household = (
        Household.objects.select_related("unit__building__compound")
        .filter(access_token=token)
        .first()
        if token
        else None
    )
    if household is None:
        LoginFailure.objects.create(key=key)
        raise Http404(_("This link is not valid any more. Ask your building leader for a new one."))
    return household
