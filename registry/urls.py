from django.urls import path

from registry import household_link, roster_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("compounds/<id:pk>/", views.compound, name="compound"),
    path("compounds/<id:pk>/export.xlsx", roster_views.roster_export, name="roster_export"),
    path("buildings/<id:pk>/", views.building, name="building"),
    path("units/<id:pk>/", views.unit, name="unit"),
    path("households/<id:pk>/", views.household, name="household"),
    path("households/<id:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<id:pk>/reveal/", views.household_reveal, name="household_reveal"),
    path("households/<id:pk>/link/", household_link.household_link, name="household_link"),
    path(
        "households/<id:pk>/link/change/",
        household_link.household_link_change,
        name="household_link_change",
    ),
    path(
        "households/<id:household_pk>/residents/new/",
        views.resident_edit,
        name="resident_add",
    ),
    path(
        "households/<id:household_pk>/residents/<id:pk>/",
        views.resident_edit,
        name="resident_edit",
    ),
    path("residents/<id:pk>/reveal/", views.resident_reveal, name="resident_reveal"),
    path("lockdown/<str:kind>/<id:pk>/", views.lockdown_set, name="lockdown_set"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<id:pk>/", views.correction_decide, name="correction_decide"),
    path("search/", views.search, name="search"),
    path("import/", roster_views.roster_import, name="roster_import"),
    path("import/<id:pk>/", roster_views.import_status, name="import_status"),
    path("import/<id:pk>/report.xlsx", roster_views.import_report, name="import_report"),
]
