"""How well search finds a word whatever way it was spelled: the measure that `make bench`
prints (bench/search.py; it lives in bench because it writes news posts, which search, a base
of district_site, must not import) and tests/district_site/search/test_variants.py holds to 100 %.

Two lists of (written in the text, typed by the reader) pairs, both directions measured:

- ``COMMON``: words Khmer writers spell in more than one way (text.py's docstring says how
  each is handled), chosen by hand;
- ``village_variants(names)``: the same kinds of variant made systematically from real village
  names of the NCDD gazetteer, wherever a name lends itself to one.

``measure`` publishes each written form in a news post of the current schema (through the real
revisions, so the real index) and searches for the typed form; ``previous_recall`` says what the
normalisation before this one (NFC and zero-width spaces only) would have found, the baseline.
"""

import re
import unicodedata
from datetime import timedelta

COMMON = [
    ("coeng ta / da", "អណ្ដូងស្នប់", "អណ្តូងស្នប់"),
    ("coeng ta / da", "ភូមិកណ្តាល", "ភូមិកណ្ដាល"),
    ("coeng ta / da", "សេចក្ដីជូនដំណឹង", "សេចក្តីជូនដំណឹង"),
    ("coeng ta / da", "ផ្ដល់សេវា", "ផ្តល់សេវា"),
    ("invisible characters", "គម្រោង\u200bផ្លូវ\u200bបេតុង", "គម្រោងផ្លូវបេតុង"),
    ("invisible characters", "ទឹកស្អាត", "ទឹក\u200bស្អាត"),
    ("invisible characters", "សាលា\u200cរៀន", "សាលារៀន"),
    ("invisible characters", "\ufeffមណ្ឌលសុខភាព", "មណ្ឌល\u2060សុខភាព"),
    ("invisible characters", "ស្រុក\u17b4អូរជ្រៅ", "ស្រុកអូរជ្រៅ"),
    ("order of marks", "ឃុំកូប", "ឃំុកូប"),
    ("order of marks", "ជុំវិញភូមិ", "ជំុវិញភូមិ"),
    ("order of marks", "ក្រោមស្ពាន", "កោ្រមស្ពាន"),
    ("order of marks", "ស្ត្រីមេផ្ទះ", "ស្រ្តីមេផ្ទះ"),
    ("order of marks", "ម៉ោង ៨ ព្រឹក", "មោ៉ង ៨ ព្រឹក"),
    ("split vowels", "ក្រោយរដូវវស្សា", "ក្រេាយរដូវវស្សា"),
    ("split vowels", "ភូមិសូភីជើង", "ភូមិសូភីជេីង"),
    ("independent vowels", "ផ្ដល់ឲ្យប្រជាពលរដ្ឋ", "ផ្ដល់អោយប្រជាពលរដ្ឋ"),
    ("independent vowels", "ផ្ដល់ឱ្យប្រជាពលរដ្ឋ", "ផ្ដល់ឲ្យប្រជាពលរដ្ឋ"),
    ("independent vowels", "ផ្លូវ ឬស្ពាន", "ផ្លូវ រឺស្ពាន"),
    ("independent vowels", "បានឮសំណូមពរ", "បានលឺសំណូមពរ"),
    ("independent vowels", "ឧបករណ៍សិក្សា", "អុបករណ៍សិក្សា"),
    ("digits", "ថវិកាឆ្នាំ ២០២៧", "ថវិកាឆ្នាំ 2027"),
    ("digits", "អណ្តូងស្នប់ 10", "អណ្តូងស្នប់ ១០"),
    ("spelling reform (ំ / ម្)", "ប្រមូលសំរាម", "ប្រមូលសម្រាម"),
    ("spelling reform (ំ / ម្)", "សម្រាប់កសិករ", "សំរាប់កសិករ"),
    ("spelling reform (ំ / ម្)", "សំអាតប្រឡាយ", "សម្អាតប្រឡាយ"),
    ("spelling reform (ំ / ម្)", "កម្រិតទឹក", "កំរិតទឹក"),
    ("spelling reform (ំ / ម្)", "ឃុំសំរោង", "ឃុំសម្រោង"),
    ("Unicode composition", "Café Kandal", "Cafe\u0301 Kandal"),
    ("English plurals", "pump wells", "pump well"),
    ("English plurals", "two culverts", "two culvert"),
]

