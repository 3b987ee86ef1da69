"""What group buying adds to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, BUILDING, GRID, GROUP, VOLUNTEER, define
from accounts.models import Role

GROUP_BUY = Role.GROUP_BUY_LEADER

# A 团长 publishes offers for the buildings they serve, closes them and marks who paid.
RUN_GROUP_BUY = define(
    "run_group_buy", _("publish group-buy offers, close them, mark payments"), ADMIN, GROUP_BUY
)
# Whoever visits the door signs up a household without a smartphone (recorded as a proxy).
SIGN_UP_BY_PROXY = define(
    "sign_up_by_proxy", _("sign up a household for a group buy on its behalf"),
    ADMIN, GROUP, GRID, BUILDING, VOLUNTEER, GROUP_BUY,
)  # fmt: skip
