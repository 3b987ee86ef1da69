"""Sections of the household's page: each domain app adds its own, without editing the portal.

An app registers a Section in its AppConfig.ready():

    register(Section(key="help", title=_("Ask for help"), order=10, urls="helpdesk.portal_urls",
                     card="helpdesk/_portal_card.html", context=help_card, waiting=unconfirmed))

- its URLs are served under the household's link, /h/<token>/<key>/…, and every view among
  them takes the household with `portal.access.get_household_by_token(request, token)`;
- its card is a template included in the household's page, given `household`, `token` and
  what `context(request, household)` returns;
- `waiting(household)` counts what waits for the household (a reply to confirm, a parcel to
  fetch), shown on the card's title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.functional import Promise

from registry.models import Household


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    order: int
    card: str
    urls: str | None = None
    context: Callable[[HttpRequest, Household], dict[str, Any]] | None = None
    waiting: Callable[[Household], int] | None = None


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    if section.key in SECTIONS:
        raise ImproperlyConfigured(f"portal section {section.key!r} is registered twice")
    SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))
