"""gunicorn's access log without household tokens.

A household's link (/h/<token>/...) is the household's only key: anyone who reads it in a log
can read and write as that household. The access log keeps the rest of the line.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

TOKEN_IN_PATH = re.compile(r"(/h/)[^/?#\s\"]+")


def without_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1…", text)


class AccessLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # The request line, the path, the query and the referer all may carry a token.
        return {
            key: without_tokens(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
