"""Every console page renders in Khmer with no untranslated UI string, and has its help panel.

The test walks Django's URL resolver for every console URL (under /manage/, whichever app
added it), fills the URL's arguments from real rows of a district seeded with content, and
reads each page as a district administrator with the console in Khmer. A page fails when a
visible text (or a label read aloud: aria-label, title, placeholder, alt, button values)

- is an English msgid of the Khmer catalogue, left untranslated, or
- holds a run of two or more English words that no Khmer translation of the catalogue holds
  (a string someone forgot to mark for translation).

Only officers' content is exempt, and the seeded content is all Khmer; text in an element
marked ``lang="en"`` (the switch to English, English names of budget lines) or
``data-content`` (the manual's text, kept in docs/officer-manual.md), and the old and new values
in a revision's diff (``<del>``, ``<ins>``), are skipped.

An app that adds console pages taking arguments gets them covered by giving this district rows:
its ``demo.py``'s ``seed(district)`` (as district_site/budget/demo.py) is called automatically;
a page no seeded row opens fails the test, naming it.
"""

import itertools
import re
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.core import contributions
from tests.district_site.conftest import log_in
from tests.test_translations import CATALOGUE, _entries

KHMER_SAMPLE = "ព័ត៌មាន"
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


def _console_patterns(resolver=None, prefix="", namespace=""):
    """(route, pattern, url name with namespace) of every URL under /manage/."""
    resolver = resolver or get_resolver(settings.ROOT_URLCONF)
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _console_patterns(entry, route, full)
        elif isinstance(entry, URLPattern) and route.startswith("manage/") and entry.name:
            yield route, entry, f"{namespace}:{entry.name}".strip(":")


def _seed(district, admin_email):
    """Khmer content in every app, through the real actions."""
    from district_site.council.models import CouncilMember
    from district_site.feedback import actions as feedback_actions
    from district_site.manage.models import OfficerEvent
    from district_site.news.models import NewsPost
    from district_site.revisions import actions as revisions
    from district_site.services.models import Service

    contributions.seed_demo(district)
    with tenant_context(district):
        revisions.create(NewsPost(title_km=KHMER_SAMPLE, body_km="អត្ថបទ"), actor="Srok")
        revisions.create(
            Service(
                name_km="សំបុត្រកំណើត",
                office_km="ច្រកចេញចូលតែមួយ",
                processing_time_km="៣ ថ្ងៃ",
                documents_km="សៀវភៅគ្រួសារ",
            ),
            actor="Srok",
        )
        revisions.create(
            CouncilMember(name_km="សុខ សុភា", role_km="អភិបាលស្រុក", term_start=timezone.localdate()),
            actor="Srok",
        )
        feedback_actions.receive_feedback(category="service", message="ផ្លូវខូច")
        OfficerEvent.objects.create(action="invited", officer="x@example.org", by=admin_email)


def _int_candidates(district):
    """Integers a console URL may take: (every ``year`` of the district's rows, every row's
    primary key)."""
    years, pks = {timezone.localdate().year}, set()
    with tenant_context(district):
        for model in apps.get_models():
            if not model.__module__.startswith("district_site."):
                continue
            pks.update(model.objects.values_list("pk", flat=True)[:50])
            if any(
                f.name == "year" and isinstance(f, models.IntegerField) for f in model._meta.fields
            ):
                years.update(model.objects.values_list("year", flat=True)[:20])
    return sorted(years), sorted(pks)


def _fillings(route, candidates):
    """Every way to fill ``route``'s integer parameters: a ``year`` with a year, others with a
    primary key; text parameters with "x"."""
    years, pks = candidates
    names = re.findall(r"<int:(\w+)>", route)
    for values in itertools.product(*[years if name == "year" else pks for name in names]):
        chosen = dict(zip(names, values, strict=True))
        yield "/" + re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m, chosen=chosen: str(chosen[m.group(2)]) if m.group(1) == "int" else "x",
            route,
        )


def test_every_console_page_renders_in_khmer_with_no_untranslated_text(
    make_district, make_officer, host_client
):
    """Every console page type, walked from the resolver, read in Khmer. Slow (about 15-35 s):
    each page is rendered with seeded content and its text checked."""
    district = make_district()
    email = make_officer(district, "district_admin")
    _seed(district, email)
    admin = host_client(district.primary_domain)
    assert log_in(admin, email).status_code == 302
    anonymous = host_client(district.primary_domain)
    untranslated, translations = _catalogue()
    candidates = _int_candidates(district)

    read, uncovered, problems = [], [], {}
    for route, _pattern, name in _console_patterns():
        if name in {"manage:logout", "manage:language"}:
            continue
        takes_int = "<int:" in route
        response = None
        for path in _fillings(route, candidates):
            response = admin.get(path, HTTP_ACCEPT_LANGUAGE="en")
            if response.status_code == 302 and not response["Location"].startswith("/manage/login"):
                response = anonymous.get(path, HTTP_ACCEPT_LANGUAGE="en")
            if response.status_code == 200 or not takes_int:
                break
        if response.status_code == 405:
            continue  # a button's POST-only endpoint: its result is a page read here anyway
        if response.status_code not in (200, 403, 404) or "text/html" not in response.get(
            "Content-Type", ""
        ):
            if takes_int and response.status_code != 200:
                uncovered.append(name)
            continue
        if takes_int and response.status_code != 200:
            uncovered.append(name)
            continue
        assert response["Content-Language"] == "km", path
        read.append(name)
        if 'class="help"' not in response.content.decode():
            problems[f"{name} ({path})"] = ['no help panel (<aside class="help">)']
            continue
        found = _problems(response.content.decode(), untranslated, translations)
        if found:
            problems[f"{name} ({path})"] = sorted(set(found))

    print(f"{len(read)} console pages read: {sorted(read)}")
    assert "manage:dashboard" in read and "manage:officers" in read and len(read) >= 15, read
    assert not uncovered, (
        f"No seeded row opens these console pages: {uncovered}. Give the district content for "
        "them in _seed() or in the app's demo.py (seed(district))."
    )
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


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
