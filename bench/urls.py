"""Linli's URLs plus an empty JSON view, the baseline of the help-desk benchmark."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from linli.urls import urlpatterns as linli_urls


def empty(request: HttpRequest) -> JsonResponse:
    return JsonResponse({})


urlpatterns = [path("bench/empty/", empty), *linli_urls]
