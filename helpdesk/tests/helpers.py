"""Helpers shared by the help desk's view tests."""

import io

from django.urls import reverse
from PIL import Image

from helpdesk import actions


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def help_url(world, name="help_page", *args):
    return reverse(name, args=[world.h201.access_token, *args])


def submit(world, category="medicine", urgency="normal", household=None):
    item, _ = actions.submit_request(
        household=household or world.h201, category=category, urgency=urgency, text="要药",
        source="link",
    )  # fmt: skip
    return item
