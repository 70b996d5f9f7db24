"""Turn text into search terms that work for Khmer.

Khmer is written without spaces between words, so word-based full-text search finds almost
nothing. Instead every run of Khmer letters becomes its overlapping character trigrams (and
bigrams and single letters, for very short queries), and Latin text becomes lower-cased
words. A query matches a document when the document holds every term of the query, so any
piece of a Khmer word or phrase that appears in the text is found (full recall for any
substring), with no dictionary to maintain. The terms are stored as a tsvector literal, bypassing
PostgreSQL's text parser (whose idea of a letter depends on the server's locale and may drop
Khmer), and matched with a GIN index; pg_trgm is not available in the embedded server.

Documents and queries go through the same ``normalize`` first, so spellings that Khmer writers
use interchangeably, and that look the same or nearly so on screen, give the same terms (see
docs/architecture.md, "Search"): Unicode NFC; no invisible characters (zero-width spaces and
joiners, which some writers put between words and others do not); subscript ដ written as
subscript ត (្ដ and ្ត look alike, and both are in use for the same words: អណ្ដូង, អណ្តូង); the
marks of each syllable in one order (a vowel typed before the subscript, or ំ before ុ, looks
the same on screen); split vowels joined (េ + ា is ោ); independent vowels as the letters they
stand for (ឱ្យ, ឲ្យ and អោយ; ឬ and រឺ); Khmer digits as Latin ones (២០២៧ and 2027).

One variant cannot be folded into a single spelling without breaking the substring property:
the spelling reform's ម្ for the older ំ (សម្រាប់ and សំរាប់, សម្អាត and សំអាត). A text holding
that pattern is indexed under both spellings (``forms``), and a query matches when all the terms
of either of its spellings are there.
"""

import re
import unicodedata

KHMER_RUN = re.compile(r"[\u1780-\u17d3\u17d7\u17dc\u17dd\u19e0-\u19ff]+")
LATIN_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")

# Characters that show nothing: Unicode's format characters (zero-width space, joiners, word
# joiner, byte order mark, soft hyphen, direction marks) and Khmer's two invisible vowels,
# which Unicode deprecates.
_KHMER_INVISIBLE = "\u17b4\u17b5"
# Deprecated letters and independent vowels, as the ordinary letters they stand for. ឲ្យ / ឱ្យ
# ("to give") is written អោយ by many, so that word comes first.
_SPELLINGS = [
    ("\u17b2\u17d2\u1799", "\u17a2\u17c4\u1799"),  # ឲ្យ -> អោយ
    ("\u17b1\u17d2\u1799", "\u17a2\u17c4\u1799"),  # ឱ្យ -> អោយ
    ("\u17a3", "\u17a2"),  # ឣ -> អ
    ("\u17a4", "\u17a2\u17b6"),  # ឤ -> អា
    ("\u17a5", "\u17a2\u17b7"),  # ឥ -> អិ
    ("\u17a6", "\u17a2\u17b8"),  # ឦ -> អី
    ("\u17a7", "\u17a2\u17bb"),  # ឧ -> អុ
    ("\u17a8", "\u17a2\u17bb\u1780"),  # ឨ -> អុក
    ("\u17a9", "\u17a2\u17bc"),  # ឩ -> អូ
    ("\u17aa", "\u17a2\u17bc\u179c"),  # ឪ -> អូវ
    ("\u17ab", "\u179a\u17b9"),  # ឫ -> រឹ
    ("\u17ac", "\u179a\u17ba"),  # ឬ -> រឺ
    ("\u17ad", "\u179b\u17b9"),  # ឭ -> លឹ
    ("\u17ae", "\u179b\u17ba"),  # ឮ -> លឺ
    ("\u17af", "\u17a2\u17c2"),  # ឯ -> អែ
    ("\u17b0", "\u17a2\u17c3"),  # ឰ -> អៃ
    ("\u17b1", "\u17a2\u17c4"),  # ឱ -> អោ
    ("\u17b2", "\u17a2\u17c4"),  # ឲ -> អោ
    ("\u17b3", "\u17a2\u17c5"),  # ឳ -> អៅ
    ("\u17d8", "\u17d4\u179b\u17d4"),  # ៘ -> ។ល។
    ("\u17d2\u178a", "\u17d2\u178f"),  # subscript ដ -> subscript ត
]
_DIGITS = {0x17E0 + n: str(n) for n in range(10)}
# Vowels typed in two parts, as one.
_SPLIT_VOWELS = [
    ("\u17c1\u17b6", "\u17c4"),  # េ + ា -> ោ
    ("\u17c1\u17b8", "\u17be"),  # េ + ី -> ើ
    ("\u17b8\u17c1", "\u17be"),  # ី + េ -> ើ
]

