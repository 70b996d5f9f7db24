"""Recall of Khmer search, measured on real Khmer: village names from the NCDD gazetteer,
written inside ordinary Khmer sentences (no spaces around them, as Khmer is written), each in
its own news post. A citizen types a village's name; the post about it must be found.

Run: .venv/bin/python -m pytest -q tests/district_site/search/test_recall.py
(the figures are printed with the result)."""

from datetime import timedelta

from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from district_site.news.models import NewsPost
from district_site.revisions import actions as revisions
from district_site.search import index
from district_site.search.text import normalize
from tenants.gazetteer.models import AdministrativeUnit

SAMPLE = 200
SHOWN = 30  # results on the search page (search.views)
# How Khmer news mentions a village: glued to the words around it; some writers put
# zero-width spaces between words, most do not.
SENTENCES = [
    "ក្រុមការងារស្រុកបានចុះទៅភូមិ{name}ដើម្បីជួសជុលផ្លូវលំដែលខូចដោយសារទឹកជំនន់។",
    "ប្រជាពលរដ្ឋនៅ{name}បានទទួលអណ្តូងទឹកស្អាតថ្មីចំនួនពីរ។",
    "វេទិកាសាធារណៈឆ្នាំនេះនឹងប្រព្រឹត្តទៅនៅសាលាបឋមសិក្សា{name}។",
    "គណៈកម្មការ\u200bឃុំ\u200bបាន\u200bពិនិត្យ\u200bគម្រោង\u200bស្ពាន\u200bនៅ\u200bភូមិ\u200b{name}\u200bហើយ។",
]


def _village_names():
    """Every n-th distinct village name of the whole country (deterministic)."""
    names = list(
        AdministrativeUnit.objects.filter(level="village")
        .order_by("code")
        .values_list("name_km", flat=True)
        .distinct()
    )
    names = sorted({normalize(name) for name in names if len(name) >= 3})
    step = max(1, len(names) // SAMPLE)
    return names[::step][:SAMPLE]


def test_recall_of_village_names_inside_khmer_sentences(make_district, capsys):
    district = make_district()
    names = _village_names()
    with tenant_context(district):
        posts, bodies = {}, {}
        for number, name in enumerate(names):
            post = NewsPost(
                title_km=f"ព័ត៌មានពីមូលដ្ឋានលេខ {number}",
                body_km=SENTENCES[number % len(SENTENCES)].format(name=name),
                is_published=True,
                publish_at=timezone.now() - timedelta(hours=1),
            )
            revisions.create(post, actor="test", announce=False)
            # The Khmer address, as indexed: an earlier test's request to an /en/ page leaves
            # English active in this thread.
            with translation.override("km"):
                posts[name] = post.get_absolute_url()
            bodies[posts[name]] = post.body_km
        texts = {url: normalize(body) for url, body in bodies.items()}

        found = top_page = 0
        missed = []
        results_seen = true_results = 0
        for name in names:
            results = list(index.search(name, "km", limit=len(names)))
            urls = [result.url for result in results]
            found += posts[name] in urls
            if posts[name] not in urls:
                missed.append(name)
            top_page += posts[name] in urls[:SHOWN]
            results_seen += len(results)
            # Short texts: the snippet holds the whole text of every result.
            true_results += sum(name in normalize(r.title + r.snippet) for r in results)

        with_type_word = [name for name in names if f"ភូមិ{name}" in texts[posts[name]]]
        found_with_type_word = sum(
            posts[name] in [r.url for r in index.search(f"ភូមិ{name}", "km", limit=len(names))]
            for name in with_type_word
        )

    recall = found / len(names)
    with capsys.disabled():
        print(
            f"\nKhmer search on {len(names)} real village names inside Khmer sentences: "
            f"recall {recall:.1%} ({found}/{len(names)}), "
            f"among the {SHOWN} results shown {top_page / len(names):.1%}, "
            f"results that really contain the name {true_results / results_seen:.1%}; "
            f"typed with 'ភូមិ' before it: {found_with_type_word}/{len(with_type_word)} found"
        )
    assert len(names) == SAMPLE
    assert recall == 1.0, missed
    assert found_with_type_word == len(with_type_word)
    assert top_page / len(names) >= 0.95