_COENG = "\u17d2"
_SWAP = {"\u178f": "\u178a", "\u178a": "\u178f"}  # subscript ត <-> ដ
_SUBSCRIPT_THEN_VOWEL = re.compile(r"(\u17d2[\u1780-\u17a2])([\u17b6-\u17c5])")
_NIKAHIT_BEFORE = re.compile(r"\u17c6(?=[\u179a\u179b\u1799\u179c\u17a2])")
_REFORMED_BEFORE = re.compile(r"\u1798\u17d2(?=[\u179a\u179b\u1799\u179c\u17a2])")
_SYLLABLE_START = re.compile(r"(?<=[\u17b6-\u17d3])(?=[\u1780-\u17a2](?!\u17d2))")


def village_variants(names):
    """(kind, written, typed) for each real name that lends itself to a kind of variant."""
    pairs = []
    for name in names:
        swapped = re.sub(_COENG + "([\u178f\u178a])", lambda m: _COENG + _SWAP[m[1]], name)
        if swapped != name:
            pairs.append(("coeng ta / da", name, swapped))
        spaced = _SYLLABLE_START.sub("\u200b", name)
        if spaced != name:
            pairs.append(("invisible characters", name, spaced))
        scrambled = _SUBSCRIPT_THEN_VOWEL.sub(r"\2\1", name)
        if scrambled != name:
            pairs.append(("order of marks", name, scrambled))
        reformed = _NIKAHIT_BEFORE.sub("\u1798\u17d2", name)
        reformed = reformed if reformed != name else _REFORMED_BEFORE.sub("\u17c6", name)
        if reformed != name:
            pairs.append(("spelling reform (ំ / ម្)", name, reformed))
    return pairs


# Glued to Khmer words on both sides, as Khmer is written.
SENTENCE = "ក្រុមការងារបានចុះពិនិត្យ{text}កាលពីសប្តាហ៍មុន។"


def measure(pairs):
    """{kind: (found, tried)} over both directions of every pair: the written form in a post,
    the typed form searched, and the other way round. Runs in the current schema and leaves
    the posts it made there (call it inside a transaction to roll back)."""
    from django.utils import timezone, translation

    from district_site.news.models import NewsPost
    from district_site.revisions import actions as revisions
    from district_site.search import index

    results = {}
    limit = 2 * len(pairs)
    when = timezone.now() - timedelta(hours=1)
    for number, (kind, written, typed) in enumerate(pairs):
        for text, query in ((written, typed), (typed, written)):
            post = NewsPost(
                title_km=f"ព័ត៌មានលេខ {number}",
                body_km=SENTENCE.format(text=text),
                is_published=True,
                publish_at=when,
            )
            revisions.create(post, actor="recall", announce=False)
            with translation.override("km"):  # the address as the Khmer index holds it
                url = post.get_absolute_url()
            found = url in {result.url for result in index.search(query, "km", limit=limit)}
            hits, tried = results.get(kind, (0, 0))
            results[kind] = (hits + found, tried + 1)
    return results


def previous_recall(pairs):
    """{kind: (found, tried)} as the normalisation before this one would have matched: NFC and
    zero-width spaces and joiners removed, nothing else (the same term scheme)."""
    results = {}
    for kind, written, typed in pairs:
        for text, query in ((written, typed), (typed, written)):
            found = _previous_query_terms(query) <= _previous_document_terms(
                SENTENCE.format(text=text)
            )
            hits, tried = results.get(kind, (0, 0))
            results[kind] = (hits + found, tried + 1)
    return results


_PREVIOUS_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
_PREVIOUS_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_PREVIOUS_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)


def _previous_normalize(text):
    return unicodedata.normalize("NFC", text.translate(_PREVIOUS_INVISIBLE)).lower()


def _grams(run, size):
    return [run[i : i + size] for i in range(len(run) - size + 1)]


def _previous_document_terms(text):
    text = _previous_normalize(text)
    terms = set(_PREVIOUS_LATIN.findall(text))
    for run in _PREVIOUS_RUN.findall(text):
        terms.update(_grams(run, 3) or [run])
        terms.update(_grams(run, 2))
        terms.update(run)
    return terms


def _previous_query_terms(text):
    text = _previous_normalize(text)
    terms = set(_PREVIOUS_LATIN.findall(text))
    for run in _PREVIOUS_RUN.findall(text):
        terms.update(_grams(run, 3) if len(run) >= 3 else _grams(run, 2) or [run])
    return terms
