import io

import pytest
from openpyxl import load_workbook

from lib.roster import RosterError
from registry.import_jobs import import_roster
from registry.models import Building, BuildingAlias, Compound, Household, Resident

from .rosters import BAD_CHECK_ID, GOOD_ID, messy_roster

# The standing personas' compounds (conftest.py) are in the database too: look past them.
STANDING = ["阳光小区", "别的小区"]


def imported_residents():
    return Resident.objects.exclude(household__unit__building__compound__name__in=STANDING)


@pytest.fixture
def roster(tmp_path):
    return messy_roster(tmp_path / "roster.xlsx")


def test_it_imports_a_messy_roster(db, roster):
    run, summary = import_roster(path=roster, compound_name="富民花园")
    assert summary.as_dict() == {
        "rows_read": 8,  # the blank row is skipped silently
        "households_created": 6,
        "households_updated": 0,
        "residents_created": 6,
        "residents_updated": 0,
        "rows_rejected": 2,
        "warnings": 2,
    }
    compound = Compound.objects.get(name="富民花园")
    assert run.compound == compound
    zhang = imported_residents().get(name="张三丰")
    assert zhang.household.address == "1栋1单元101"
    assert zhang.household.floor == 1
    assert zhang.phone == "13812345678"
    assert zhang.id_number == GOOD_ID
    assert zhang.sex == "M"
    assert str(zhang.birth_date) == "1980-01-01"
    assert zhang.tags == ["elderly_alone", "diabetes"]
    assert zhang.vulnerable
    assert zhang.name_initials == "zsf"


def test_merged_cells_apply_to_every_row_they_span(db, roster):
    import_roster(path=roster, compound_name="富民花园")
    assert imported_residents().get(name="李四").household.address == "1栋1单元102"
    assert imported_residents().get(name="王五").household.address == "1栋2单元201"


def test_numerals_in_every_form_and_addresses_in_the_room_column(db, roster):
    import_roster(path=roster, compound_name="富民花园")
    assert imported_residents().get(name="赵六").household.address == "10栋2单元301"
    assert imported_residents().get(name="赵六").phone == "0744-8234567"
    assert imported_residents().get(name="钱七").household.address == "3栋2单元501"


def test_a_street_number_building_keeps_its_alias(db, roster):
    import_roster(path=roster, compound_name="富民花园")
    zhou = imported_residents().get(name="周九")
    assert zhou.household.unit.building.number == "13"
    assert BuildingAlias.objects.get(building__number="13").street == "静园巷"
    assert zhou.id_number == "11010519491231002X"


def test_bad_fields_are_left_empty_and_reported(db, roster):
    _, summary = import_roster(path=roster, compound_name="富民花园")
    li = imported_residents().get(name="李四")
    assert li.id_number == ""
    assert li.phone == "13912345679"
    assert imported_residents().get(name="王五").phone == ""
    warnings = {(w.row, w.column, w.value) for w in summary.warning_list}
    assert (5, "身份证号", BAD_CHECK_ID) in warnings
    assert (6, "电话", "12345") in warnings


def test_rejected_rows_carry_their_number_and_a_reason(db, roster):
    _, summary = import_roster(path=roster, compound_name="富民花园")
    rejected = {row.number: row.rejected for row in summary.rejected}
    assert set(rejected) == {7, 11}
    assert "姓名" in rejected[7]
    assert "住址" in rejected[11]


def test_the_report_holds_every_rejected_row_beside_the_original(db, roster):
    run, _ = import_roster(path=roster, compound_name="富民花园")
    workbook = load_workbook(io.BytesIO(run.report_bytes()))
    rejected = list(workbook["未导入"].iter_rows(values_only=True))
    assert rejected[0][:3] == ("行号", "原因", "楼 号")
    assert [r[0] for r in rejected[1:]] == [7, 11]
    assert rejected[2][4] == "乱写的"
    warnings = list(workbook["警告"].iter_rows(values_only=True))
    assert len(warnings) == 3  # header + 2


def test_importing_the_same_file_twice_creates_nothing_new(db, roster):
    import_roster(path=roster, compound_name="富民花园")
    counts = (Household.objects.count(), Resident.objects.count(), Building.objects.count())
    _, summary = import_roster(path=roster, compound_name="富民花园")
    assert (Household.objects.count(), Resident.objects.count(), Building.objects.count()) == counts
    assert summary.households_created == 0
    assert summary.residents_created == 0
    assert summary.residents_updated == 0
    assert summary.households_updated == 0


