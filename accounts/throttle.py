"""Login throttling in the database, so it holds across server processes.

Failures are counted per phone and per address. Five for one phone lock that phone; an address
is shared by a whole office behind one Wi-Fi or proxy, so it takes many more, and even a locked
address lets in a correct password for a phone that has no failures of its own: one person's
typos never lock out the rest of the office.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import LoginFailure
from lib.identity import normalise_phone


@dataclass(frozen=True)
class Attempt:
    phone: str
    address: str

    @property
    def phone_key(self) -> str:
        return f"phone:{self.phone}"

    @property
    def address_key(self) -> str:
        return f"ip:{self.address}"


def attempt_of(request: HttpRequest) -> Attempt:
    raw = request.POST.get("username", "")
    return Attempt(phone=normalise_phone(raw) or raw.strip()[:40], address=client_address(request))


def client_address(request: HttpRequest) -> str:
    """The address of the person, not of the proxy in front of Linli.

    X-Forwarded-For is anyone's to write, so it is read only when the connection comes from a
    proxy in LINLI_TRUSTED_PROXIES (addresses or networks), and then from the right: the last
    address that is not itself a trusted proxy is the one that connected to them.
    """
    remote: str = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if _trusted(address):
            continue
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            break  # a garbled header: count it against the proxy rather than trust it
    return remote


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    networks = getattr(settings, "LINLI_TRUSTED_PROXIES", [])
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def _since() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LINLI_LOGIN_WINDOW_SECONDS)


def _failures(key: str) -> int:
    return LoginFailure.objects.filter(key=key, at__gte=_since()).count()


def is_locked(attempt: Attempt) -> bool:
    """Whether this attempt may not even be tried."""
    phone_failures = _failures(attempt.phone_key)
    if phone_failures >= settings.LINLI_LOGIN_MAX_FAILURES:
        return True
    if _failures(attempt.address_key) < settings.LINLI_LOGIN_MAX_FAILURES_PER_ADDRESS:
        return False
    # The address is locked by many failures; a phone with a clean record may still try.
    return phone_failures > 0


def record_failure(attempt: Attempt) -> None:
    LoginFailure.objects.bulk_create(
        [LoginFailure(key=attempt.phone_key), LoginFailure(key=attempt.address_key)]
    )
    # Old rows are of no further use.
    LoginFailure.objects.filter(at__lt=_since()).delete()


def clear(attempt: Attempt) -> None:
    """A correct password clears that phone's failures, not the address's."""
    LoginFailure.objects.filter(key=attempt.phone_key).delete()
