"""The household's link: the one place that checks a token, a revoked link and guessing."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.throttle import client_address
from registry.models import Household


def get_household_by_token(request: HttpRequest, token: str) -> Household:
    """The household whose link this is; a revoked or unknown link is a 404.

    Tokens cannot be guessed, but an address that keeps trying unknown ones is stopped for a
    while.
    """
    key = f"portal-misses:{client_address(request)}"
    # Kept in the cache, not the database: every submission from a link passes here, and a
    # query per call would cost the help desk a fifth of its pace. Per process is enough to
    # stop guessing (a token has 190 bits).
    if cache.get(key, 0) >= settings.LINLI_PORTAL_MAX_MISSES:
        raise PermissionDenied(_("Too many wrong links from here. Wait 15 minutes."))
    try:
        return Household.objects.select_related("unit__building__compound").get(
            access_token=token or None
        )
    except Household.DoesNotExist:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LINLI_LOGIN_WINDOW_SECONDS)
        raise Http404(
            _("This link is not valid any more. Ask your building leader for a new one.")
        ) from None
