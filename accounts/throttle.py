"""Login throttling in the database, so it holds across server processes."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import LoginFailure


def _since() -> object:
    return timezone.now() - timedelta(seconds=settings.LINLI_LOGIN_WINDOW_SECONDS)


def is_locked(keys: list[str]) -> bool:
    limit = settings.LINLI_LOGIN_MAX_FAILURES
    return any(
        LoginFailure.objects.filter(key=key, at__gte=_since()).count() >= limit for key in keys
    )


def record_failure(keys: list[str]) -> None:
    LoginFailure.objects.bulk_create([LoginFailure(key=key) for key in keys])
    # Old rows are of no further use.
    LoginFailure.objects.filter(at__lt=_since()).delete()


def clear(keys: list[str]) -> None:
    LoginFailure.objects.filter(key__in=keys).delete()
