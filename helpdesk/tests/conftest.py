import pytest

from lib import message
from volunteers.models import WorkingGroup


@pytest.fixture(autouse=True)
def parser_forgets_corrections():
    """A correction recorded in a test is remembered by this process's parser: undo it after."""
    model = message.current_model()
    memory = dict(model.memory) if model is not None else {}
    yield
    if model is not None:
        model.forget_to(memory)
    message.use_model(model)


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
