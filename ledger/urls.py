from django.urls import path

from ledger import views

urlpatterns = [
    path("", views.overview, name="money"),
    path("households/<id:pk>/", views.household, name="money_household"),
    path("fund/", views.donation, name="money_fund"),
    path("collect/", views.collect, name="money_collect"),
    path("suppliers/", views.supplier_payment, name="money_supplier"),
]
