"""Linli's settings plus the benchmark's flat table."""

from linli.settings import *  # noqa: F403
from linli.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
MIGRATION_MODULES = {"bench": None}  # the flat table is made with --run-syncdb
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Pages render with the plain static storage: collectstatic is not part of a benchmark.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ROOT_URLCONF = "bench.urls"
