"""Linli's settings plus the benchmark's flat table."""

from linli.settings import *  # noqa: F403
from linli.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
MIGRATION_MODULES = {"bench": None}  # the flat table is made with --run-syncdb