def test_a_later_file_updates_what_changed(db, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("楼栋,单元,房号,姓名,电话\n1,1,101,张三,\n1,1,101,李四,13800001111\n", "utf-8")
    import_roster(path=first, compound_name="阳光")
    second = tmp_path / "b.csv"
    second.write_text(
        "楼栋,单元,房号,姓名,电话,标签\n1,1,101,张三,13800002222,高血压\n1,1,102,王五,,\n", "utf-8"
    )
    _, summary = import_roster(path=second, compound_name="阳光")
    assert summary.residents_updated == 1
    assert summary.residents_created == 1
    assert summary.households_created == 1
    zhang = imported_residents().get(name="张三")
    assert zhang.phone == "13800002222"
    assert zhang.tags == ["hypertension"]
    # An empty cell never erases what is known.
    assert imported_residents().get(name="李四").phone == "13800001111"


def test_a_building_new_to_a_compound_that_has_households_is_a_warning(db, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("楼栋,单元,房号,姓名\n1,1,101,张三\n", "utf-8")
    _, summary = import_roster(path=first, compound_name="阳光")
    assert summary.warnings == 0  # a first roster creates its buildings
    typo = tmp_path / "b.csv"
    typo.write_text("楼栋,单元,房号,姓名\n1,1,102,李四\n99,1,101,王五\n", "utf-8")
    _, summary = import_roster(path=typo, compound_name="阳光")
    assert [(w.row, w.value) for w in summary.warning_list] == [(3, "99")]
    assert "99栋" in summary.warning_list[0].message


def test_a_gbk_csv_with_a_whole_address_column(db, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "住址,姓名,手机\n3栋2单元501,张三,13812345678\n静园巷13号1单元103,李四,\n".encode("gbk")
    )
    _, summary = import_roster(path=path, compound_name="阳光")
    assert summary.residents_created == 2
    assert imported_residents().get(name="张三").household.address == "3栋2单元501"


def test_a_file_without_a_header_is_refused_whole(db, tmp_path):
    path = tmp_path / "nonsense.csv"
    path.write_text("a,b,c\n1,2,3\n", "utf-8")
    with pytest.raises(RosterError, match="表头"):
        import_roster(path=path, compound_name="阳光")
    assert not Compound.objects.exclude(name__in=STANDING).exists()


def test_a_corrupt_spreadsheet_is_refused_with_a_message(db, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(RosterError, match="无法读取"):
        import_roster(path=path, compound_name="阳光")


def test_an_id_number_matches_a_resident_known_by_name(db, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("楼栋,单元,房号,姓名\n1,1,101,张三\n", "utf-8")
    import_roster(path=first, compound_name="阳光")
    second = tmp_path / "b.csv"
    second.write_text(f"楼栋,单元,房号,姓名,身份证号\n1,1,101,张三,{GOOD_ID}\n", "utf-8")
    _, summary = import_roster(path=second, compound_name="阳光")
    assert (summary.residents_created, summary.residents_updated) == (0, 1)
    assert imported_residents().get().id_number == GOOD_ID


def test_a_utf8_csv_whose_64_kb_boundary_falls_inside_a_character_is_imported(db, tmp_path):
    rows = "".join(f"1,1,{100 + i % 900},张三{i}\n" for i in range(6000))
    for pad in range(16):
        data = ("楼栋,单元,房号,姓名" + "," * pad + "\n" + rows).encode()
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError:
            break  # byte 65,536 is inside a character
    else:
        raise AssertionError("no padding puts the boundary inside a character")
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    _, summary = import_roster(path=path, compound_name="阳光")
    assert summary.rows_rejected == 0
    assert imported_residents().filter(name="张三5999").exists()


def test_the_report_is_a_private_file_not_a_blob_and_goes_after_its_retention(
    db, roster, settings, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from registry.importer import purge_reports
    from registry.models import RosterImport

    settings.VAR_DIR = tmp_path
    run, _ = import_roster(path=roster, compound_name="富民花园")
    run.refresh_from_db()
    assert run.report is None and run.report_file
    path = tmp_path / "reports" / run.report_file
    assert path.stat().st_mode & 0o777 == 0o600
    assert run.report_bytes() == path.read_bytes()
    assert purge_reports() == ""  # still within its retention period
    later = timezone.now() + timedelta(days=settings.LINLI_REPORT_RETENTION_DAYS + 1)
    assert "1" in purge_reports(now=later)
    assert not path.exists()
    assert RosterImport.objects.get(pk=run.pk).report_bytes() is None
