"""Sanitation under the household's link: /h/<token>/sanitation/…"""

from django.urls import path

from sanitation import resident_views

urlpatterns = [
    path("report/", resident_views.report, name="sanitation_report"),
]
