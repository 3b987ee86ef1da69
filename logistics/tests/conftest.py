import pytest

from accounts.models import Role, User


@pytest.fixture
def gatekeeper(world):
    """A volunteer at the gate: serves the whole compound."""
    user = User.objects.create_user("13800000011", "x", name="门岗", role=Role.VOLUNTEER)
    user.compounds.add(world.compound)
    return user
