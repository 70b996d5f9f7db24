"""Officers read names, never the codes the database keeps: a funding source is "District
administration", not "dm_admin"; a commune is its name, not "010507"; a role is "Publisher",
not "publisher"; a status is its label, not its stored value.

The officers' console is read by test_console_pages.py (one walk, console_walk.py: every
console URL from the resolver, filled from the rows of a district seeded with officers of every
role and feedback about a commune, read as a district administrator in Khmer); the provincial
console's pages are read here. A page fails when a visible word is one of the
district's internal codes: a funding source code, a role's stored value, any choice value of a
model, or the NCDD code of one of its communes or villages shown on its own. Programme, chapter
and sector numbers are the official numbering officers work by and are shown with their names
(district_site.budget.models.Code.shows_code).
"""

import re

from django.apps import apps
from django.test import Client
from django_tenants.utils import tenant_context

from district_site.budget.models import Code
from tenants.gazetteer.models import AdministrativeUnit
from tenants.models import OfficerRole
from tests.conftest import PASSWORD, current_code
from tests.district_site.manage.test_console_in_khmer import _Texts

PUNCTUATION = "()[]{}.,:;·«»“”\"'!?—–"


def _internal_codes(district):
    """{code: what it is} of every code an officer must not read alone."""
    codes = {value: "role" for value in OfficerRole.values}
    with tenant_context(district):
        codes.update(
            {
                code: "funding source"
                for code in Code.objects.filter(kind="source").values_list("code", flat=True)
            }
        )
        communes = list(
            AdministrativeUnit.objects.filter(parent_id=district.code).values_list(
                "code", flat=True
            )
        )
        villages = AdministrativeUnit.objects.filter(parent_id__in=communes).values_list(
            "code", flat=True
        )
        codes.update({code: "commune code" for code in communes})
        codes.update({code: "village code" for code in villages})
    for model in apps.get_models():
        if not model.__module__.startswith(("district_site.", "tenants.", "platform_site.")):
            continue
        for field in model._meta.fields:
            for value, label in field.flatchoices or ():
                # Values that are words (not numbers, not the label itself) are stored codes.
                if isinstance(value, str) and re.search(r"[a-z]", value) and value != str(label):
                    codes.setdefault(value, f"choice value of {model.__name__}.{field.name}")
    return codes


def codes_shown(html, codes):
    """The internal codes among the visible words of ``html``."""
    parser = _Texts()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        for word in text.split():
            word = word.strip(PUNCTUATION)
            if word in codes:
                found.add(f"{word!r} ({codes[word]})")
    return found


def test_every_provincial_console_page_shows_names_not_codes(
    provincial_admin, make_district, make_officer
):
    district = make_district()
    for role in OfficerRole.values:
        make_officer(district, role)
    codes = _internal_codes(district)
    console = Client(HTTP_HOST="localhost")
    console.post(
        "/console/login/",
        {
            "username": provincial_admin["email"],
            "password": PASSWORD,
            "otp_token": current_code(provincial_admin["device"]),
        },
    )
    pages = {
        "scorecard": console.get("/console/"),
        "district": console.get(f"/console/districts/{district.code}/"),
        "onboard": console.get("/console/onboard/"),
        "bulk": console.get("/console/bulk/"),
        "suspend": console.get(f"/console/districts/{district.code}/suspend/"),
    }

    problems = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        found = codes_shown(response.content.decode(), codes)
        if found:
            problems[name] = sorted(found)

    assert not problems, problems


def test_the_checker_finds_a_code_shown_alone_and_not_a_name():
    codes = {"dm_admin": "funding source", "010507": "commune code", "publisher": "role"}
    html = (
        "<td>dm_admin</td><dd>(010507)</dd><p>ប្រភព</p><p lang='en'>publisher</p>"
        "<option value='publisher'>អ្នកផ្សាយ</option>"
    )

    assert codes_shown(html, codes) == {"'dm_admin' (funding source)", "'010507' (commune code)"}
