"""What the help desk adds to the capability table."""

from django.utils.translation import gettext_lazy as _

from accounts.capabilities import ADMIN, BUILDING, GRID, MEDICAL, define

SET_CARE_PLAN = define(
    "set_care_plan", _("set care plans for vulnerable residents"), ADMIN, GRID, BUILDING, MEDICAL
)
SET_SERVICE_LEVELS = define("set_service_levels", _("set the help desk's time limits"), ADMIN)
