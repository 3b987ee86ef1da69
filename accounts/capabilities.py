"""What each role may do: one table, which every app extends with its own capabilities.

An app defines what it needs in its own `capabilities.py` (imported by its AppConfig.ready):

    RECEIVE_AT_GATE = define("receive_at_gate", _("receive goods at the gate"), Role.VOLUNTEER, …)

and checks it with `can(user, RECEIVE_AT_GATE)` in code or `{% if can.receive_at_gate %}` in a
template. Superusers may do everything; an inactive account nothing. Scope (which buildings)
is a separate question, answered by User.in_scope() and the permission-checked getters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User


@dataclass(frozen=True)
class Capability:
    code: str
    label: str | Promise
    roles: frozenset[str]


TABLE: dict[str, Capability] = {}


def define(code: str, label: str | Promise, *roles: Role) -> str:
    """Add a capability to the table; its code is what `can` takes."""
    if code in TABLE:
        raise ImproperlyConfigured(f"capability {code!r} is defined twice")
    TABLE[code] = Capability(code=code, label=label, roles=frozenset(roles))
    return code


def can(user: Any, code: str) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in TABLE[code].roles


def require(user: User, code: str, message: str | Promise) -> None:
    if not can(user, code):
        raise PermissionDenied(str(message))


def context(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """`can` in every template: {% if can.reveal_contact %}."""
    user = getattr(request, "user", None)
    return {"can": {code: can(user, code) for code in TABLE}}


ADMIN, GROUP, GRID, BUILDING = (
    Role.COMMUNITY_ADMIN,
    Role.GROUP_LEADER,
    Role.GRID_LEADER,
    Role.BUILDING_LEADER,
)
VOLUNTEER, MEDICAL = Role.VOLUNTEER, Role.MEDICAL_ADVISER

# Roles that call residents or judge their health need personal data; each reveal is logged.
REVEAL_CONTACT = define(
    "reveal_contact", _("see phone and ID numbers (logged)"), ADMIN, GRID, BUILDING, MEDICAL
)
IMPORT_ROSTER = define("import_roster", _("import and export the roster"), ADMIN)
EDIT_REGISTRY = define("edit_registry", _("change households and residents"), ADMIN, GRID, BUILDING)
# A building leader speaks for a building, not for the whole compound.
SET_COMPOUND_LOCKDOWN = define("set_compound_lockdown", _("set the compound's lockdown"), ADMIN)
MANAGE_STAFF = define("manage_staff", _("add staff and volunteers, set their scope"), ADMIN)
MANAGE_GROUPS = define("manage_groups", _("manage working groups and members"), ADMIN)
# Leaders see the help desk board, assign requests and close any of them.
LEAD = define("lead", _("lead: the board, assigning, closing any request"), ADMIN, GROUP, GRID)
SEE_ALL_GROUPS = define(
    "see_all_groups", _("see every working group's requests"), ADMIN, GROUP, GRID, BUILDING,
    MEDICAL,
)  # fmt: skip
