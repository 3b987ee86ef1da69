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
    path("staff/<id:pk>/", staff_views.staff_edit, name="staff_edit"),
    path("compounds/<id:pk>/", registry.compound, name="compound"),
    path("compounds/<id:pk>/export.xlsx", roster_views.roster_export, name="roster_export"),
    path("buildings/<id:pk>/", registry.building, name="building"),
    path("units/<id:pk>/", registry.unit, name="unit"),
    path("households/<id:pk>/", registry.household, name="household"),
    path("households/<id:pk>/edit/", registry.household_edit, name="household_edit"),
    path("households/<id:pk>/reveal/", registry.household_reveal, name="household_reveal"),
    path("households/<id:pk>/link/", household_link.household_link, name="household_link"),
    path(
        "households/<id:pk>/link/change/",
        household_link.household_link_change,
        name="household_link_change",
    ),
    path(
        "households/<id:household_pk>/residents/new/",
        registry.resident_edit,
        name="resident_add",
    ),
    path(
        "households/<id:household_pk>/residents/<id:pk>/",
        registry.resident_edit,
        name="resident_edit",
    ),
    path("residents/<id:pk>/reveal/", registry.resident_reveal, name="resident_reveal"),
    path("lockdown/<str:kind>/<id:pk>/", registry.lockdown_set, name="lockdown_set"),
    path("corrections/", registry.corrections, name="corrections"),
    path("corrections/<id:pk>/", registry.correction_decide, name="correction_decide"),
    path("search/", registry.search, name="search"),
    path("import/", roster_views.roster_import, name="roster_import"),
    path("import/<id:pk>/report.xlsx", roster_views.import_report, name="import_report"),
    path("h/<str:token>/", household_link.household_page, name="household_page"),
    path("h/<str:token>/help/", resident_views.help_page, name="help_page"),
    path("h/<str:token>/help/<id:pk>/confirm/", resident_views.help_confirm, name="help_confirm"),
    path("h/<str:token>/help/<id:pk>/reopen/", resident_views.help_reopen, name="help_reopen"),
    path("h/<str:token>/help/<id:pk>/reply/", resident_views.help_reply, name="help_reply"),
    path("h/<str:token>/help/<id:pk>/photo/", resident_views.help_photo, name="help_photo"),
    path("helpdesk/", include("helpdesk.urls")),
    path("groups/", include("volunteers.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
