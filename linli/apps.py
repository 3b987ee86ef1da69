from django.apps import AppConfig


class LinliConfig(AppConfig):
    name = "linli"
    verbose_name = "Linli"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Pillow refuses to open an image of more than twice this many pixels before it
        # decodes anything (a 17 KB PNG can declare 144 megapixels); forms refuse above it.
        Image.MAX_IMAGE_PIXELS = settings.LINLI_MAX_IMAGE_PIXELS
