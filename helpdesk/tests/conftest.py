import pytest

from volunteers.models import WorkingGroup


@pytest.fixture
def groups(world):
    """药品保障 takes medicine (the volunteer of building 2 is in it); 物资保障 takes food."""
    medicine = WorkingGroup.objects.create(
        compound=world.compound, name="药品保障", categories=["medicine", "mother_baby"],
        leader=world.group_leader,
    )  # fmt: skip
    supplies = WorkingGroup.objects.create(
        compound=world.compound, name="物资保障", categories=["food"]
    )
    medicine.members.add(world.volunteer)
    return medicine, supplies
