"""Photos sent with requests and receipts: served only through views that checked who asks.

Uploads live outside the static files and have no public URL; each view that serves one has
already fetched its request through a permission-checked getter.
"""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"}


def serve_image(file: FieldFile) -> FileResponse:
    name = file.name or ""
    if not name or not file.storage.exists(name):
        raise Http404(_("There is no photo here."))
    content_type, _encoding = mimetypes.guess_type(name)
    if content_type not in IMAGE_TYPES:
        # Only images are accepted on upload; anything else is never shown inline.
        raise Http404(_("There is no photo here."))
    response = FileResponse(file.open("rb"), content_type=content_type)
    # Personal data: kept by no shared cache, and never guessed into another type.
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response
