"""What the gate adds to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, BUILDING, GRID, GROUP, VOLUNTEER, define
from accounts.models import Role

# Who works the relay; which items each sees is their scope (the gate: the whole compound).
RECEIVE_GOODS = define(
    "receive_goods", _("receive goods at the gate and carry them to the door"),
    ADMIN, GROUP, GRID, BUILDING, VOLUNTEER, Role.GROUP_BUY_LEADER,
)  # fmt: skip
SET_GATE_RULES = define("set_gate_rules", _("set the gate's delivery slots and times"), ADMIN)
# Supply packs: leaders open a distribution; a second pack to a household needs a leader's reason.
OPEN_DISTRIBUTION = define(
    "open_distribution", _("open a distribution of supply packs"), ADMIN, GROUP
)
GIVE_EXTRA_PACK = define(
    "give_extra_pack", _("give a household an extra supply pack, with a reason"),
    ADMIN, GROUP, GRID, BUILDING,
)  # fmt: skip
