from datetime import date

import pytest

from lib.identity import (
    id_check_digit,
    mask_id_number,
    mask_phone,
    normalise_phone,
    parse_id_number,
)


def valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


def test_a_valid_id_gives_birth_date_and_sex():
    parsed = parse_id_number(valid_id("43080219900307122"))
    assert parsed is not None
    assert parsed.birth_date == date(1990, 3, 7)
    assert parsed.sex == "F"  # 17th digit 2 is even
    male = parse_id_number(valid_id("43080219851120001"))
    assert male is not None and male.sex == "M"


def test_the_published_example_is_valid():
    # The GB 11643 example number ends in X.
    assert parse_id_number("11010519491231002X") is not None
    assert parse_id_number("11010519491231002x").value == "11010519491231002X"


@pytest.mark.parametrize(
    "raw",
    [
        "110105194912310021",  # wrong check digit
        "11010519491331002X",  # month 13
        "11010519490230002X",  # 30 February
        "1101051949123100",  # too short
        "abc",
        "",
        None,
    ],
)
def test_invalid_ids_are_refused(raw):
    assert parse_id_number(raw) is None


def test_a_future_birth_date_is_refused():
    assert parse_id_number(valid_id("43080221990101123")) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        (13812345678.0, "13812345678"),
        ("０７４４－８２３４５６７", "0744-8234567"),
        ("0744-8234567", "0744-8234567"),
        ("021-62345678", "021-62345678"),
        ("02162345678", "021-62345678"),
    ],
)
def test_phones_in_every_written_form(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "8234567", "电话", "", None])
def test_bad_phones_are_refused(raw):
    assert normalise_phone(raw) is None


def test_masks_show_only_what_is_needed():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("11010519491231002X") == "1101**1949********"


@pytest.mark.parametrize("landline", ["0744-8234567", "010-82345678", "0744-823456"])
def test_a_masked_landline_shows_only_its_last_two_digits(landline):
    masked = mask_phone(landline)
    assert len(masked) == len(landline)
    assert masked.endswith(landline[-2:])
    assert sum(ch.isdigit() for ch in masked) == 2
