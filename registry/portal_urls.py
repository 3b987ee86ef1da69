from django.urls import path

from registry import portal_views

urlpatterns = [
    path("", portal_views.correct_contact, name="household_contact"),
]
