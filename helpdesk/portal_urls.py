"""The help desk under the household's link: /h/<token>/help/…"""

from django.urls import path

from helpdesk import resident_views

urlpatterns = [
    path("", resident_views.help_page, name="help_page"),
    path("<id:pk>/confirm/", resident_views.help_confirm, name="help_confirm"),
    path("<id:pk>/reopen/", resident_views.help_reopen, name="help_reopen"),
    path("<id:pk>/reply/", resident_views.help_reply, name="help_reply"),
    path("<id:pk>/photo/", resident_views.help_photo, name="help_photo"),
]
