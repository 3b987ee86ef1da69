import json
from io import StringIO

import pytest
from django.core.management import call_command

from helpdesk.models import ParserCorrection
from helpdesk.parser_learning import (
    load_stored_model,
    model_path,
    record_parser_correction,
    train_parser,
)
from lib import message
from lib.message import parse_message

LAMP = "楼道里的感应灯不亮"


@pytest.fixture(autouse=True)
def own_model(settings, tmp_path):
    """Each test stores its model in its own folder and leaves the base model in use after it."""
    settings.VAR_DIR = tmp_path
    message.use_model(None)
    yield
    message.use_model(None)


def test_a_correction_changes_a_later_parse_after_retraining(world):
    before = parse_message(LAMP)
    assert (before.category, before.confidence) == ("other", "low")
    record_parser_correction(
        text=LAMP, parsed=before, chosen_category="utility", chosen_urgency="normal",
        by=world.volunteer,
    )  # fmt: skip
    message.use_model(None)  # forget what this process remembered: only the retraining counts
    assert parse_message(LAMP).category == "other"
    train_parser()
    again = parse_message("3栋2单元501 楼道里的感应灯不亮了！")
    assert (again.category, again.confidence, again.room) == ("utility", "high", "501")
    # The classifier learnt the words too: a message it has not seen, with no word of a need.
    assert parse_message("五楼那个感应灯一直不亮").category == "utility"


def test_a_new_process_loads_the_stored_model(world):
    record_parser_correction(
        text=LAMP, parsed=None, chosen_category="utility", chosen_urgency="normal", by=None
    )
    train_parser()
    message.use_model(None)
    assert parse_message(LAMP).category == "other"
    assert load_stored_model() is not None
    assert parse_message(LAMP).category == "utility"


def test_a_correction_is_remembered_by_this_process_once_committed(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_parser_correction(
            text=LAMP, parsed=None, chosen_category="utility", chosen_urgency="urgent",
            by=world.building_leader,
        )  # fmt: skip
        assert parse_message(LAMP).category == "other"  # not before the commit
    now = parse_message(LAMP)
    assert (now.category, now.urgent) == ("utility", True)
    row = ParserCorrection.objects.get()
    assert (row.category, row.urgency, row.parsed_category, row.parsed_urgency) == (
        "utility", "urgent", "other", "normal",
    )  # fmt: skip
    assert row.by == world.building_leader


def test_nothing_is_kept_when_the_person_chose_what_the_parser_read(world):
    text = "3栋2单元501 我爸摔倒了，起不来"
    parsed = parse_message(text)
    assert (parsed.category, parsed.urgent) == ("medical", True)
    for urgency in ("life", "urgent"):
        kept = record_parser_correction(
            text=text, parsed=parsed, chosen_category="medical", chosen_urgency=urgency,
            by=world.volunteer,
        )  # fmt: skip
        assert kept is None
    assert not ParserCorrection.objects.exists()


def test_a_correction_never_makes_a_message_less_urgent_than_the_rules(world):
    text = "我爸摔倒了，起不来"
    record_parser_correction(
        text=text, parsed=None, chosen_category="medical", chosen_urgency="normal", by=None
    )
    assert ParserCorrection.objects.count() == 1
    train_parser()
    assert parse_message(text).urgent is True


def test_it_refuses_a_category_or_urgency_it_does_not_know(world):
    with pytest.raises(ValueError):
        record_parser_correction(
            text=LAMP, parsed=None, chosen_category="lamps", chosen_urgency="normal", by=None
        )
    with pytest.raises(ValueError):
        record_parser_correction(
            text=LAMP, parsed=None, chosen_category="utility", chosen_urgency="soon", by=None
        )
    assert record_parser_correction(
        text="  ", parsed=None, chosen_category="utility", chosen_urgency="normal", by=None
    ) is None  # fmt: skip
    assert not ParserCorrection.objects.exists()


def test_the_train_parser_command_stores_the_same_model_each_time(world):
    record_parser_correction(
        text=LAMP, parsed=None, chosen_category="utility", chosen_urgency="normal", by=None
    )
    out = StringIO()
    call_command("train_parser", stdout=out)
    assert "1 corrections" in out.getvalue()
    first = model_path().read_text(encoding="utf-8")
    call_command("train_parser", verbosity=0, stdout=out)
    assert model_path().read_text(encoding="utf-8") == first
    data = json.loads(first)
    assert data["trained_on"]["corrections"] == 1 and data["trained_on"]["messages"] > 500


def test_a_damaged_model_file_is_skipped(db):
    model_path().write_text("{not json", encoding="utf-8")
    assert load_stored_model() is None
    assert parse_message("家里没米了").category == "food"


def test_the_api_says_how_sure_the_parse_is(world):
    client = world.client(world.admin)
    for text, confidence in (("3-2-501 家里没米了，帮忙买一袋", "high"), ("你好，在吗", "low")):
        response = client.post(
            "/api/parse-message", json.dumps({"text": text}), content_type="application/json"
        )
        assert response.json()["confidence"] == confidence
