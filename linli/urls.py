from django.urls import include, path

from accounts import staff_views
from accounts import views as accounts_views
from helpdesk import resident_views
from linli.api import api
from registry import household_link, roster_views
from registry import views as registry

urlpatterns = [
    path("", registry.home, name="home"),
    path("login/", accounts_views.login_view, name="login"),
    path("logout/", accounts_views.logout_view, name="logout"),
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/new/", staff_views.staff_edit, name="staff_add"),
    path("staff/<int:pk>/", staff_views.staff_edit, name="staff_edit"),
    path("compounds/<int:pk>/", registry.compound, name="compound"),
    path("compounds/<int:pk>/export.xlsx", roster_views.roster_export, name="roster_export"),
    path("buildings/<int:pk>/", registry.building, name="building"),
    path("units/<int:pk>/", registry.unit, name="unit"),
    path("households/<int:pk>/", registry.household, name="household"),
    path("households/<int:pk>/edit/", registry.household_edit, name="household_edit"),
    path("households/<int:pk>/reveal/", registry.household_reveal, name="household_reveal"),
    path("households/<int:pk>/link/", household_link.household_link, name="household_link"),
    path(
        "households/<int:pk>/link/change/",
        household_link.household_link_change,
        name="household_link_change",
    ),
    path(
        "households/<int:household_pk>/residents/new/",
        registry.resident_edit,
        name="resident_add",
    ),
    path(
        "households/<int:household_pk>/residents/<int:pk>/",
        registry.resident_edit,
        name="resident_edit",
    ),
    path("residents/<int:pk>/reveal/", registry.resident_reveal, name="resident_reveal"),
    path("lockdown/<str:kind>/<int:pk>/", registry.lockdown_set, name="lockdown_set"),
    path("corrections/", registry.corrections, name="corrections"),
    path("corrections/<int:pk>/", registry.correction_decide, name="correction_decide"),
    path("search/", registry.search, name="search"),
    path("import/", roster_views.roster_import, name="roster_import"),
    path("import/<int:pk>/report.xlsx", roster_views.import_report, name="import_report"),
    path("h/<str:token>/", household_link.household_page, name="household_page"),
    path("h/<str:token>/help/", resident_views.help_page, name="help_page"),
    path("h/<str:token>/help/<int:pk>/confirm/", resident_views.help_confirm, name="help_confirm"),
    path("h/<str:token>/help/<int:pk>/reopen/", resident_views.help_reopen, name="help_reopen"),
    path("h/<str:token>/help/<int:pk>/reply/", resident_views.help_reply, name="help_reply"),
    path("helpdesk/", include("helpdesk.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
