from django.urls import path

from accounts import staff_views, views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/new/", staff_views.staff_edit, name="staff_add"),
    path("staff/<id:pk>/", staff_views.staff_edit, name="staff_edit"),
]
