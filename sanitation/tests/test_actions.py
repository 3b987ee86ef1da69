"""The plan, the rounds and residents' reports: what each action takes and what it refuses."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from helpdesk.models import Request, Status
from linli.errors import Conflict
from registry.models import Household, Unit
from sanitation import actions
from sanitation.models import Area, AreaKind, DisinfectionRound, GarbageRound, OverflowReport
from sanitation.tests.conftest import planned

# --- the plan ------------------------------------------------------------------------------


def test_a_leader_adds_a_stairwell_of_their_building_with_an_audit_entry(world):
    area = actions.add_area(
        user=world.building_leader, compound=world.compound, building=world.b1,
        kind=AreaKind.STAIRWELL, times_per_day=5,
    )  # fmt: skip
    assert area.label == "1栋 stairwell" and area.times_per_day == 5
    assert AuditEntry.objects.filter(object_type="sanitation.area", object_id=str(area.pk)).exists()


@pytest.mark.parametrize("times", [0, -1, 25, "5", True])
def test_times_per_day_outside_one_to_twenty_four_are_refused(world, times):
    with pytest.raises(ValidationError, match="Times per day"):
        actions.add_area(
            user=world.admin, compound=world.compound, kind=AreaKind.GATE, times_per_day=times
        )
    assert not Area.objects.exists()


def test_another_compounds_building_is_refused(world):
    with pytest.raises(ValidationError, match="not in this compound"):
        actions.add_area(
            user=world.admin, compound=world.compound, building=world.other_building,
            kind=AreaKind.STAIRWELL, times_per_day=5,
        )  # fmt: skip
    assert not Area.objects.exists()


def test_a_building_leader_plans_no_other_building(world):
    with pytest.raises(PermissionDenied):
        actions.add_area(
            user=world.building_leader, compound=world.compound, building=world.b2,
            kind=AreaKind.STAIRWELL, times_per_day=5,
        )  # fmt: skip


def test_a_building_leader_plans_no_area_of_the_whole_compound(world):
    with pytest.raises(PermissionDenied):
        actions.add_area(
            user=world.building_leader, compound=world.compound, kind=AreaKind.GATE,
            times_per_day=5,
        )  # fmt: skip


def test_a_volunteer_does_not_plan(world):
    with pytest.raises(PermissionDenied):
        actions.add_area(
            user=world.volunteer, compound=world.compound, building=world.b2,
            kind=AreaKind.STAIRWELL, times_per_day=5,
        )  # fmt: skip


def test_a_stairwell_needs_a_building(world):
    with pytest.raises(ValidationError, match="belongs to a building"):
        actions.add_area(
            user=world.admin, compound=world.compound, kind=AreaKind.STAIRWELL, times_per_day=5
        )


def test_a_lift_in_a_building_without_one_is_refused(world):
    with pytest.raises(ValidationError, match="has no lift"):
        actions.add_area(
            user=world.admin, compound=world.compound, building=world.b1, kind=AreaKind.LIFT,
            times_per_day=5,
        )  # fmt: skip


def test_another_area_without_a_name_is_refused(world):
    with pytest.raises(ValidationError, match="Name the area"):
        actions.add_area(
            user=world.admin, compound=world.compound, kind=AreaKind.OTHER, name="  ",
            times_per_day=3,
        )  # fmt: skip


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationError, match="kind of area"):
        actions.add_area(user=world.admin, compound=world.compound, kind="roof", times_per_day=3)


def test_the_same_area_twice_is_refused(world):
    actions.add_area(user=world.admin, compound=world.compound, kind=AreaKind.GATE,
                     name="东门", times_per_day=6)  # fmt: skip
    with pytest.raises(ValidationError, match="in the plan already"):
        actions.add_area(user=world.admin, compound=world.compound, kind=AreaKind.GATE,
                         name="东门", times_per_day=4)  # fmt: skip
    assert Area.objects.count() == 1


def test_an_area_taken_out_of_the_plan_keeps_its_log_and_is_not_logged_again(world, stairwell):
    actions.log_disinfection(user=world.building_leader, area=stairwell)
    actions.change_area(user=world.building_leader, area=stairwell, times_per_day=5, active=False)
    assert stairwell.rounds.count() == 1
    with pytest.raises(ValidationError, match="no longer in the plan"):
        actions.log_disinfection(user=world.building_leader, area=stairwell)
    assert stairwell.rounds.count() == 1


def test_zero_times_per_day_is_refused_on_a_change_and_nothing_changes(world, stairwell):
    with pytest.raises(ValidationError):
        actions.change_area(user=world.admin, area=stairwell, times_per_day=0)
    stairwell.refresh_from_db()
    assert stairwell.times_per_day == 5


def test_a_building_leader_does_not_change_another_buildings_area(world):
    other = planned(world, building="b2")
    with pytest.raises(PermissionDenied):
        actions.change_area(user=world.building_leader, area=other, times_per_day=2)


# --- disinfection rounds -------------------------------------------------------------------


def test_a_round_clears_the_overdue_flag(world, stairwell):
    assert stairwell.is_overdue()
    done = actions.log_disinfection(user=world.building_leader, area=stairwell, product="84消毒液")
    stairwell.refresh_from_db()
    assert stairwell.last_round_at == done.at
    assert not stairwell.is_overdue()
    assert done.by == world.building_leader and done.product == "84消毒液"


def test_an_area_is_overdue_once_its_share_of_the_active_day_has_passed(world):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    morning = datetime(2022, 4, 10, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
    area = planned(world, times=5)
    area.last_round_at = morning
    assert not area.is_overdue(morning + timedelta(hours=2, minutes=47))
    assert area.is_overdue(morning + timedelta(hours=2, minutes=49))


def test_a_round_entered_late_does_not_move_the_clock_back(world, stairwell):
    actions.log_disinfection(user=world.admin, area=stairwell)
    actions.log_disinfection(
        user=world.admin, area=stairwell, at=timezone.now() - timedelta(hours=3)
    )
    stairwell.refresh_from_db()
    assert timezone.now() - stairwell.last_round_at < timedelta(minutes=1)


def test_a_round_in_the_future_is_refused(world, stairwell):
    with pytest.raises(ValidationError, match="not come yet"):
        actions.log_disinfection(
            user=world.admin, area=stairwell, at=timezone.now() + timedelta(hours=1)
        )
    assert not DisinfectionRound.objects.exists()


def test_a_volunteer_logs_only_their_buildings_areas(world, stairwell, gate):
    with pytest.raises(PermissionDenied):
        actions.log_disinfection(user=world.volunteer, area=stairwell)
    with pytest.raises(PermissionDenied):
        actions.log_disinfection(user=world.volunteer, area=gate)
    actions.log_disinfection(user=world.volunteer, area=planned(world, building="b2"))


def test_the_outsider_logs_nothing_in_this_compound(world, gate):
    with pytest.raises(PermissionDenied):
        actions.log_disinfection(user=world.outsider, area=gate)


def test_the_product_last_used_is_remembered(world, stairwell, gate):
    actions.log_disinfection(user=world.admin, area=stairwell, product="含氯消毒液 500mg/L")
    assert actions.last_product(world.admin) == "含氯消毒液 500mg/L"
    assert actions.last_product(world.group_leader) == ""


# --- the lift after each ride --------------------------------------------------------------


@pytest.fixture
def lift_building(world):
    world.b1.has_lift = True
    world.b1.save(update_fields=["has_lift"])
    return world.b1


def test_a_ride_is_logged_on_the_buildings_lift_which_joins_the_plan(world, lift_building):
    done = actions.log_lift_ride(building=lift_building, household=world.h101, user=world.medical)
    area = Area.objects.get(kind=AreaKind.LIFT, building=lift_building)
    assert done.area == area and done.household == world.h101
    assert area.times_per_day == actions.LIFT_TIMES_PER_DAY and area.last_round_at == done.at


def test_the_next_ride_uses_the_lifts_last_product(world, lift_building):
    actions.log_lift_ride(building=lift_building, household=world.h101, user=world.medical,
                          product="过氧乙酸")  # fmt: skip
    again = actions.log_lift_ride(building=lift_building, household=world.h101, user=world.admin)
    assert again.product == "过氧乙酸"
    assert Area.objects.filter(kind=AreaKind.LIFT).count() == 1


def test_a_household_of_another_building_is_refused(world, lift_building):
    with pytest.raises(ValidationError, match="is not in"):
        actions.log_lift_ride(building=lift_building, household=world.h201, user=world.admin)
    assert not DisinfectionRound.objects.exists()


def test_a_building_without_a_lift_is_refused(world):
    with pytest.raises(ValidationError, match="has no lift"):
        actions.log_lift_ride(building=world.b1, household=world.h101, user=world.admin)
    assert not Area.objects.exists()


def test_a_ride_outside_the_users_scope_is_refused(world, lift_building):
    with pytest.raises(PermissionDenied):
        actions.log_lift_ride(building=lift_building, household=world.h101, user=world.volunteer)
    assert not Area.objects.exists()


# --- garbage -------------------------------------------------------------------------------


def test_a_garbage_round_is_logged_and_later_cleared(world):
    done = actions.log_garbage_round(user=world.building_leader, building=world.b1, bags=12)
    assert done.sealed and done.cleared_at is None
    actions.mark_cleared(user=world.building_leader, garbage_round=done)
    done.refresh_from_db()
    assert done.cleared_same_day and not done.left_overnight
    with pytest.raises(Conflict):
        actions.mark_cleared(user=world.building_leader, garbage_round=done)


@pytest.mark.parametrize("bags", [-1, 1000, True, 2.5])
def test_a_bag_count_out_of_range_is_refused(world, bags):
    with pytest.raises(ValidationError, match="bags"):
        actions.log_garbage_round(user=world.admin, building=world.b1, bags=bags)
    assert not GarbageRound.objects.exists()


def test_garbage_of_another_building_is_refused(world):
    with pytest.raises(PermissionDenied):
        actions.log_garbage_round(user=world.building_leader, building=world.b2, bags=3)
    with pytest.raises(PermissionDenied):
        actions.log_garbage_round(user=world.outsider, building=world.b1, bags=3)


def test_bags_left_until_the_next_day_are_flagged(world):
    done = actions.log_garbage_round(
        user=world.admin, building=world.b1, bags=3, at=timezone.now() - timedelta(days=2)
    )
    assert done.left_overnight


# --- residents' reports --------------------------------------------------------------------


def test_overflowing_garbage_opens_a_sanitation_request_closed_by_the_next_round(world):
    report, created = actions.report_overflow(
        household=world.h101, kind="garbage", text="楼下垃圾桶满了"
    )
    assert created
    request = report.request
    assert request.category == "sanitation" and request.household == world.h101
    assert "楼下垃圾桶满了" in request.text and request.is_open
    actions.log_garbage_round(user=world.building_leader, building=world.b1, bags=8)
    request.refresh_from_db()
    report.refresh_from_db()
    assert request.status == Status.DONE and report.garbage_round is not None
    reply = request.replies.get().text
    assert "1栋" in reply and "清运" in reply  # the household reads it in Chinese


def test_a_dirty_stairwell_is_answered_by_its_disinfection_round(world, stairwell):
    report, _ = actions.report_overflow(household=world.h101, kind="dirty", area=stairwell)
    other = planned(world, building="b2")
    actions.log_disinfection(user=world.admin, area=other)
    report.refresh_from_db()
    assert report.resolved_at is None  # another area's round answers nothing here
    actions.log_disinfection(user=world.admin, area=stairwell)
    report.refresh_from_db()
    assert report.disinfection_round is not None
    assert Request.objects.get(pk=report.request_id).status == Status.DONE


def test_a_garbage_round_in_another_building_leaves_the_report_open(world):
    report, _ = actions.report_overflow(household=world.h101, kind="garbage")
    actions.log_garbage_round(user=world.admin, building=world.b2, bags=1)
    report.refresh_from_db()
    assert report.resolved_at is None and report.request.is_open


def test_the_same_report_twice_makes_one_request(world):
    first, _ = actions.report_overflow(household=world.h101, kind="garbage")
    again, created = actions.report_overflow(household=world.h101, kind="garbage")
    assert not created and again == first
    assert Request.objects.filter(category="sanitation").count() == 1


def test_a_report_closed_on_the_help_desk_is_not_closed_again(world):
    from helpdesk import actions as helpdesk

    report, _ = actions.report_overflow(household=world.h101, kind="garbage")
    helpdesk.close_request(request=report.request, user=world.admin, outcome="fulfilled",
                           reply="已处理")  # fmt: skip
    actions.log_garbage_round(user=world.admin, building=world.b1, bags=2)
    assert report.request.replies.count() == 1


@pytest.mark.parametrize("case", ["no area", "another building", "another compound", "kind"])
def test_a_report_that_names_no_right_place_is_refused(world, case):
    from registry.models import Building

    area = {
        "no area": None,
        "another building": planned(world, building="b2"),
        "another compound": Area.objects.create(
            compound=world.other_compound,
            building=Building.objects.get(pk=world.other_building.pk),
            kind=AreaKind.STAIRWELL, times_per_day=2,
        ),
    }.get(case)  # fmt: skip
    with pytest.raises(ValidationError):
        actions.report_overflow(
            household=world.h101, kind="roof" if case == "kind" else "dirty", area=area
        )
    assert not OverflowReport.objects.exists() and not Request.objects.exists()


def test_a_compound_wide_area_may_be_reported_by_any_household(world, gate):
    unit = Unit.objects.create(building=world.b3, number="9")
    household = Household.objects.create(unit=unit, room="901")
    report, created = actions.report_overflow(household=household, kind="dirty", area=gate)
    assert created and report.area == gate and report.building == world.b3


def test_a_second_tap_within_a_minute_is_one_round(world, stairwell):
    from django.core.exceptions import ValidationError

    actions.log_disinfection(user=world.building_leader, area=stairwell, product="84消毒液")
    with pytest.raises(ValidationError, match="already"):
        actions.log_disinfection(user=world.building_leader, area=stairwell, product="84消毒液")
    assert stairwell.rounds.count() == 1
