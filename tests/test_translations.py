"""Chinese first: every string the interface shows has its Chinese translation."""

from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_compiled():
    untranslated = []
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if "#, fuzzy" in block:
            untranslated.append(lines[0])
        strings = [line for line in lines if line.startswith("msgstr")]
        continued = lines[-1].startswith('"') and not lines[-2].startswith("msgid")
        if strings and all(line.endswith('""') for line in strings) and not continued:
            untranslated.append(lines[0])
    assert untranslated == []
    assert PO.with_suffix(".mo").exists()
