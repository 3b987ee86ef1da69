from django.apps import AppConfig
from django.urls import register_converter


class LinliConfig(AppConfig):
    name = "linli"
    verbose_name = "Linli"

    def ready(self) -> None:
        from linli.converters import IdConverter

        # Every id in a path is `<id:pk>`: a number past the database's range is a 404.
        register_converter(IdConverter, "id")
