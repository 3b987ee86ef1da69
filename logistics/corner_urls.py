"""The donation corner under the household's link: /h/<token>/corner/…"""

from django.urls import path

from logistics import resident_views

urlpatterns = [
    path("offer/", resident_views.corner_offer, name="corner_offer"),
    path("<id:pk>/ask/", resident_views.corner_ask, name="corner_ask"),
    path("<id:pk>/withdraw/", resident_views.corner_withdraw, name="corner_withdraw"),
]
