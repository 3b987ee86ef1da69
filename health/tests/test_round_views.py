"""Planning a round, its board, the missed list (page, PDF), tubes and results, the export."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from health import actions
from health.models import RosterEntry, TestRound, Tube
from registry.models import Resident, ZoneLevel, current_lockdown


def test_admin_opens_a_round_with_its_roster(world):
    response = world.client(world.admin).post(
        "/health/rounds/new/",
        {
            "name": "全员核酸",
            "day": date.today().isoformat(),
            "tube_size": "10",
            "points": "东门\n西门",
            "buildings": [str(world.b1.pk), str(world.b2.pk)],
        },
    )
    round = TestRound.objects.get(name="全员核酸")
    assert response.status_code == 302 and response["Location"] == f"/health/rounds/{round.pk}/"
    assert round.entries.count() == 2 and round.points.count() == 3


def test_bad_round_is_refused_with_a_message_and_nothing_made(world):
    client = world.client(world.admin)
    for bad in (
        {"tube_size": "0"},
        {"tube_size": "x"},
        {"day": "18/04"},
        {"name": " "},
        {"points": ""},
        {"buildings": [str(world.other_building.pk)]},
    ):
        data = {
            "name": "r",
            "day": date.today().isoformat(),
            "tube_size": "10",
            "points": "东门",
            **bad,
        }
        response = client.post("/health/rounds/new/", data)
        assert response.status_code == 200 and b'class="notice error"' in response.content, bad
    assert not TestRound.objects.exists()


def test_a_volunteer_may_not_plan_a_round(world):
    assert world.client(world.volunteer).get("/health/rounds/new/").status_code == 403


def test_round_board_counts_only_the_leaders_buildings(world, round):
    page = world.client(world.building_leader).get(f"/health/rounds/{round.pk}/").content.decode()
    assert ">1栋<" in page or "1栋" in page
    assert "3栋" not in page


def test_missed_list_shows_phone_and_reason_and_building_leader_marks_refused(world, round):
    client = world.client(world.building_leader)
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    response = client.post(
        f"/health/rounds/{round.pk}/entries/{entry.pk}/mark/",
        {"state": "refused", "reason": "不愿下楼"},
    )
    assert response["Location"].endswith(f"/missed/#e{entry.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "张三丰" in page and "不愿下楼" in page and "李四" not in page


def test_marking_without_a_reason_says_so(world, round):
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    client = world.client(world.building_leader)
    response = client.post(
        f"/health/rounds/{round.pk}/entries/{entry.pk}/mark/", {"state": "unreachable"}, follow=True
    )
    assert b'class="notice error"' in response.content
    assert RosterEntry.objects.get(pk=entry.pk).state == "expected"


def test_marking_away_records_an_absence(world, round):
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    world.client(world.admin).post(
        f"/health/rounds/{round.pk}/entries/{entry.pk}/mark/",
        {"state": "hospital", "reason": "住院"},
    )
    assert RosterEntry.objects.get(pk=entry.pk).state == "excluded"
    assert world.zhang.absences.get().kind == "hospital"


def test_another_buildings_entry_is_404_for_a_building_leader(world, round):
    li = RosterEntry.objects.get(round=round, household=world.h201)
    client = world.client(world.building_leader)
    assert (
        client.post(
            f"/health/rounds/{round.pk}/entries/{li.pk}/mark/", {"state": "refused", "reason": "x"}
        ).status_code
        == 404
    )


def test_missed_pdf_is_a_pdf(world, round):
    response = world.client(world.building_leader).get(f"/health/rounds/{round.pk}/missed.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_abnormal_tube_shows_retests_first_and_seals_units(world, round, point, tube):
    actions.check_in(
        user=world.admin,
        entry=RosterEntry.objects.get(round=round, resident=world.zhang),
        point=point,
    )
    client = world.client(world.admin)
    response = client.post(
        f"/health/rounds/{round.pk}/tubes/{tube.pk}/result/", {"result": "abnormal", "seal": "1"}
    )
    assert response["Location"] == f"/health/rounds/{round.pk}/#retests"
    page = client.get(response["Location"]).content.decode()
    assert page.index('id="retests"') < page.index("张三丰") < page.index('class="stats"')
    assert current_lockdown(world.compound, world.b1, world.h101.unit).level == ZoneLevel.SEALED


def test_only_the_office_reports_tube_results(world, round, point, tube):
    response = world.client(world.volunteer).post(
        f"/health/rounds/{round.pk}/tubes/{tube.pk}/result/", {"result": "abnormal"}
    )
    assert response.status_code == 403 and Tube.objects.get(pk=tube.pk).result == "pending"


def test_export_has_a_row_per_tested_resident_and_a_summary(world, round, point, tube):
    actions.check_in(
        user=world.volunteer,
        entry=RosterEntry.objects.get(round=round, household=world.h201),
        point=point,
    )
    response = world.client(world.admin).get(f"/health/rounds/{round.pk}/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["已检测"].iter_rows(values_only=True))
    assert rows[1][3] == "李四" and rows[1][4] == "T0001" and rows[1][7] == "志愿者"
    summary = list(book["楼栋汇总"].iter_rows(values_only=True))
    assert summary[-2][:4] == ("合计", 3, 1, 2)


def test_add_a_person_on_the_day(world, round):
    response = world.client(world.admin).post(
        f"/health/rounds/{round.pk}/add/", {"room": "1-1-101", "name": "访客"}
    )
    assert response.status_code == 302
    assert RosterEntry.objects.filter(
        round=round, resident__name="访客", added_on_the_day=True
    ).exists()
    bad = world.client(world.admin).post(
        f"/health/rounds/{round.pk}/add/", {"room": "9-9-999", "name": "x"}
    )
    assert bad.status_code == 200 and b'class="notice error"' in bad.content
    assert not Resident.objects.filter(name="x").exists()


def test_outsider_sees_no_round(world, round):
    client = world.client(world.outsider)
    for url in ("", "missed/", "missed.pdf", "door/", "tubes/", "export.xlsx"):
        assert client.get(f"/health/rounds/{round.pk}/{url}").status_code == 404, url


def test_door_to_door_route_and_check_in_at_the_door(world, round):
    RosterEntry.objects.filter(round=round, resident=world.zhang).update(door_to_door=True)
    client = world.client(world.admin)
    door = round.points.get(door_to_door=True)
    client.post(f"/health/rounds/{round.pk}/points/{door.pk}/tube/", {"code": "D1", "back": "door"})
    page = client.get(f"/health/rounds/{round.pk}/door/").content.decode()
    assert "张三丰" in page and "D1" in page
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    response = client.post(
        f"/health/rounds/{round.pk}/points/{door.pk}/check-in/", {"entry": entry.pk, "back": "door"}
    )
    assert response["Location"].endswith("/door/#route")
    assert RosterEntry.objects.get(pk=entry.pk).tube.code == "D1"


def test_slot_form_says_what_is_wrong(world, round):
    client = world.client(world.admin)
    response = client.post(
        f"/health/rounds/{round.pk}/slots/",
        {"building": world.b1.pk, "starts": "9", "ends": ""},
        follow=True,
    )
    assert b'class="notice error"' in response.content and not round.slots.exists()
    client.post(
        f"/health/rounds/{round.pk}/slots/",
        {"building": world.b1.pk, "starts": "08:00", "ends": "08:30"},
    )
    assert round.slots.count() == 1
