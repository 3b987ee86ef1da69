from django.urls import path

from volunteers import views

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/<id:compound_pk>/", views.group_edit, name="group_add"),
    path("<id:pk>/", views.group_edit, name="group_edit"),
]
