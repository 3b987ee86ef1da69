import shutil
import subprocess

import pytest
from django.urls import reverse

from logistics import actions
from logistics.models import Kind


def log(world, user, label="1栋1单元101 张三丰"):
    return actions.receive_item(
        user=user, compound=world.compound, kind=Kind.MEAL, label_text=label
    )


def pdf_text(content, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def test_an_items_label_has_its_code_and_room_in_chinese(world, gatekeeper, tmp_path):
    item = log(world, gatekeeper)
    response = world.client(gatekeeper).get(reverse("gate_item_label", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert item.code in text and "1栋" in text and "101" in text


def test_a_run_sheet_pdf_lists_the_buildings_items_by_staircase(world, gatekeeper, tmp_path):
    items = [log(world, gatekeeper) for _ in range(3)]
    response = world.client(world.building_leader).get(
        reverse("gate_run_sheet_pdf", args=[world.b1.pk])
    )
    text = pdf_text(response.content, tmp_path)
    assert all(item.code in text for item in items)
    assert "派送单" in text and "1单元" in text


def test_a_batchs_labels_are_one_pdf(world, gatekeeper, tmp_path):
    from lib.consignment import read_lines

    result = actions.receive_batch(
        user=gatekeeper, compound=world.compound, kind=Kind.GROUP_BUY,
        rows=read_lines("1栋1单元101\n2栋1单元201\n谁的"),
    )  # fmt: skip
    response = world.client(gatekeeper).get(reverse("gate_batch_labels", args=[result.batch.pk]))
    text = pdf_text(response.content, tmp_path)
    assert all(item.code in text for item in result.batch.items.all())
