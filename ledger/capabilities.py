"""What the money ledger adds to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, GROUP, define
from accounts.models import Role

# Who takes residents' money and pays it out: leaders of the supply groups and group buys.
HANDLE_MONEY = define(
    "handle_money", _("record payments, refunds and donations; see the money ledger"),
    ADMIN, GROUP, Role.GROUP_BUY_LEADER,
)  # fmt: skip
