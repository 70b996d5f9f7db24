"""Turn text into search terms that work for Khmer.

Khmer is written without spaces between words, so word-based full-text search finds almost
nothing. Instead every run of Khmer letters becomes its overlapping character trigrams (and
bigrams and single letters, for very short queries), and Latin text becomes lower-cased
words. A query matches a document when the document holds every term of the query, so any
piece of a Khmer word or phrase that appears in the text is found (full recall for any
substring), with no dictionary to maintain. The terms are stored as a tsvector literal, bypassing
PostgreSQL's text parser (whose idea of a letter depends on the server's locale and may drop
Khmer), and matched with a GIN index; pg_trgm is not available in the embedded server.
"""

import re
import unicodedata

KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
LATIN_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")
# Zero-width space and joiners: Khmer writers put them between words, inconsistently.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)


def normalize(text):
    return unicodedata.normalize("NFC", (text or "").translate(INVISIBLE)).lower()


def _grams(run, size):
    return [run[i : i + size] for i in range(len(run) - size + 1)]


def document_terms(text):
    """Every term a document can be found by."""
    text = normalize(text)
    terms = set(LATIN_WORD.findall(text))
    for run in KHMER_RUN.findall(text):
        terms.update(_grams(run, 3) or [run])
        terms.update(_grams(run, 2))
        # Single letters too: a query may hold a one-letter run ("ក រលំ", "ខ្ចៅទី ៣"), which in
        # the text is glued to the letters around it. Measured on real village names
        # (tests/district_site/search/test_recall.py), recall went from 95% to 100%.
        terms.update(run)
    return terms


def query_terms(text):
    """The terms a document must all hold to match ``text``."""
    text = normalize(text)
    terms = set(LATIN_WORD.findall(text))
    for run in KHMER_RUN.findall(text):
        terms.update(_grams(run, 3) if len(run) >= 3 else _grams(run, 2) or [run])
    return terms


def _quoted(term):
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(terms):
    """Terms as input for ``::tsvector``: every term a lexeme, exactly as given."""
    return " ".join(_quoted(term) for term in sorted(terms))


def tsquery_literal(terms):
    """Terms as input for ``::tsquery``: a document must hold them all."""
    return " & ".join(_quoted(term) for term in sorted(terms))
