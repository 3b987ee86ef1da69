"""The scope rule is stated twice: as a query (lists) and for one request (may_see).

Both must say the same thing for every persona and every kind of request.
"""

import pytest
from django.http import Http404

from accounts.models import Role, User
from helpdesk import actions
from helpdesk.access import get_request_for_user, may_see, requests_for_user
from helpdesk.models import Request


@pytest.fixture
def requests(world, groups):
    made = []
    for household in (world.h101, world.h201, world.h301, world.other_household):
        for category in ("medicine", "food", "utility"):
            made.append(
                actions.submit_request(
                    household=household, category=category, text="x", source="link"
                )[0]
            )
    # Food is 物资保障's work, not the volunteer's: but a leader gave this one to them.
    food_in_b2 = next(r for r in made if r.household == world.h201 and r.category == "food")
    actions.assign_request(request=food_in_b2, leader=world.admin, volunteer=world.volunteer)
    made.append(
        actions.submit_request(household=world.h201, category="food", text="y", source="link")[0]
    )
    return made


def everyone(world):
    inactive = User.objects.create_user("13800000010", "x", name="离开的", role=Role.VOLUNTEER)
    inactive.compounds.add(world.compound)
    inactive.is_active = False
    inactive.save()
    no_group = User.objects.create_user("13800000011", "x", name="新人", role=Role.VOLUNTEER)
    no_group.buildings.add(world.b2)
    root = User.objects.create_superuser("13800000012", "x", name="超级")
    personas = [world.admin, world.group_leader, world.grid_leader, world.building_leader]
    personas += [world.volunteer, world.medical, world.outsider, inactive, no_group, root]
    return personas


def test_may_see_agrees_with_the_lists_for_every_persona(world, requests):
    for user in everyone(world):
        user = User.objects.get(pk=user.pk)  # nothing cached from the set-up
        listed = set(requests_for_user(user).values_list("pk", flat=True))
        for request in Request.objects.select_related("household__unit__building"):
            assert may_see(user, request) == (request.pk in listed), (user.name, request)


def test_a_volunteer_sees_their_groups_work_in_their_buildings_and_what_they_hold(world, requests):
    seen = requests_for_user(world.volunteer)
    assert sorted((r.category, r.assignee_id) for r in seen) == [
        ("food", world.volunteer.pk), ("medicine", None), ("utility", None),
    ]  # fmt: skip
    assert {r.household_id for r in seen} == {world.h201.pk}
    other_groups = requests[-1]  # food in their own building, not given to them
    with pytest.raises(Http404):
        get_request_for_user(world.volunteer, other_groups.pk)
