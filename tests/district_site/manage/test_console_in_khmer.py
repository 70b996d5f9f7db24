"""Every console page renders in Khmer with no untranslated UI string, and has its help panel:
what the check looks for, and that it can fail. The check reads every console page of one walk
(test_console_pages.py, console_walk.py: every console URL from the resolver, filled from a
seeded district's rows, read as a district administrator whose browser asks for English).

A page fails when a visible text (or a label read aloud: aria-label, title, placeholder, alt,
button values)

- is an English msgid of the Khmer catalogue, left untranslated, or
- holds a run of two or more English words that no Khmer translation of the catalogue holds
  (a string someone forgot to mark for translation).

Only officers' content is exempt, and the seeded content is all Khmer; text in an element
marked ``lang="en"`` (the switch to English, English names of budget lines) or
``data-content`` (the manual's text, kept in docs/officer-manual.md), and the old and new values
in a revision's diff (``<del>``, ``<ins>``), are skipped.
"""

import re
from html.parser import HTMLParser

from tests.test_translations import CATALOGUE, _entries

# Code, officers' text being edited, and the old and new values of a revision's diff.
SKIPPED_TAGS = {"script", "style", "textarea", "pre", "code", "del", "ins"}
# Names, not words: "Srok" is also the author of a district's first pages.
NAMES = {"Srok"}
READ_ALOUD = {"aria-label", "title", "placeholder", "alt"}
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z’']+(?:[ ,]+[A-Za-z][a-z’']+)+")
# Addresses, e-mail addresses and file names are not UI text.
NOT_WORDS = re.compile(r"\S*[@/.:_=#]\S*|\S*\d\S*")


def _catalogue():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    untranslated = set()
    translations = []
    for msgid, msgstr, _flags in entries:
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        translations.append(msgstr)
        for one in ids:
            if (
                one != msgstr
                and re.search(r"[A-Za-z]{2}", one)
                and "%" not in one
                and one not in NAMES
            ):
                untranslated.add(" ".join(one.split()))
    return untranslated, "\n".join(translations)


class _Texts(HTMLParser):
    """The visible texts of a page and the texts read aloud, outside exempt elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.texts = []

    def _exempt(self):
        return any(exempt for _tag, exempt in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        exempt = (
            tag in SKIPPED_TAGS
            or attrs.get("lang", "km") != "km"
            or "data-content" in attrs
            or (attrs.get("type") == "hidden")
        )
        if tag not in {"input", "img", "br", "meta", "link", "hr"}:
            self.stack.append((tag, exempt))
        if self._exempt() or exempt or tag in {"meta", "link"}:
            return
        for name in READ_ALOUD:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._exempt() and data.strip():
            self.texts.append(data)


def _problems(html, untranslated, translations):
    parser = _Texts()
    parser.feed(html)
    problems = []
    for text in parser.texts:
        text = " ".join(text.split())
        if text in untranslated or text.rstrip(":.") in untranslated:
            problems.append(f"untranslated msgid: {text!r}")
            continue
        for run in ENGLISH_RUN.findall(NOT_WORDS.sub(" ", text)):
            run = run.strip(" ,")
            if len(run.split()) >= 2 and run not in translations:
                problems.append(f"English text not in the catalogue's translations: {run!r}")
    return problems


def test_the_checker_finds_an_untranslated_msgid_and_english_left_out_of_the_catalogue():
    """The checks above can fail: each kind of mistake is caught, and content is not."""
    untranslated, translations = _catalogue()
    html = (
        '<p>Save</p><p>Please review this form</p><a lang="en">English words here</a>'
        "<p data-content><span>Manual text in English</span></p>"
        "<p>officer@example.org</p><button aria-label='Close the dialog'>x</button>"
    )

    found = _problems(html, untranslated | {"Save"}, translations)

    assert sorted(found) == [
        "English text not in the catalogue's translations: 'Close the dialog'",
        "English text not in the catalogue's translations: 'Please review this form'",
        "untranslated msgid: 'Save'",
    ]
