import json
import subprocess
import sys

import pytest

# Other processes, or the whole demo: left out of make test-fast.
pytestmark = pytest.mark.slow


def run(*args, stdin=None):
    result = subprocess.run(
        [sys.executable, "-m", "linli.cli", "parse-message", *args],
        input=stdin, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def test_it_prints_one_json_object():
    data = json.loads(run("3栋2单元501的张阿姨降压药吃完了，电话13812345678"))
    assert {k: data[k] for k in ("building", "unit", "room", "category", "urgent")} == {
        "building": "3", "unit": "2", "room": "501", "category": "medicine", "urgent": False,
    }  # fmt: skip
    assert data["street"] is None
    assert data["confidence"] in ("high", "low")


def test_jsonl_reads_a_message_a_line():
    out = run("--jsonl", stdin="抗原两道杠\n请问几点做核酸？\n\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["category"], r["urgent"]) for r in rows] == [
        ("medical", True), ("inquiry", False), ("other", False)
    ]  # fmt: skip
