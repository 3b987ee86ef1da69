"""One table says what each role may do; apps add their own rows."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.capabilities import LEAD, REVEAL_CONTACT, TABLE, can, define
from accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]


def test_each_role_may_do_what_the_table_says(world):
    assert can(world.admin, LEAD) and can(world.grid_leader, LEAD)
    assert not can(world.volunteer, LEAD) and not can(world.building_leader, LEAD)
    assert can(world.medical, REVEAL_CONTACT) and not can(world.volunteer, REVEAL_CONTACT)
    assert can(world.building_leader, "set_care_plan")  # added by the help desk


def test_an_inactive_account_may_do_nothing_and_a_superuser_everything(world):
    world.admin.is_active = False
    assert not any(can(world.admin, code) for code in TABLE)
    world.volunteer.is_superuser = True
    assert all(can(world.volunteer, code) for code in TABLE)
    assert not can(None, LEAD)


def test_an_app_adds_a_capability_without_touching_accounts(world):
    code = define("test_receive_at_gate", "receive at the gate", Role.VOLUNTEER)
    try:
        assert can(world.volunteer, code) and not can(world.medical, code)
        with pytest.raises(ImproperlyConfigured):
            define(code, "twice", Role.VOLUNTEER)
    finally:
        del TABLE[code]


def test_templates_read_capabilities_from_the_context(world):
    from django.urls import reverse

    response = world.client(world.admin).get(reverse("compound", args=[world.compound.pk]))
    assert response.context["can"]["import_roster"] is True
    response = world.client(world.volunteer).get(reverse("compound", args=[world.compound.pk]))
    assert response.context["can"]["import_roster"] is False


def test_no_view_checks_a_role_by_hand():
    hand_written = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name in {"capabilities.py", "demo.py"} or path.parts[-2] == "bench":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.role\s*(==|!=|in\b)", line):
                hand_written.append(f"{path.relative_to(ROOT)}:{number}")
    assert hand_written == []
