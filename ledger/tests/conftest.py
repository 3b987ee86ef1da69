import pytest


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in the English they are written in."""
    from django.utils import translation

    with translation.override("en"):
        yield
