import pytest

from logistics import addressing
from logistics.addressing import Directory
from registry.models import BuildingAlias, Household, Resident, Unit


@pytest.fixture(params=["database", "directory"])
def find_recipient(request):
    """Each label is read both ways: one item at the gate, and a consignment's directory."""

    def find(compound, text, **kwargs):
        lookup = Directory(compound) if request.param == "directory" else None
        return addressing.find_recipient(compound, text, lookup=lookup, **kwargs)

    return find


def test_a_label_with_building_unit_and_room_finds_the_household(world, find_recipient):
    found = find_recipient(world.compound, "给爸爸买的包子，送到1栋1单元101")
    assert found.household == world.h101
    assert found.state == "addressed"


@pytest.mark.parametrize("text", ["张三丰 1-1-101", "1号楼101 张三丰", "101 张三丰收"])
def test_a_name_on_the_label_picks_the_resident(world, text, find_recipient):
    found = find_recipient(world.compound, text)
    assert found.household == world.h101
    assert found.resident == world.zhang


def test_a_phone_tail_finds_the_household_without_an_address(world, find_recipient):
    found = find_recipient(world.compound, "张三丰 尾号5678")
    assert found.household == world.h101


def test_a_whole_phone_finds_the_household(world, find_recipient):
    assert find_recipient(world.compound, "收件人电话 13912340000").household == world.h201


def test_a_street_address_uses_the_buildings_alias(world, find_recipient):
    BuildingAlias.objects.create(building=world.b3, street="静园巷", number="13")
    found = find_recipient(world.compound, "这是静园巷13号2单元501采购的生活用品")
    assert found.household == world.h301


def test_no_household_fits_an_unknown_address(world, find_recipient):
    found = find_recipient(world.compound, "帮忙送到王牌路37号邮电宿舍")
    assert found.household is None
    assert found.state == "unknown"


def test_another_compounds_household_is_never_found(world, find_recipient):
    found = find_recipient(world.compound, "赵六")
    assert found.household is None


def test_two_households_that_fit_are_ambiguous_unless_the_name_decides(world, find_recipient):
    # Room 101 exists in building 1 and, now, in building 2: "101" alone fits both.
    twin = Household.objects.create(unit=Unit.objects.get(building=world.b2), room="101", floor=1)
    Resident.objects.create(household=twin, name="钱七")
    assert find_recipient(world.compound, "送101室").state == "ambiguous"
    assert find_recipient(world.compound, "送101室 钱七").household == twin
