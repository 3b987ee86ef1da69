"""What health rounds add to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, BUILDING, GRID, GROUP, MEDICAL, VOLUNTEER, define

# The community office plans a round: its buildings, points, slots and tube size.
PLAN_ROUNDS = define(
    "plan_rounds", _("plan test rounds, report tube results"), ADMIN, GROUP, MEDICAL
)
# Samplers and whoever helps at the point check residents in; they see names and rooms only.
CHECK_IN = define(
    "check_in",
    _("check residents in at a sampling point"),
    ADMIN,
    GROUP,
    GRID,
    BUILDING,
    VOLUNTEER,
    MEDICAL,
)
# A building leader chases the missed and signs off the building's antigen day.
CHASE_MISSED = define(
    "chase_missed",
    _("chase missed residents, sign off a building's day"),
    ADMIN,
    GROUP,
    GRID,
    BUILDING,
    MEDICAL,
)
# Cases and the lockdown changes that follow them: the office and the medical adviser.
MANAGE_CASES = define("manage_cases", _("manage cases and the 7+7 rule"), ADMIN, MEDICAL)
# A volunteer at the door reports a household's antigen results for it.
REPORT_ANTIGEN_BY_PROXY = define(
    "report_antigen_by_proxy",
    _("report antigen results for a household"),
    ADMIN,
    GROUP,
    GRID,
    BUILDING,
    VOLUNTEER,
    MEDICAL,
)
