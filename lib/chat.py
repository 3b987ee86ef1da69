"""Splitting a block copied from a WeChat group into messages: who wrote what, and when.

What people paste looks like any of these, often mixed:

    张三: 3栋2单元501要买米            (name, colon, text)
    [10:23] 李四：抗原两道杠           (time in brackets)
    王五 10:31                        (WeChat's header line, the text below it)
    降压药吃完了，谁能帮忙
    5-1-302 要尿不湿                  (just the text)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGES = 300

TIME = r"(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}\s+)?\d{1,2}:\d{2}(?::\d{2})?"
# [10:23] 张三: text   or   张三: text   or   10:23 张三：text
SAID = re.compile(
    rf"^\s*(?:\[?(?P<time>{TIME})\]?\s*)?(?P<sender>[^\s:：\[\]]{{1,16}})\s*[:：]\s*(?P<text>.+)$"
)
# 张三 10:23   or   张三  2022-11-28 10:23:05  (WeChat's header above the message)
HEADER = re.compile(rf"^\s*(?P<sender>[^\s:：]{{1,16}})\s+(?P<time>{TIME})\s*$")


@dataclass
class ChatMessage:
    text: str
    sender: str = ""
    time: str = ""


def split_chat(block: str) -> list[ChatMessage]:
    messages: list[ChatMessage] = []
    header: ChatMessage | None = None
    for raw in block.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            header = None
            continue
        if match := HEADER.match(line):
            header = ChatMessage(text="", sender=match["sender"], time=match["time"])
            messages.append(header)
            continue
        match = SAID.match(line)
        # A colon inside an address note (地址：3-2-501) is not a sender: senders are short names.
        if match and not re.search(r"\d", match["sender"]) and match["sender"] not in NOT_NAMES:
            header = None
            messages.append(
                ChatMessage(
                    text=match["text"].strip(), sender=match["sender"], time=match["time"] or ""
                )
            )
            continue
        if header is not None:
            header.text = f"{header.text}\n{line}".strip()
            continue
        messages.append(ChatMessage(text=line))
    return [m for m in messages if m.text][:MAX_MESSAGES]


# Words that stand before a colon in a message but are not a person's name.
NOT_NAMES = {"地址", "电话", "联系电话", "手机", "备注", "需要", "物品", "住址", "房号", "姓名"}
