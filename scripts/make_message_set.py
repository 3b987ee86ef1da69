"""Build the labelled message set (lib/tests/data/messages.jsonl) from the hand-written needs.

Each need in message_bodies.tsv is written out with an address in one of the styles residents
use (or none), placed before, after or inside the text, sometimes with a phone number or an
amount beside it, and some whole messages in traditional characters. The set is generated once
and committed; run this again only to change it. Deterministic.
"""

import json
import random
from pathlib import Path

import opencc

DATA = Path(__file__).resolve().parent.parent / "lib" / "tests" / "data"
CN = "零一二三四五六七八九"
STREETS = ["静园巷", "王牌路", "富民路", "延安路", "中山街"]
S2T = opencc.OpenCC("s2t")


def cn_number(n: int) -> str:
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")


def cn_digits(room: str) -> str:
    return "".join(CN[int(d)] for d in room)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def address(rng: random.Random) -> tuple[str, dict[str, str | None]]:
    b, u = rng.randint(1, 30), rng.randint(1, 6)
    r = f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}"
    label: dict[str, str | None] = {"street": None, "building": str(b), "unit": str(u), "room": r}
    style = rng.randrange(13)
    if style == 0:
        return f"{b}栋{u}单元{r}", label
    if style == 1:
        return f"{b}-{u}-{r}", label
    if style == 2:
        return f"{b}#{u}-{r}", label
    if style == 3:
        return f"{b}号楼{u}单元{r}室", label
    if style == 4:
        return f"{b}幢{u}单元{r}", label
    if style == 5:
        return f"{b}号楼{u}门{r}", label
    if style == 6:
        return f"{cn_number(b)}栋{cn_number(u)}单元{cn_digits(r)}", label
    if style == 7:
        return fullwidth(f"{b}栋{u}单元{r}"), label
    if style == 8:
        return f"{b}棟{u}單元{r}室", label
    if style == 9:
        street = rng.choice(STREETS)
        label["street"] = street
        return f"{street}{b}号{u}单元{r}", label
    if style == 10:
        label.update(unit=None, room=None)
        return f"{b}号楼", label
    if style == 11:
        label["room"] = None
        return f"{b}栋{u}单元", label
    label["unit"] = None
    return f"{b}栋{r}", label


GOODS = {"food", "medicine", "mother_baby"}


def place(rng: random.Random, body: str, where: str, category: str) -> str:
    phone = "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
    forms = [
        "{a}，{b}", "{a}的，{b}", "我是{a}的，{b}", "{b}，地址：{a}", "【{a}】{b}",
        "{a} {b} 电话{p}", "{b}（{a}，联系电话{p}）", "{a}住户：{b}", "{b} {a}",
        "家住{a}，{b}", "{a}业主 {b}",
    ]  # fmt: skip
    if category in GOODS:
        forms.append("{b} 送到{a}")
    return rng.choice(forms).format(a=where, b=body, p=phone)


def main() -> None:
    rng = random.Random(2022)
    rows: list[dict[str, object]] = []
    for line in (DATA / "message_bodies.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, urgent, body = line.split("\t")
        own: dict[str, str | None] = {"street": None, "building": None, "unit": None, "room": None}
        if "王牌路25号" in body:
            own.update(street="王牌路", building="25")
        if "王牌路37号" in body:
            own.update(street="王牌路", building="37")
        variants = 2 if len(rows) % 4 else 1  # most needs twice, in two styles
        for index in range(variants):
            text, label = body, dict(own)
            if own["building"] is None and (index > 0 or rng.random() < 0.75):
                where, label = address(rng)
                text = place(rng, body, where, category)
            if rng.random() < 0.12:
                text = S2T.convert(text)
            rows.append({"text": text, **label, "category": category, "urgent": urgent == "true"})
    # The issue's own example, exactly.
    rows.append({
        "text": "我是王牌路25号1单元503的，我高血压犯了，脑壳又晕又痛，要马上去医院！",
        "street": "王牌路", "building": "25", "unit": "1", "room": "503",
        "category": "medical", "urgent": True,
    })  # fmt: skip
    with (DATA / "messages.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labelled messages")


if __name__ == "__main__":
    main()
