"""The gate under the household's link: /h/<token>/deliveries/…"""

from django.urls import path

from logistics import resident_views

urlpatterns = [
    path("<id:pk>/received/", resident_views.confirm_received, name="deliveries_confirm"),
]
