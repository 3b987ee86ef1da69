"""Chat intake: a pasted block of group messages becomes draft requests to confirm."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from helpdesk.models import Category, Urgency
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

    @property
    def state(self) -> str:
        """matched, ambiguous (several households fit) or unmatched (none, or no address)."""
        if len(self.matches) == 1:
            return "matched"
        return "ambiguous" if self.matches else "unmatched"

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


def match_households(user: User, parsed: ParsedMessage, limit: int = 8) -> list[Household]:
    """Households in the user's scope that the parsed address fits; never a guess."""
    if not parsed.room:
        return []  # a building alone is hundreds of households: the volunteer must say which
    households = Household.objects.in_buildings(user.visible_buildings())
    if parsed.street:
        by_alias = households.filter(
            unit__building__aliases__street=parsed.street,
            unit__building__aliases__number=parsed.building,
        )
        if by_alias.exists():
            households = by_alias
    found = households.at(parsed.building, parsed.unit, parsed.room).select_related(
        "unit__building"
    )
    return list(found[:limit])


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