# A syllable: a letter, then its marks (subscripts, register shifters, vowels, signs).
_SYLLABLE = re.compile(r"[\u1780-\u17b3](?:\u17d2[\u1780-\u17b3]?|[\u17b6-\u17d1\u17d3\u17dd])+")
_MARK = re.compile(r"\u17d2[\u1780-\u17b3]?|.", re.S)


def _mark_order(mark):
    """Where a mark goes in its syllable: robat, subscripts (subscript រ last, as it is
    written), register shifters, vowels, then the other signs. Python's sort is stable, so
    marks of one kind keep the order they were typed in."""
    if mark.startswith("\u17d2"):
        return 2 if mark == "\u17d2\u179a" else 1
    if mark == "\u17cc":
        return 0
    if mark in "\u17c9\u17ca":
        return 3
    if "\u17b6" <= mark <= "\u17c5":
        return 4
    return 5


def _syllable(match):
    text = match.group()
    marks = sorted(_MARK.findall(text[1:]), key=_mark_order)
    ordered = [text[0]]
    for mark in marks:
        if mark != ordered[-1]:  # a mark typed twice shows once
            ordered.append(mark)
    syllable = "".join(ordered)
    for split, whole in _SPLIT_VOWELS:
        syllable = syllable.replace(split, whole)
    return syllable


def _is_invisible(char):
    return char in _KHMER_INVISIBLE or unicodedata.category(char) == "Cf"


def normalize(text):
    """``text`` as search sees it: the same for every spelling of a word that Khmer writers use
    interchangeably (see the module's docstring), lower case."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(char for char in text if not _is_invisible(char))
    for variant, spelling in _SPELLINGS:
        text = text.replace(variant, spelling)
    text = text.translate(_DIGITS)
    return _SYLLABLE.sub(_syllable, text).lower()


# The older spelling's ំ before these letters is the reformed spelling's ម + subscript.
_OLD_NIKAHIT = re.compile(r"\u17c6(?=[\u179a\u179b\u1799\u179c\u17a2])")


def forms(text):
    """The spellings of normalised ``text`` that search treats as one (one or two)."""
    reformed = _OLD_NIKAHIT.sub("\u1798\u17d2", text)
    return [text] if reformed == text else [text, reformed]


def _grams(run, size):
    return [run[i : i + size] for i in range(len(run) - size + 1)]


def _stem(word):
    """An English word without its plural ending: "wells" finds "well", "culvert" finds
    "culverts". Light on purpose: no dictionary, and only endings that are plurals far more
    often than not."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _latin_terms(text):
    return {_stem(word) for word in LATIN_WORD.findall(text)}


def document_terms(text):
    """Every term a document can be found by."""
    terms = set()
    for form in forms(normalize(text)):
        terms |= _latin_terms(form)
        for run in KHMER_RUN.findall(form):
            terms.update(_grams(run, 3) or [run])
            terms.update(_grams(run, 2))
            # Single letters too: a query may hold a one-letter run ("ក រលំ", "ខ្ចៅទី ៣"), which
            # in the text is glued to the letters around it. Measured on real village names
            # (tests/district_site/search/test_recall.py), recall went from 95% to 100%.
            terms.update(run)
    return terms


def query_alternatives(text):
    """The term sets of each spelling of ``text``: a document matches when it holds every term
    of at least one. Empty when the text holds nothing to search for."""
    alternatives = []
    for form in forms(normalize(text)):
        terms = _latin_terms(form)
        for run in KHMER_RUN.findall(form):
            terms.update(_grams(run, 3) if len(run) >= 3 else _grams(run, 2) or [run])
        if terms and terms not in alternatives:
            alternatives.append(terms)
    return alternatives


def query_terms(text):
    """The terms a document must all hold to match ``text`` as spelled."""
    alternatives = query_alternatives(text)
    return alternatives[0] if alternatives else set()


def _quoted(term):
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(terms):
    """Terms as input for ``::tsvector``: every term a lexeme, exactly as given."""
    return " ".join(_quoted(term) for term in sorted(terms))


def tsquery_literal(alternatives):
    """Term sets as input for ``::tsquery``: a document must hold all the terms of one set."""
    if isinstance(alternatives, set):
        alternatives = [alternatives]
    return " | ".join(
        "(" + " & ".join(_quoted(term) for term in sorted(terms)) + ")" for terms in alternatives
    )
