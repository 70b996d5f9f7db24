"""Recall on variant spellings: a word is found however a Khmer writer spelled it, through the
real index (district_site.search.recall holds the lists; `make bench` prints the same figures).

Run: .venv/bin/python -m pytest -q tests/district_site/search/test_variants.py (figures printed)."""

from django.db import transaction
from django_tenants.utils import tenant_context

from bench import recall
from district_site.search.text import normalize
from tenants.gazetteer.models import AdministrativeUnit


def _print(title, figures, capsys):
    found = sum(hits for hits, _tried in figures.values())
    tried = sum(tried for _hits, tried in figures.values())
    with capsys.disabled():
        print(f"\n{title}: recall {found / tried:.1%} ({found}/{tried})")
        for kind, (hits, count) in sorted(figures.items()):
            print(f"  {kind}: {hits}/{count}")
    return found, tried


def test_every_common_variant_spelling_finds_the_other_both_ways(make_district, capsys):
    district = make_district()
    with tenant_context(district), transaction.atomic():
        figures = recall.measure(recall.COMMON)
        transaction.set_rollback(True)

    found, tried = _print("Common variant spellings, both ways", figures, capsys)
    assert tried == 2 * len(recall.COMMON)
    assert found == tried, {kind: f for kind, f in figures.items() if f[0] != f[1]}


def test_every_variant_of_real_village_names_finds_the_name_both_ways(make_district, capsys):
    names = sorted(
        {
            name
            for name in AdministrativeUnit.objects.filter(level="village").values_list(
                "name_km", flat=True
            )
            if len(name) >= 3
        }
    )[::80]
    pairs = recall.village_variants(names)
    district = make_district()
    with tenant_context(district), transaction.atomic():
        figures = recall.measure(pairs)
        transaction.set_rollback(True)

    found, tried = _print(f"Variants of {len(names)} real village names", figures, capsys)
    # Every kind of variant is there to be measured.
    assert {kind for kind, *_ in pairs} >= {
        "coeng ta / da",
        "invisible characters",
        "order of marks",
        "spelling reform (ំ / ម្)",
    }
    assert found == tried, {kind: f for kind, f in figures.items() if f[0] != f[1]}


def test_the_previous_normalisation_missed_most_variants_the_baseline_of_the_measure():
    figures = recall.previous_recall(recall.COMMON)

    found = sum(hits for hits, _tried in figures.values())
    assert figures["invisible characters"][0] < figures["invisible characters"][1]  # ⁠ and ឴
    assert figures["coeng ta / da"] == (0, 8)
    assert found < len(recall.COMMON)


def test_spellings_that_look_alike_normalise_to_one():
    assert normalize("អណ្ដូង") == normalize("អណ្តូង")
    assert normalize("ឃំុ") == normalize("ឃុំ")
    assert normalize("កោ្រម") == normalize("ក្រោម")
    assert normalize("ស្រ្តី") == normalize("ស្ត្រី")
    assert normalize("ក្រេាយ") == normalize("ក្រោយ")
    assert normalize("ទឹក\u200bស្អាត") == normalize("ទឹកស្អាត")
    assert normalize("ឲ្យ") == normalize("ឱ្យ") == normalize("អោយ")
    assert normalize("២០២៧") == "2027"


def test_different_words_stay_different():
    """Only subscripts are folded: ដ and ត as letters of their own are different words."""
    assert normalize("ដាក់") != normalize("តាក់")
    assert normalize("ក្ដី") != normalize("ក្តីដី")
    assert normalize("ចាំ") != normalize("ចាម")
