"""Generate a realistic roster workbook of any size for the import benchmark."""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook

from registry.demo import birth, id_number, name, phone

HEADER = ["楼栋", "单元", "房号", "姓名", "联系电话", "身份证号码", "重点人群", "备注"]
TAGS = ["", "", "", "", "", "", "", "", "高血压", "糖尿病", "独居老人", "空巢老人、高血压", "孕妇"]


def generate(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(HEADER)
    written = 0
    building = 0
    while written < rows:
        building += 1
        for unit in range(1, 5):
            for floor in range(1, 19):
                for door in range(1, 5):
                    room = f"{floor}{door:02d}"
                    for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
                        if written >= rows:
                            break
                        born = birth(rng, 1, 90)
                        sex = rng.choice("MF")
                        ident = id_number(rng, born, sex)
                        mobile = phone(rng)
                        roll = rng.random()
                        if roll < 0.01:
                            ident = ident[:-1] + ("0" if ident[-1] != "0" else "1")  # bad check
                        elif roll < 0.02:
                            mobile = mobile[:7]  # too short
                        written += 1
                        sheet.append(
                            [
                                f"{building}栋" if rng.random() < 0.5 else building,
                                unit,
                                room,
                                name(rng),
                                mobile,
                                ident,
                                rng.choice(TAGS),
                                "",
                            ]
                        )
                if written >= rows:
                    break
            if written >= rows:
                break
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def generate_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """The same shape as CSV, fast to write at a million rows."""
    import csv

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(rows):
            household = index // 2
            building, rest = divmod(household, 288)
            unit, rest = divmod(rest, 72)
            floor, door = divmod(rest, 4)
            born = birth(rng, 1, 90)
            writer.writerow(
                [building + 1, unit + 1, f"{floor + 1}{door + 1:02d}", name(rng), phone(rng),
                 id_number(rng, born, rng.choice("MF")), rng.choice(TAGS), ""]
            )  # fmt: skip
    return path
