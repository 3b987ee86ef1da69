"""Text typed by people: what may be stored and shown back to others."""

from __future__ import annotations

# Direction overrides and isolates can make a name read backwards on someone else's screen
# ("‮5678" shown as "8765"); nobody types them on purpose. Plain marks (LRM/RLM) go too.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)


def plain(text: str) -> str:
    """The text without bidi controls."""
    return text.translate(BIDI_CONTROLS)
