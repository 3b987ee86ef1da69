"""The upload page for 快团团 and 群接龙 exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.capabilities import require
from accounts.http import staff
from groupbuy.capabilities import RUN_GROUP_BUY
from groupbuy.imports import import_group_orders
from lib.spreadsheet import SpreadsheetError
from registry.access import visible_compounds

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = {".xlsx", ".xls", ".csv", ".ods"}


@login_required
def import_orders(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(user, RUN_GROUP_BUY, _("Only group-buy leaders and admins import orders."))
    compounds = [
        c for c in visible_compounds(user) if user.is_superuser or c.pk in user.scope.compounds
    ]
    context: dict[str, object] = {"compounds": compounds}
    if request.method != "POST":
        return render(request, "groupbuy/import.html", context)
    upload = request.FILES.get("file")
    compound = next((c for c in compounds if str(c.pk) == request.POST.get("compound")), None)
    suffix = Path(upload.name or "").suffix.lower() if upload else ""
    error = ""
    if compound is None:
        error = _("Choose a compound you serve as a whole.")
    elif upload is None or not upload.size:
        error = _("Choose the export file (xlsx or csv).")
    elif upload.size > MAX_BYTES:
        error = _("The file is larger than 20 MB: export one group buy at a time.")
    elif suffix not in SUFFIXES:
        error = _("Upload the xlsx or csv the app exported.")
    if error:
        context["error"] = error
        return render(request, "groupbuy/import.html", context, status=400)
    assert upload is not None and compound is not None
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"export{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = import_group_orders(
                compound=compound, path=path, user=user, title=Path(upload.name or "").stem
            )
        except SpreadsheetError as exc:
            context["error"] = str(exc)
            return render(request, "groupbuy/import.html", context, status=400)
    context["result"] = result
    return render(request, "groupbuy/import.html", context)
