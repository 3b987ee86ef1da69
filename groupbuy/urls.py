from django.urls import path

from groupbuy import import_views, views

urlpatterns = [
    path("", views.offers, name="groupbuy_offers"),
    path("new/", views.offer_new, name="groupbuy_offer_new"),
    path("import/", import_views.import_orders, name="groupbuy_import"),
    path("<id:pk>/", views.offer_detail, name="groupbuy_offer"),
    path("<id:pk>/close/", views.close, name="groupbuy_close"),
    path("<id:pk>/merge/", views.merge, name="groupbuy_merge"),
    path("<id:pk>/proxy/", views.proxy, name="groupbuy_proxy"),
    path("<id:pk>/shortage/", views.shortage, name="groupbuy_shortage"),
    path("<id:pk>/gate/", views.to_gate, name="groupbuy_to_gate"),
    path("<id:pk>/signups/<id:signup>/paid/", views.paid, name="groupbuy_paid"),
    path("<id:pk>/signups/<id:signup>/refund/", views.refund, name="groupbuy_refund"),
    path("<id:pk>/order.xlsx", views.order_xlsx, name="groupbuy_order_xlsx"),
    path("<id:pk>/order.pdf", views.order_pdf, name="groupbuy_order_pdf"),
    path("<id:pk>/picks.pdf", views.picks_pdf, name="groupbuy_picks_pdf"),
]
