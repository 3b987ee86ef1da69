from django.urls import path

from logistics import batch_views, stock_views, supply_views, views

urlpatterns = [
    path("", views.gate, name="gate"),
    path("shelf/", views.shelf, name="gate_shelf"),
    path("sorting/", views.sorting, name="gate_sorting"),
    path("sweep/", views.sweep, name="gate_sweep"),
    path("scan/", views.scan, name="gate_scan"),
    path("rules/", views.rules, name="gate_rules"),
    path("items/<id:pk>/", views.item_detail, name="gate_item"),
    path("items/<id:pk>/move/", views.move, name="gate_move"),
    path("items/<id:pk>/resolve/", views.resolve, name="gate_resolve"),
    path("items/<id:pk>/close/", views.close, name="gate_close"),
    path("items/<id:pk>/request/", views.link_request, name="gate_link_request"),
    path("items/<id:pk>/photo/", views.photo, name="gate_photo"),
    path("buildings/<id:pk>/", views.building, name="gate_building"),
    path("batches/new/", batch_views.batch_new, name="gate_batch_new"),
    path("batches/<id:pk>/", batch_views.batch_detail, name="gate_batch"),
    path("batches/<id:pk>/report.xlsx", batch_views.batch_report, name="gate_batch_report"),
    path("supplies/", supply_views.distributions, name="supplies"),
    path("supplies/<id:pk>/", supply_views.distribution, name="supplies_distribution"),
    path("supplies/<id:pk>/hand-out/", supply_views.hand_out, name="supplies_hand_out"),
    path("stock/", stock_views.stock_page, name="gate_stock"),
    path("stock/donations/", stock_views.donation_new, name="gate_donation_new"),
    path("stock/issue/", stock_views.issue, name="gate_issue"),
    path("public/<id:pk>/", stock_views.public, name="gate_public"),
    path("corner/", views.corner, name="gate_corner"),
    path("corner/<id:pk>/move/", views.corner_move, name="gate_corner_move"),
    path("items/<id:pk>/label.pdf", views.item_label, name="gate_item_label"),
    path("buildings/<id:pk>/run-sheet.pdf", views.run_sheet_pdf, name="gate_run_sheet_pdf"),
    path("batches/<id:pk>/labels.pdf", batch_views.batch_labels, name="gate_batch_labels"),
]
