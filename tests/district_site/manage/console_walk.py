"""One walk of the officers' console, for the checks that read every console page
(tests/district_site/manage/test_console_pages.py): seeding a district and rendering every page
is most of their cost, so it is done once and each check reads the same answers.

``walk`` seeds a district with content in every app, officers of every role and feedback about
a commune; walks Django's URL resolver for every console URL (under /manage/, whichever app
added it); fills each URL's arguments from the district's rows; and reads it as a district
administrator whose browser asks for English (the console is in Khmer whatever the browser
asks). A page that sends a logged-in officer elsewhere (the login form, a password reset) is
read as a visitor.

An app that adds console pages taking arguments gets them covered by giving this district rows:
its ``demo.py``'s ``seed(district)`` (as district_site/budget/demo.py) is called automatically;
a page no seeded row opens fails the Khmer check, naming it.
"""

import itertools
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.core import contributions
from tenants import actions
from tenants.gazetteer.models import AdministrativeUnit
from tenants.models import OfficerRole
from tests.conftest import PASSWORD, ClosingClient
from tests.district_site.conftest import log_in

KHMER_SAMPLE = "ព័ត៌មាន"
# Leaving the console and switching its language are links, not pages.
NOT_PAGES = {"manage:logout", "manage:language"}


def console_patterns(resolver=None, prefix="", namespace=""):
    """(route, pattern, url name with namespace) of every URL under /manage/."""
    resolver = resolver or get_resolver(settings.ROOT_URLCONF)
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from console_patterns(entry, route, full)
        elif isinstance(entry, URLPattern) and route.startswith("manage/") and entry.name:
            yield route, entry, f"{namespace}:{entry.name}".strip(":")


def seed(district, admin_email):
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


def seed_codes(district):
    """Rows that hold each kind of code an officer must not read alone: feedback about a
    commune (a project in a village with a funding source comes with the demo projects)."""
    from district_site.feedback import actions as feedback_actions

    with tenant_context(district):
        commune = AdministrativeUnit.objects.filter(parent_id=district.code).first()
        feedback_actions.receive_feedback(
            category="project", message="ផ្លូវខូចនៅភូមិ", commune_code=commune.code
        )


def int_candidates(district):
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


def fillings(route, candidates):
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


@dataclass
class Page:
    """What the walk read of one console URL."""

    name: str  # the URL's name, with its namespace ("manage:dashboard")
    route: str  # "manage/news/<int:pk>/"
    path: str  # the filling read last
    response: object  # its answer: the administrator's, or a visitor's if they were sent on
    # (path, answer) of every request made for this URL, the tries that found no row included.
    answers: list = field(default_factory=list)

    @property
    def takes_int(self):
        return "<int:" in self.route

    @property
    def is_html(self):
        return "text/html" in self.response.get("Content-Type", "")


def walk(district):
    """{url name: Page} of every console URL of ``district``, seeded first (see above)."""
    email = _add_officer(district, OfficerRole.DISTRICT_ADMIN.value)
    for role in OfficerRole.values:
        _add_officer(district, role)
    seed(district, email)
    seed_codes(district)
    admin = ClosingClient(HTTP_HOST=district.primary_domain)
    assert log_in(admin, email).status_code == 302
    visitor = ClosingClient(HTTP_HOST=district.primary_domain)
    candidates = int_candidates(district)

    pages = {}
    for route, _pattern, name in console_patterns():
        if name in NOT_PAGES:
            continue
        page = Page(name, route, path=None, response=None)
        for path in fillings(route, candidates):
            response = admin.get(path, HTTP_ACCEPT_LANGUAGE="en")
            page.answers.append((path, response))
            if response.status_code == 302 and not response["Location"].startswith("/manage/login"):
                response = visitor.get(path, HTTP_ACCEPT_LANGUAGE="en")
                page.answers.append((path, response))
            page.path, page.response = path, response
            # A URL without a row id has one filling; one with ids is tried until a row opens it,
            # or until it answers 405: a button's POST-only endpoint refuses a GET whatever the
            # row (trying each of a hundred rows was nine in ten of the walk's requests).
            if response.status_code in (200, 405) or not page.takes_int:
                break
        pages[name] = page
    return pages


_officers = itertools.count()


def _add_officer(district, role):
    email = f"walker{next(_officers)}@{district.slug}.example"
    actions.add_officer(district, email=email, role=role, password=PASSWORD)
    return email
