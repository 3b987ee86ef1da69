"""What disinfection and garbage rounds add to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, BUILDING, GRID, GROUP, MEDICAL, VOLUNTEER, define

# The community office and the leaders keep the plan: which areas, how many times a day.
PLAN_SANITATION = define(
    "plan_sanitation", _("plan disinfection: areas and times per day"),
    ADMIN, GROUP, GRID, BUILDING,
)  # fmt: skip
# Whoever is in a protective suit logs the round. The medical adviser is among them because
# the sampling point's check-in (the health app) logs the lift after each household's ride.
LOG_SANITATION = define(
    "log_sanitation", _("log disinfection and garbage rounds"),
    ADMIN, GROUP, GRID, BUILDING, VOLUNTEER, MEDICAL,
)  # fmt: skip
