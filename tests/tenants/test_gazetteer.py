"""The gazetteer import adds and renames units, never breaks what is onboarded, and can run
again without changing anything."""

import shutil
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from tenants.gazetteer import DATA_DIR
from tenants.gazetteer.importer import import_gazetteer
from tenants.gazetteer.models import AdministrativeUnit
from tests.conftest import TEST_CODES


def test_the_shipped_snapshot_is_all_imported():
    counts = {
        # Provinces 90 to 98 are the test suite's own (tests/conftest.py), not the snapshot's.
        level: AdministrativeUnit.objects.filter(level=level)
        .exclude(code__regex=TEST_CODES)
        .count()
        for level in AdministrativeUnit.Level.values
    }

    assert counts == {"province": 25, "district": 210, "commune": 1652, "village": 14578}
    ou_chruv = AdministrativeUnit.objects.get(code="0105")
    assert (ou_chruv.name_km, ou_chruv.parent.name_latin) == ("អូរជ្រៅ", "Banteay Meanchey")


def test_a_second_import_changes_nothing():
    report = import_gazetteer(DATA_DIR)

    assert sum(report.added.values()) == 0
    assert sum(report.changed.values()) == 0
    assert report.unchanged["villages"] == 14578


def test_the_command_shows_progress_per_level():
    out = StringIO()

    call_command("import_gazetteer", stdout=out)

    assert "villages" in out.getvalue()
    assert "0 added" in out.getvalue()


def _snapshot_copy(tmp_path):
    for path in DATA_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(path, level, change):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    change(data[level])
    path.write_text(yaml.dump(data, allow_unicode=True), encoding="utf-8")


def test_a_newer_snapshot_renames_and_adds_without_touching_onboarded_districts(
    tmp_path, make_real_district
):
    """Slow (about 10-30 s): two imports of the whole gazetteer (16,000 units) from YAML."""
    district = make_real_district()
    source = _snapshot_copy(tmp_path)

    def rename(districts):
        districts[district.code]["name"]["latin"] = "Renamed District"

    def add(communes):
        communes[f"{district.code}99"] = {
            "name": {"km": "ឃុំថ្មី", "latin": "Thmei"},
            "administrative_unit": {"km": "ឃុំ", "latin": "Khum", "en": "Commune"},
        }

    _edit(source / "districts.yml", "districts", rename)
    _edit(source / "communes.yml", "communes", add)
    try:
        report = import_gazetteer(source)

        assert report.changed["districts"] == 1
        assert report.added["communes"] == 1
        assert AdministrativeUnit.objects.get(code=district.code).name_latin == "Renamed District"
        assert AdministrativeUnit.objects.get(code=f"{district.code}99").parent_id == district.code
        district.refresh_from_db()
        assert district.name_en != "Renamed District"
    finally:
        import_gazetteer(DATA_DIR)
        AdministrativeUnit.objects.filter(code=f"{district.code}99").delete()


def test_a_broken_snapshot_imports_nothing_and_says_why(tmp_path):
    source = _snapshot_copy(tmp_path)
    (source / "villages.yml").write_text("villages: [not, a, mapping", encoding="utf-8")
    _edit(source / "provinces.yml", "provinces", lambda p: p["01"]["name"].update(latin="X"))

    with pytest.raises(CommandError, match="Nothing was imported: villages.yml cannot be read"):
        call_command("import_gazetteer", source=str(source), stdout=StringIO())

    assert AdministrativeUnit.objects.get(code="01").name_latin == "Banteay Meanchey"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="provinces.yml is missing"):
        call_command("import_gazetteer", source=str(tmp_path), stdout=StringIO())
