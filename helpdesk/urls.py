from django.urls import path

from helpdesk import care_views, chat_views, service_views, views

urlpatterns = [
    path("", views.pool, name="helpdesk_pool"),
    path("mine/", views.mine, name="helpdesk_mine"),
    path("board/", views.board, name="helpdesk_board"),
    path("board/bulk/", views.bulk, name="helpdesk_bulk"),
    path("service-levels/<int:compound_pk>/", service_views.service_levels, name="service_levels"),
    path("new/", views.new, name="helpdesk_new"),
    path("chat/", chat_views.chat, name="helpdesk_chat"),
    path("care/", care_views.calls, name="care_calls"),
    path("care/calls/<int:pk>/", care_views.call_result, name="care_call_result"),
    path("care/new/<int:resident_pk>/", care_views.plan_new, name="care_plan_new"),
    path("<int:pk>/", views.detail, name="helpdesk_detail"),
    path("<int:pk>/claim/", views.claim, name="helpdesk_claim"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="helpdesk_acknowledge"),
    path("<int:pk>/start/", views.start, name="helpdesk_start"),
    path("<int:pk>/close/", views.close, name="helpdesk_close"),
    path("<int:pk>/no-answer/", views.no_answer, name="helpdesk_no_answer"),
    path("<int:pk>/reply/", views.reply, name="helpdesk_reply"),
    path("<int:pk>/assign/", views.assign, name="helpdesk_assign"),
    path("<int:pk>/purchase/", views.purchase, name="helpdesk_purchase"),
    path("<int:pk>/purchase/<int:purchase_pk>/repaid/", views.repaid, name="helpdesk_repaid"),
    path("<int:pk>/contact/", views.contact, name="helpdesk_contact"),
    path("<int:pk>/transfer/", views.transfer, name="helpdesk_transfer"),
]
