"""The health rounds' writes: roster, check-in and its races, tubes, antigen, cases, the rule."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from health import actions, board
from health.models import Absence, AntigenReport, Case, RosterEntry, Tube
from health.roster import write_roster
from helpdesk.models import Category, Request, Urgency
from linli.errors import Conflict
from registry.models import Household, LockdownState, Resident, ZoneLevel, current_lockdown

State = RosterEntry.State


def new_round(world, buildings=(), tube_size=10):
    return actions.open_round(
        user=world.admin, compound=world.compound, name="r", day=date.today(),
        buildings=list(buildings), tube_size=tube_size, points=["p"],
    )  # fmt: skip


def entry_of(round, resident):
    return RosterEntry.objects.get(round=round, resident=resident)


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile("cassette.png", buffer.getvalue(), content_type="image/png")


def test_roster_has_every_resident_of_the_compound_and_no_one_else(world, round):
    names = set(round.entries.values_list("resident__name", flat=True))
    assert names == {"张三丰", "李四", "王五"}
    assert round.points.filter(door_to_door=True).exists()


def test_roster_leaves_out_the_absent_with_their_reason(world):
    Absence.objects.create(resident=world.zhang, kind=Absence.Kind.HOSPITAL, note="瑞金医院")
    Household.objects.filter(pk=world.h201.pk).update(status=Household.Status.AWAY)
    opened = new_round(world)
    zhang = entry_of(opened, world.zhang)
    assert zhang.state == State.EXCLUDED and "瑞金医院" in zhang.reason
    li = opened.entries.get(household=world.h201)
    assert li.state == State.EXCLUDED and li.reason
    total, _ = board.tallies(opened, world.admin.in_scope("building"))
    assert (total.expected, total.excluded) == (1, 2)


def test_roster_of_chosen_buildings_only(world):
    opened = new_round(world, buildings=[world.b1])
    assert list(opened.entries.values_list("resident__name", flat=True)) == ["张三丰"]


def test_round_refuses_another_compounds_building(world):
    with pytest.raises(ValidationError):
        new_round(world, buildings=[world.other_building])


def test_sealed_unit_and_disabled_residents_go_door_to_door(world):
    actions.raise_unit(user=world.admin, unit=world.h301.unit, level=ZoneLevel.SEALED, note="")
    opened = new_round(world)
    assert opened.entries.get(household=world.h301).door_to_door
    assert not entry_of(opened, world.zhang).door_to_door
    assert [e.household for e in board.door_to_door(opened, world.admin.in_scope("building"))] == [
        world.h301
    ]


def test_check_in_fills_the_tube(world, round, point, tube):
    done = actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    assert done.entry.state == State.TESTED and done.entry.tube == tube
    assert done.tube.filled == 1 and not done.tube_full


def test_a_second_check_in_is_refused_and_says_when(world, round, point, tube):
    entry = entry_of(round, world.zhang)
    actions.check_in(user=world.admin, entry=entry, point=point)
    with pytest.raises(Conflict, match="checked in already"):
        actions.check_in(user=world.admin, entry=entry, point=point)
    assert Tube.objects.get(pk=tube.pk).filled == 1


def test_a_stale_entry_cannot_check_in_twice(world, round, point, tube):
    """Two points holding the same row read before either wrote: one check-in."""
    first, second = entry_of(round, world.zhang), entry_of(round, world.zhang)
    other = round.points.create(name="西门")
    actions.open_tube(user=world.admin, point=other, code="T0002")
    actions.check_in(user=world.admin, entry=first, point=point)
    with pytest.raises(Conflict):
        actions.check_in(user=world.volunteer, entry=second, point=other)
    assert RosterEntry.objects.filter(tube__isnull=False).count() == 1
    assert sum(Tube.objects.values_list("filled", flat=True)) == 1


def test_a_single_tube_closes_itself_and_the_next_resident_needs_a_new_one(world):
    opened = new_round(world, tube_size=1)
    point = opened.points.get(door_to_door=False)
    actions.open_tube(user=world.admin, point=point, code="S1")
    done = actions.check_in(user=world.admin, entry=entry_of(opened, world.zhang), point=point)
    assert done.tube_full and Tube.objects.get(code="S1").closed_at is not None
    with pytest.raises(ValidationError, match="No open tube"):
        actions.check_in(
            user=world.admin, entry=opened.entries.get(household=world.h201), point=point
        )


def test_a_full_tube_takes_no_more(world, round, point, tube):
    Tube.objects.filter(pk=tube.pk).update(filled=10)
    with pytest.raises(Conflict, match="full"):
        actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    assert entry_of(round, world.zhang).state == State.EXPECTED  # nothing half-written


def test_a_tube_scanned_twice_is_refused(world, round, point, tube):
    other = round.points.create(name="西门")
    with pytest.raises(ValidationError, match="scanned already"):
        actions.open_tube(user=world.admin, point=other, code="t0001")
    with pytest.raises(ValidationError):
        actions.open_tube(user=world.admin, point=point, code="  ")


def test_an_empty_tube_replaced_is_forgotten_a_used_one_closed(world, round, point, tube):
    actions.open_tube(user=world.admin, point=point, code="T0002")
    assert not Tube.objects.filter(code="T0001").exists()
    actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    with pytest.raises(ValidationError, match="holds 1 of 10"):
        actions.open_tube(user=world.admin, point=point, code="T0003")  # a mis-scan
    assert Tube.objects.get(code="T0002").closed_at is None
    actions.open_tube(user=world.admin, point=point, code="T0003", close_current=True)
    assert Tube.objects.get(code="T0002").closed_at is not None


def test_excluded_resident_cannot_be_checked_in(world, round, point, tube):
    entry = entry_of(round, world.zhang)
    actions.record_absence(user=world.admin, entry=entry, kind=Absence.Kind.AWAY, note="在外地")
    with pytest.raises(ValidationError, match="not to be tested"):
        actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    assert Absence.objects.filter(resident=world.zhang, kind="away").exists()


def test_missed_keeps_the_reason_and_needs_one(world, round):
    entry = entry_of(round, world.zhang)
    with pytest.raises(ValidationError):
        actions.mark_missed(user=world.admin, entry=entry, state=State.REFUSED, reason=" ")
    actions.mark_missed(user=world.admin, entry=entry, state=State.REFUSED, reason="不愿下楼")
    entry.refresh_from_db()
    assert (entry.state, entry.reason) == (State.REFUSED, "不愿下楼")
    assert entry in board.missed(round, world.admin.in_scope("building"))


def test_a_refused_resident_can_still_be_tested(world, round, point, tube):
    entry = entry_of(round, world.zhang)
    actions.mark_missed(user=world.admin, entry=entry, state=State.REFUSED, reason="不愿")
    actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    assert entry_of(round, world.zhang).state == State.TESTED


def test_undo_frees_the_place(world, round, point, tube):
    actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    actions.undo_check_in(user=world.admin, entry=entry_of(round, world.zhang))
    assert entry_of(round, world.zhang).state == State.EXPECTED
    assert Tube.objects.get(pk=tube.pk).filled == 0


def test_added_on_the_day_is_in_the_registry_and_the_roster(world, round):
    entry = actions.add_on_the_day(user=world.admin, round=round, household=world.h101, name="访客")
    assert Resident.objects.filter(household=world.h101, name="访客").exists()
    assert entry.added_on_the_day and entry.state == State.EXPECTED
    with pytest.raises(ValidationError):
        actions.add_on_the_day(
            user=world.admin, round=round, household=world.other_household, name="x"
        )


def test_abnormal_tube_marks_its_residents_and_seals_their_units(world, round, point, tube):
    for resident in (world.zhang, Resident.objects.get(name="李四")):
        actions.check_in(user=world.admin, entry=entry_of(round, resident), point=point)
    households = actions.report_tube(
        user=world.admin, tube=tube, result=Tube.Result.ABNORMAL, raise_lockdown=True
    )
    assert set(households) == {world.h101, world.h201}
    assert set(
        board.retests(round, world.admin.in_scope("building")).values_list("household", flat=True)
    ) == {world.h101.pk, world.h201.pk}
    state = current_lockdown(world.compound, world.b1, world.h101.unit)
    assert state.level == ZoneLevel.SEALED and "T0001" in state.note
    assert not RosterEntry.objects.filter(household=world.h301, retest=True).exists()


def test_tube_result_must_be_a_result(world, round, tube):
    with pytest.raises(ValidationError):
        actions.report_tube(user=world.admin, tube=tube, result="pending")


def test_antigen_report_replaces_the_days_earlier_one(world):
    actions.report_antigen(household=world.h101, resident_id=world.zhang.pk, result="invalid")
    actions.report_antigen(
        household=world.h101, resident_id=world.zhang.pk, result="negative", photo=png()
    )
    report = AntigenReport.objects.get(resident=world.zhang)
    assert report.result == "negative" and report.photo.name.endswith(".png")


def test_antigen_for_someone_outside_the_household_is_refused(world):
    li = Resident.objects.get(name="李四")
    with pytest.raises(ValidationError, match="not in this household"):
        actions.report_antigen(household=world.h101, resident_id=li.pk, result="negative")
    with pytest.raises(ValidationError):
        actions.report_antigen(household=world.h101, resident_id=world.zhang.pk, result="maybe")
    assert not AntigenReport.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(world):
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="not a photo"):
        actions.report_antigen(
            household=world.h101, resident_id=world.zhang.pk, result="negative", photo=fake
        )
    assert not AntigenReport.objects.exists()


def test_positive_antigen_opens_a_case_an_urgent_request_and_seals_the_unit(world):
    _report, case = actions.report_antigen(
        household=world.h101,
        resident_id=world.zhang.pk,
        result="positive",
        day=date.today() - timedelta(days=1),
    )
    assert case is not None and case.status == Case.Status.POSITIVE
    request = Request.objects.get(pk=case.request_id)
    assert (request.category, request.urgency, request.household) == (
        Category.MEDICAL,
        Urgency.URGENT,
        world.h101,
    )
    state = current_lockdown(world.compound, world.b1, world.h101.unit)
    assert state.level == ZoneLevel.SEALED and state.planned_end == date.today() + timedelta(days=6)
    # A second positive the next day: the same case, no second request.
    _again, same = actions.report_antigen(
        household=world.h101,
        resident_id=world.zhang.pk,
        result="positive",
        day=date.today(),
    )
    assert same == case and Request.objects.filter(category=Category.MEDICAL).count() == 1


def test_seven_plus_seven_steps_down_then_lifts(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    assert actions.steps_due(world.compound) == []
    day8 = case.positive_on + timedelta(days=8)
    steps = actions.steps_due(world.compound, today=day8)
    assert [(s.unit, s.to) for s in steps] == [(world.h101.unit, ZoneLevel.CONTROLLED)]
    actions.apply_steps(user=world.admin, compound=world.compound, steps=steps)
    assert actions.steps_due(world.compound, today=day8) == []
    assert [
        s.to for s in actions.steps_due(world.compound, today=case.positive_on + timedelta(days=15))
    ] == [ZoneLevel.LIFTED]
    assert LockdownState.objects.filter(unit=world.h101.unit).count() == 2  # each change kept


def test_the_rule_is_the_compounds_to_edit(world):
    actions.set_rule(user=world.admin, compound=world.compound, sealed_days=14, home_days=7)
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    assert actions.steps_due(world.compound, today=case.positive_on + timedelta(days=8)) == []
    with pytest.raises(ValidationError):
        actions.set_rule(user=world.admin, compound=world.compound, sealed_days=-1, home_days=7)


def test_case_status_has_history(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    actions.set_case_status(user=world.medical, case=case, status=Case.Status.FACILITY, note="方舱")
    assert list(case.events.values_list("status", flat=True)) == ["positive", "facility"]
    with pytest.raises(ValidationError):
        actions.set_case_status(user=world.medical, case=case, status="gone")


def test_a_facility_case_is_left_off_the_next_roster(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    actions.set_case_status(user=world.medical, case=case, status=Case.Status.FACILITY)
    opened = new_round(world)
    assert entry_of(opened, world.zhang).state == State.EXCLUDED


def test_sign_off_once_a_day(world):
    actions.sign_off(
        user=world.building_leader, building=world.b1, day=date.today(), reported=1, expected=1
    )
    with pytest.raises(Conflict, match="signed this day off already"):
        actions.sign_off(
            user=world.admin, building=world.b1, day=date.today(), reported=1, expected=1
        )


def test_completeness_and_reminders_only_for_those_not_reported(world):
    actions.report_antigen(household=world.h101, resident_id=world.zhang.pk, result="negative")
    buildings = world.compound.buildings.all()
    places = {p.place.number: p for p in board.antigen_completeness(buildings, date.today())}
    assert (places["1"].complete, places["1"].households) == (1, 1)
    assert places["2"].reported == 0
    waiting = board.not_reported(buildings, date.today())
    assert world.h101 not in waiting and world.h201 in waiting
    text = board.reminder_text(world.b2, [world.h201], date.today())
    assert "201" in text and "李四" not in text


def test_write_roster_twice_is_refused_by_the_database(world, round):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        write_roster(round)


def test_slot_needs_a_building_of_the_compound_and_times_in_order(world, round):
    with pytest.raises(ValidationError):
        actions.add_slot(
            user=world.admin,
            round=round,
            building_id=world.other_building.pk,
            starts="08:00",
            ends="09:00",
        )
    with pytest.raises(ValidationError):
        actions.add_slot(
            user=world.admin, round=round, building_id=world.b1.pk, starts="09:00", ends="08:00"
        )
    with pytest.raises(ValidationError):
        actions.add_slot(
            user=world.admin, round=round, building_id=world.b1.pk, starts="25:00", ends="26:00"
        )
    slot = actions.add_slot(
        user=world.admin, round=round, building_id=world.b1.pk, starts="08:00", ends="08:30"
    )
    assert slot.building == world.b1


def test_a_resident_awaiting_retest_is_sampled_at_the_door_next_round(world, round, point, tube):
    actions.check_in(user=world.admin, entry=entry_of(round, world.zhang), point=point)
    actions.report_tube(user=world.admin, tube=tube, result=Tube.Result.ABNORMAL)
    again = new_round(world)
    assert entry_of(again, world.zhang).door_to_door
    assert not again.entries.get(household=world.h201).door_to_door
