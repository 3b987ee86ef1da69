"""Health rounds for staff: /health/…"""

from django.urls import path

from health import antigen_views, case_views, checkin_views, views

urlpatterns = [
    path("", views.index, name="health"),
    path("rounds/new/", views.round_new, name="health_round_new"),
    path("rounds/<id:pk>/", views.round_detail, name="health_round"),
    path("rounds/<id:pk>/missed/", views.missed, name="health_missed"),
    path("rounds/<id:pk>/missed.pdf", views.missed_pdf, name="health_missed_pdf"),
    path("rounds/<id:pk>/door/", views.door, name="health_door"),
    path("rounds/<id:pk>/entries/<id:entry>/mark/", views.mark, name="health_mark"),
    path(
        "rounds/<id:pk>/entries/<id:entry>/positive/",
        case_views.confirm_positive,
        name="health_confirm_positive",
    ),
    path("rounds/<id:pk>/tubes/", views.tubes, name="health_tubes"),
    path("rounds/<id:pk>/tubes/<id:tube>/result/", views.tube_result, name="health_tube_result"),
    path("rounds/<id:pk>/add/", views.add_person, name="health_add_person"),
    path("rounds/<id:pk>/slots/", views.add_slot, name="health_add_slot"),
    path("rounds/<id:pk>/close/", views.close, name="health_close"),
    path("rounds/<id:pk>/export.xlsx", views.export, name="health_export"),
    path("rounds/<id:pk>/points/<id:point>/", checkin_views.point, name="health_point"),
    path(
        "rounds/<id:pk>/points/<id:point>/tube/", checkin_views.scan_tube, name="health_scan_tube"
    ),
    path("rounds/<id:pk>/points/<id:point>/scan/", checkin_views.scan, name="health_scan"),
    path(
        "rounds/<id:pk>/points/<id:point>/check-in/", checkin_views.check_in, name="health_check_in"
    ),
    path("rounds/<id:pk>/points/<id:point>/undo/", checkin_views.undo, name="health_undo"),
    path("rounds/<id:pk>/points/<id:point>/lift/", checkin_views.lift, name="health_lift"),
    path("antigen/", antigen_views.antigen, name="health_antigen"),
    path(
        "antigen/buildings/<id:pk>/", antigen_views.antigen_building, name="health_antigen_building"
    ),
    path("antigen/buildings/<id:pk>/sign-off/", antigen_views.sign_off, name="health_sign_off"),
    path("antigen/households/<id:pk>/report/", antigen_views.report_for, name="health_report_for"),
    path("antigen/reports/<id:pk>/photo/", antigen_views.photo, name="health_antigen_photo"),
    path("cases/", case_views.cases, name="health_cases"),
    path("cases/steps/", case_views.apply_steps, name="health_apply_steps"),
    path("cases/rule/", case_views.rule, name="health_rule"),
    path("cases/<id:pk>/", case_views.case, name="health_case"),
    path("cases/<id:pk>/status/", case_views.case_status, name="health_case_status"),
]
