"""What every API operation shares: the error body it documents, and plain text input."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel

from lib.text import plain


class ErrorOut(BaseModel):
    """What went wrong, in words a person can act on."""

    detail: str


def errors(*codes: int) -> dict[int, Any]:
    """Responses to add to an operation's `response=`: 401 always (no session), and these.

    400 is a body that is not JSON at all; 422 a body or query that does not fit the schema.
    """
    return dict.fromkeys((401, *codes), ErrorOut)


def _plain_text(text: str) -> str:
    # PostgreSQL refuses NUL in text, and no person types one: a 422, not a 500.
    if "\x00" in text:
        raise ValueError("text may not contain NUL characters")
    return plain(text)


PlainText = Annotated[str, AfterValidator(_plain_text)]
