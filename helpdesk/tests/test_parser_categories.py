"""lib/ cannot import Django, so the parser keeps a copy of the category codes: keep them equal."""

from helpdesk.models import Category
from lib.message import CATEGORIES


def test_the_parsers_category_codes_are_the_models():
    assert list(CATEGORIES) == list(Category.values)
