"""A consignment list read from a file or from pasted lines, within the spreadsheet bounds."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from lib.consignment import ConsignmentError, ConsignmentRow, read_consignment, read_lines
from registry.importer import spreadsheet_limits


def rows_from_file(path: Path) -> tuple[list[str], list[ConsignmentRow]]:
    """The header and every row; a list longer than a consignment can be is refused whole."""
    header, rows = read_consignment(path, spreadsheet_limits())
    taken = []
    for row in rows:
        taken.append(row)
        if len(taken) > settings.LINLI_CONSIGNMENT_MAX_ROWS:
            raise ConsignmentError(
                f"清单超过 {settings.LINLI_CONSIGNMENT_MAX_ROWS} 行：请分成几批接收"
            )
    return header, taken


def rows_from_text(text: str) -> list[ConsignmentRow]:
    return read_lines(text, max_lines=settings.LINLI_CONSIGNMENT_MAX_ROWS)
