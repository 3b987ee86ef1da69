"""Health under the household's link: /h/<token>/antigen/…"""

from django.urls import path

from health import resident_views

urlpatterns = [
    path("", resident_views.antigen_page, name="antigen_page"),
    path("codes/", resident_views.codes, name="antigen_codes"),
    path("photos/<id:pk>/", resident_views.photo, name="antigen_own_photo"),
]
