"""A photo's pixels are counted from its header, before anything decodes it."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from helpdesk.forms import PurchaseForm, RequestForm

pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


def png(width: int, height: int) -> bytes:
    """A tiny PNG that declares width × height pixels (grey, one bit a pixel)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 64, 9)  # a few rows: the decoder would need them all
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def request_form(photo: bytes) -> RequestForm:
    data = {"category": "medicine", "urgency": "normal", "text": "降压药"}
    return RequestForm(data, {"photo": SimpleUploadedFile("p.png", photo, "image/png")})


def test_a_144_megapixel_png_of_a_few_kb_is_a_form_error():
    bomb = png(12_000, 12_000)
    assert len(bomb) < 20_000
    form = request_form(bomb)
    assert not form.is_valid()
    assert "photo" in form.errors


def test_a_receipt_of_too_many_pixels_is_a_form_error_too():
    data = {"description": "药", "amount": "12.50", "paid_by": "volunteer"}
    form = PurchaseForm(data, {"receipt": SimpleUploadedFile("r.png", png(9_000, 9_000))})
    assert not form.is_valid()
    assert "receipt" in form.errors


def test_an_ordinary_photo_is_taken(settings):
    form = request_form(png(4_000, 3_000))
    assert form.is_valid(), form.errors


def test_pillow_refuses_to_decode_beyond_the_setting(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.LINLI_MAX_IMAGE_PIXELS


def test_a_photo_beyond_twice_the_limit_is_a_form_error_not_a_server_error():
    form = request_form(png(15_000, 15_000))  # Pillow itself refuses to open it
    assert not form.is_valid()
    assert "photo" in form.errors


@pytest.mark.parametrize("side", [9_000, 12_000])  # 81 MP: our message; 144 MP: Pillow's
def test_a_resident_sending_too_many_pixels_gets_the_form_back(world, groups, side):
    from django.urls import reverse

    from helpdesk.models import Request

    photo = SimpleUploadedFile("药方.png", png(side, side), content_type="image/png")
    response = world.client(None).post(
        reverse("help_page", args=[world.h201.access_token]),
        {"category": "medicine", "urgency": "normal", "text": "买药", "photo": photo},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    if side == 9_000:
        assert "照片像素太多" in response.content.decode()
    assert not Request.objects.exists()
