from django.urls import path

from helpdesk import care_views, chat_views, service_views, views

urlpatterns = [
    path("", views.pool, name="helpdesk_pool"),
    path("mine/", views.mine, name="helpdesk_mine"),
    path("board/", views.board, name="helpdesk_board"),
    path("board/bulk/", views.bulk, name="helpdesk_bulk"),
    path("service-levels/<id:compound_pk>/", service_views.service_levels, name="service_levels"),
    path("new/", views.new, name="helpdesk_new"),
    path("chat/", chat_views.chat, name="helpdesk_chat"),
    path("care/", care_views.calls, name="care_calls"),
    path("care/open/", care_views.calls_open, name="care_calls_open"),
    path("care/calls/<id:pk>/", care_views.call_result, name="care_call_result"),
    path("care/calls/<id:pk>/contact/", care_views.call_contact, name="care_call_contact"),
    path("care/new/<id:resident_pk>/", care_views.plan_new, name="care_plan_new"),
    path("<id:pk>/", views.detail, name="helpdesk_detail"),
    path("<id:pk>/claim/", views.claim, name="helpdesk_claim"),
    path("<id:pk>/acknowledge/", views.acknowledge, name="helpdesk_acknowledge"),
    path("<id:pk>/start/", views.start, name="helpdesk_start"),
    path("<id:pk>/close/", views.close, name="helpdesk_close"),
    path("<id:pk>/no-answer/", views.no_answer, name="helpdesk_no_answer"),
    path("<id:pk>/reply/", views.reply, name="helpdesk_reply"),
    path("<id:pk>/assign/", views.assign, name="helpdesk_assign"),
    path("<id:pk>/purchase/", views.purchase, name="helpdesk_purchase"),
    path("<id:pk>/purchase/<id:purchase_pk>/repaid/", views.repaid, name="helpdesk_repaid"),
    path("<id:pk>/contact/", views.contact, name="helpdesk_contact"),
    path("<id:pk>/photo/", views.photo, name="helpdesk_photo"),
    path("<id:pk>/purchase/<id:purchase_pk>/receipt/", views.receipt, name="helpdesk_receipt"),
    path("<id:pk>/transfer/", views.transfer, name="helpdesk_transfer"),
    path("<id:pk>/triage/", views.triage, name="helpdesk_triage"),
]
