"""What the gate adds to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, BUILDING, GRID, GROUP, VOLUNTEER, define

# Who works the relay; which items each sees is their scope (the gate: the whole compound).
RECEIVE_GOODS = define(
    "receive_goods", _("receive goods at the gate and carry them to the door"),
    ADMIN, GROUP, GRID, BUILDING, VOLUNTEER,
)  # fmt: skip
SET_GATE_RULES = define("set_gate_rules", _("set the gate's delivery slots and times"), ADMIN)
