"""The flagship demo shows what a complete district site looks like: every citizen page has
content (no "not published yet"), Contact with hours and a map link, Roles and responsibilities
with the offices, the council with photos, the district's Facebook page. And the Contact page
and the footer read one source, the district profile, whoever filled it."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django_tenants.utils import tenant_context

from district_site.content.photos import finish
from district_site.core import actions as core_actions
from district_site.council.models import CouncilMember
from district_site.pages.demo import OFFICES

from .demo_district import seed_demo

# Every page a citizen reaches from the menu or the footer.
PAGES = [
    "/",
    "/p/about/",
    "/p/roles/",
    "/p/contact/",
    "/council/",
    "/news/",
    "/services/",
    "/budget/",
    "/projects/",
    "/projects/map/",
    "/documents/",
    "/forums/",
    "/feedback/answers/",
]
# What a page says when it has nothing to show.
EMPTY = [
    "The list of council members is not published yet. Ask at the district office.",
    "The list of services is not published yet. Ask at the district office.",
    "The district has not given its contact details yet. Ask at the district office.",
    "The district has not published a budget yet.",
    "No council members yet.",
    "No news yet.",
    "No services yet.",
    "No projects published yet.",
    "No projects yet.",
    "No project has a place on the map yet.",
    "No documents are published yet.",
    "No documents yet.",
    "No forums yet.",
    "No forum is announced yet.",
    "Nothing here.",
]


def _empty_states(language):
    with translation.override(language):
        return [escape(translation.gettext(message)) for message in EMPTY]


@pytest.fixture(scope="module")
def demo(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        seed_demo(district)
        # Resized here rather than on a worker (as tests/citizen_pages.py does): the worker's
        # fixture empties the queue before each test that uses it. Idempotent, as on a worker.
        with tenant_context(district):
            for pk in CouncilMember.objects.values_list("pk", flat=True):
                finish(CouncilMember, pk)
    return district


def _council(district):
    with tenant_context(district):
        return list(CouncilMember.objects.all())


@pytest.mark.parametrize("prefix,language", [("", "km"), ("/en", "en")])
def test_every_citizen_page_of_the_demo_district_has_content(demo, host_client, prefix, language):
    client = host_client(demo.primary_domain)

    for path in PAGES:
        response = client.get(prefix + path)
        body = response.content.decode()
        assert response.status_code == 200, path
        shown = [message for message in _empty_states(language) if message in body]
        assert not shown, (path, shown)


def test_the_demo_contact_page_has_hours_a_map_link_and_the_facebook_page(demo, host_client):
    with tenant_context(demo):
        from district_site.core.models import DistrictProfile

        profile = DistrictProfile.current()

    page = host_client(demo.primary_domain).get("/en/p/contact/").content.decode()

    assert "Monday to Friday 7:30–11:30" in page
    assert f'href="{escape(profile.map_url)}"' in page and profile.map_url.startswith(
        "https://www.openstreetmap.org/"
    )
    assert 'href="https://www.facebook.com/' in page
    assert f"mailto:{profile.email}" in page


def test_the_demo_roles_page_lists_each_office_with_its_role(demo, host_client):
    khmer = host_client(demo.primary_domain).get("/p/roles/").content.decode()
    english = host_client(demo.primary_domain).get("/en/p/roles/").content.decode()

    for office_km, office_en, role_km, role_en in OFFICES:
        assert escape(office_km) in khmer and escape(role_km) in khmer
        assert escape(office_en) in english and escape(role_en) in english


def test_the_demo_council_members_have_photos(demo, host_client):
    members = _council(demo)

    page = host_client(demo.primary_domain).get("/en/council/").content.decode()

    assert len(members) >= 5 and all(member.has_photo for member in members)
    for member in members:
        assert member.name_en in page
        assert f'alt="{member.name_en}"' in page


def test_contact_details_an_officer_saves_fill_the_contact_page_and_the_footer(
    make_district, host_client
):
    district = make_district()
    client = host_client(district.primary_domain)
    before = client.get("/en/p/contact/").content.decode()
    with tenant_context(district):
        core_actions.update_profile(
            actor=None,
            office_hours_en="Monday to Friday, 8:00 to 16:00",
            address_en="Road 6, next to the market",
            email="office@example.org",
            map_url="https://www.openstreetmap.org/#map=15/13.1/103.2",
        )

    contact = client.get("/en/p/contact/").content.decode()
    home = client.get("/en/").content.decode()

    assert "has not given its contact details yet" in before
    for page in (contact, home):  # the home page shows the footer only
        assert "Monday to Friday, 8:00 to 16:00" in page
        assert "Road 6, next to the market" in page
        assert "https://www.openstreetmap.org/#map=15/13.1/103.2" in page
    assert "has not given its contact details yet" not in contact
    assert contact.count("Monday to Friday, 8:00 to 16:00") == 2  # the page and its footer


def test_one_districts_contact_details_never_show_on_anothers_contact_page(
    make_district, host_client
):
    district_a, district_b = make_district(), make_district()
    with tenant_context(district_a):
        core_actions.update_profile(actor=None, address_en="Secret Street 1 of A")

    on_b = host_client(district_b.primary_domain).get("/en/p/contact/").content.decode()

    assert "Secret Street 1 of A" not in on_b
