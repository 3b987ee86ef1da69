"""Linli's URLs plus the help-desk benchmark's baseline (an empty JSON view) and its ceiling."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from bench.ceiling import api as ceiling
from linli.urls import urlpatterns as linli_urls


def empty(request: HttpRequest) -> JsonResponse:
    return JsonResponse({})


urlpatterns = [path("bench/empty/", empty), path("bench/ceiling/", ceiling.urls), *linli_urls]
