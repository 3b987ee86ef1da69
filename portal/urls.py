"""/h/<token>/: the household's page, and under it each section's own URLs."""

from django.urls import include, path

from portal import views
from portal.sections import sections

urlpatterns = [
    path("h/<str:token>/", views.household_page, name="household_page"),
    *(
        path(f"h/<str:token>/{section.key}/", include(section.urls))
        for section in sections()
        if section.urls
    ),
]
