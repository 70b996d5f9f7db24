"""The Khmer catalogue is complete, and the compiled catalogue the site loads matches it."""

import codecs
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "km" / "LC_MESSAGES"


def _entries(po_text):
    """(msgid, msgstr, flags) of each entry of a .po file, continuation lines joined."""
    entries = []
    for block in po_text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr)(?:\[0\])? "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            msgid = _unescape(fields["msgid"])
            if "msgid_plural" in fields:
                msgid = (msgid, _unescape(fields["msgid_plural"]))
            entries.append((msgid, _unescape(fields["msgstr"]), flags))
    return entries


def _unescape(text):
    """Undo the .po file's C escapes (\\n, \\", ...) without touching Khmer characters."""
    return codecs.escape_decode(text.encode("utf-8"))[0].decode("utf-8")


def test_every_string_has_a_khmer_translation_that_is_not_fuzzy():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))

    assert len(entries) > 50
    assert [msgid for msgid, msgstr, _ in entries if not msgstr] == []
    assert [msgid for msgid, _, flags in entries if "fuzzy" in flags] == []


def test_the_compiled_catalogue_is_up_to_date():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    with open(CATALOGUE / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)

    def compiled_text(msgid):
        if isinstance(msgid, tuple):
            return compiled.ngettext(*msgid, 1)
        return compiled.gettext(msgid)

    stale = [msgid for msgid, msgstr, _ in entries if compiled_text(msgid) != msgstr]
    assert stale == [], "run `make messages` and commit locale/km/LC_MESSAGES/django.mo"


def test_placeholders_survive_translation():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    placeholder = re.compile(r"%\(\w+\)[sd]")

    for msgid, msgstr, _ in entries:
        msgid = msgid[0] if isinstance(msgid, tuple) else msgid
        assert sorted(placeholder.findall(msgid)) == sorted(placeholder.findall(msgstr)), msgid
