from django.apps import AppConfig
from django.urls import register_converter


class LinliConfig(AppConfig):
    name = "linli"
    verbose_name = "Linli"

    def ready(self) -> None:
        from linli.converters import IdConverter

        # Every id in a path is `<id:pk>`: a number past the database's range is a 404.
        register_converter(IdConverter, "id")

        from django.conf import settings
        from PIL import Image

        # Pillow refuses to open an image of more than twice this many pixels before it
        # decodes anything (a 17 KB PNG can declare 144 megapixels); forms refuse above it.
        Image.MAX_IMAGE_PIXELS = settings.LINLI_MAX_IMAGE_PIXELS
