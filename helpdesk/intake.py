"""Chat intake: a pasted block of group messages becomes draft requests to confirm."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accounts.models import User
from helpdesk.models import Category, Urgency
from lib.address import Address, parse_address
from lib.chat import split_chat
from lib.message import ParsedMessage, parse_message
from registry.models import Household

MAX_BLOCK = 50_000


@dataclass
class Draft:
    index: int
    text: str
    sender: str
    time: str
    category: str
    urgency: str
    parsed: ParsedMessage
    matches: list[Household] = field(default_factory=list)
    # As the volunteer sent the confirmation form back:
    included: bool = False
    chosen: str = ""  # the household picked in the list
    where: str = ""  # or a room typed for it, e.g. 3-2-501
    error: str = ""

    @property
    def state(self) -> str:
        """matched, ambiguous (several households fit) or unmatched (none, or no address)."""
        if len(self.matches) == 1:
            return "matched"
        return "ambiguous" if self.matches else "unmatched"

    @property
    def urgency_label(self) -> str:
        return str(Urgency(self.urgency).label) if self.urgency in Urgency.values else ""

    @property
    def address(self) -> str:
        p = self.parsed
        parts = [p.street or "", f"{p.building}栋" if p.building else "",
                 f"{p.unit}单元" if p.unit else "", p.room or ""]  # fmt: skip
        return "".join(parts)


def urgency_of(parsed: ParsedMessage) -> str:
    if not parsed.urgent:
        return Urgency.NORMAL
    return Urgency.LIFE if parsed.category == Category.MEDICAL else Urgency.URGENT


def match_households(
    user: User, parsed: ParsedMessage | Address, limit: int = 8
) -> list[Household]:
    """Households in the user's scope that the parsed address fits; never a guess."""
    households = Household.objects.in_buildings(user.visible_buildings())
    return list(households.at_address(parsed).select_related("unit__building")[:limit])


def find_households(user: User, where: str) -> list[Household]:
    """Households in the user's scope at a room typed by hand (3-2-501, 3栋2单元501)."""
    return match_households(user, parse_address(where[:100]))


def draft_from_form(user: User, form: Mapping[str, str], index: int) -> Draft:
    """One draft as the confirmation form sent it back, its households found again."""
    text = form.get(f"text_{index}", "").strip()
    parsed = parse_message(text)
    return Draft(
        index=index,
        text=text,
        sender=form.get(f"sender_{index}", "")[:50],
        time=form.get(f"time_{index}", "")[:20],
        category=form.get(f"category_{index}", ""),
        urgency=form.get(f"urgency_{index}", Urgency.NORMAL),
        parsed=parsed,
        matches=match_households(user, parsed),
        included=form.get(f"include_{index}") == "on",
        chosen=form.get(f"household_{index}", ""),
        where=form.get(f"where_{index}", "").strip()[:100],
    )


def drafts_from_block(user: User, block: str) -> list[Draft]:
    drafts = []
    for index, message in enumerate(split_chat(block[:MAX_BLOCK])):
        parsed = parse_message(message.text)
        drafts.append(
            Draft(
                index=index,
                text=message.text,
                sender=message.sender,
                time=message.time,
                category=parsed.category,
                urgency=urgency_of(parsed),
                parsed=parsed,
                matches=match_households(user, parsed),
            )
        )
    return drafts
