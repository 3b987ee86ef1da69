"""Every app's URLs, included: nothing is routed here directly."""

from django.urls import include, path

from linli.api import api

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("registry.urls")),
    path("", include("portal.urls")),
    path("helpdesk/", include("helpdesk.urls")),
    path("groups/", include("volunteers.urls")),
    path("gate/", include("logistics.urls")),
    path("sanitation/", include("sanitation.urls")),
    path("groupbuy/", include("groupbuy.urls")),
    path("money/", include("ledger.urls")),
    path("health/", include("health.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
