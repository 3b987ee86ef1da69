"""What every form shares."""

from __future__ import annotations

from typing import Any

from lib.text import plain


class PlainTextForm:
    """Strips bidi controls from every text a person typed (Django's CharField refuses NUL).

    Put it first among the bases: `class RequestForm(PlainTextForm, forms.Form)`.
    """

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, value in data.items():
            if isinstance(value, str) and name != "password":
                data[name] = plain(value)
        return data
