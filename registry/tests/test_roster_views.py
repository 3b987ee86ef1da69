import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEntry
from registry.import_jobs import import_roster
from registry.models import Household, Resident, RosterImport

from .rosters import messy_roster


def upload(world, persona, path, compound="阳光小区"):
    file = SimpleUploadedFile(path.name, path.read_bytes())
    return world.client(persona).post(
        reverse("roster_import"), {"compound": compound, "file": file}
    )


def test_an_admin_imports_a_small_roster_at_once_and_downloads_the_report(world, tmp_path):
    response = upload(world, world.admin, messy_roster(tmp_path / "名册.xlsx"))
    assert response.status_code == 302
    response = world.client(world.admin).get(response.url)
    body = response.content.decode()
    assert 'id="rows_rejected" class="error">2<' in body
    assert "hx-trigger" not in body  # finished: the page stops polling
    run = response.context["run"]
    report = world.client(world.admin).get(reverse("import_report", args=[run.pk]))
    assert report.status_code == 200
    workbook = load_workbook(io.BytesIO(report.content))
    assert workbook["未导入"].max_row == 3


def test_an_admin_cannot_import_into_another_compound(world, tmp_path):
    response = upload(world, world.admin, messy_roster(tmp_path / "r.xlsx"), compound="别的小区")
    assert response.status_code == 400
    assert Household.objects.count() == 4


def test_other_roles_cannot_import(world, tmp_path):
    for persona in (world.building_leader, world.volunteer, world.grid_leader):
        response = upload(world, persona, messy_roster(tmp_path / "r.xlsx"))
        assert response.status_code == 403
    assert Household.objects.count() == 4


def test_a_file_that_is_not_a_roster_gets_a_clear_error(world, tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG not a spreadsheet")
    response = upload(world, world.admin, path)
    assert response.status_code == 400
    assert "无法读取" in response.content.decode()
    text = tmp_path / "notes.pdf"
    text.write_bytes(b"%PDF-1.4")
    response = upload(world, world.admin, text)
    assert response.status_code == 400
    assert "不支持" in response.content.decode()
    assert Household.objects.count() == 4


def test_a_report_belongs_to_who_imported_it(world, tmp_path):
    run, _ = import_roster(path=messy_roster(tmp_path / "r.xlsx"), compound_name="阳光小区")
    response = world.client(world.outsider).get(reverse("import_report", args=[run.pk]))
    assert response.status_code in (403, 404)


def test_the_export_imports_back_unchanged(world, tmp_path):
    response = world.client(world.admin).post(reverse("roster_export", args=[world.compound.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="export").count() == 1
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("楼栋", "单元", "房号", "姓名")
    assert ("1", "1", "101", "张三丰") == rows[1][:4]
    assert rows[1][6] == "独居老人、糖尿病"
    before = Resident.objects.count()
    _, summary = import_roster(path=path, compound_name="阳光小区")
    assert summary.rows_rejected == 0
    assert summary.residents_created == 0
    assert summary.residents_updated == 0
    assert Resident.objects.count() == before


def test_volunteers_cannot_export(world):
    response = world.client(world.volunteer).post(
        reverse("roster_export", args=[world.compound.pk])
    )
    assert response.status_code == 403


def test_a_spreadsheet_too_large_to_read_gets_a_400_with_what_to_do(world, tmp_path):
    from lib.tests.sheets import HEADER, xlsx

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx({**HEADER, "XFD1048576": "x"}))
    response = upload(world, world.admin, path)
    assert response.status_code == 400
    assert "XFD1048576" in response.content.decode()
    assert Household.objects.count() == 4


def test_a_csv_field_over_the_csv_limit_gets_a_400_naming_the_row(world, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('楼栋,房号,姓名\n1,101,张三\n1,102,"李四' + "x" * 140_000 + "\n", "utf-8")
    response = upload(world, world.admin, path)
    assert response.status_code == 400
    assert "第 3 行" in response.content.decode()
    assert Household.objects.count() == 4


def test_a_report_past_its_retention_is_gone_with_a_message(world, tmp_path, settings):
    from datetime import timedelta

    from django.utils import timezone

    from registry.importer import purge_reports

    settings.VAR_DIR = tmp_path
    upload(world, world.admin, messy_roster(tmp_path / "名册.xlsx"))
    run = RosterImport.objects.get()
    purge_reports(now=timezone.now() + timedelta(days=365))
    response = world.client(world.admin).get(reverse("import_report", args=[run.pk]))
    assert response.status_code == 404
    assert "保留期限" in response.content.decode()
