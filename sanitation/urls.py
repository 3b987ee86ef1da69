from django.urls import path

from sanitation import views

urlpatterns = [
    path("", views.index, name="sanitation"),
    path("log/", views.log, name="sanitation_log"),
    path("plan/", views.plan, name="sanitation_plan"),
    path("areas/<id:pk>/", views.area, name="sanitation_area"),
    path("buildings/<id:pk>/", views.building, name="sanitation_building"),
    path("buildings/<id:pk>/garbage/", views.garbage, name="sanitation_garbage"),
    path("buildings/<id:pk>/lift/", views.lift, name="sanitation_lift"),
    path("garbage/<id:pk>/cleared/", views.cleared, name="sanitation_cleared"),
]
