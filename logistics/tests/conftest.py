import pytest

from accounts.models import Role, User


@pytest.fixture
def gatekeeper(world):
    """A volunteer at the gate: serves the whole compound."""
    user = User.objects.create_user("13800000011", "x", name="门岗", role=Role.VOLUNTEER)
    user.compounds.add(world.compound)
    return user


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in the English they are written in."""
    from django.utils import translation

    with translation.override("en"):
        yield
