"""The district administrator chooses the open data licence in the console; other officers
cannot, and a made-up licence is refused with a message, the choice left as it was."""

from django_tenants.utils import tenant_context

from district_site.opendata.models import OpenDataSettings
from tests.district_site.conftest import says


def test_the_district_administrator_chooses_the_licence_and_files_name_it(
    make_district, officer, host_client
):
    district = make_district()
    client = officer(district, "district_admin")

    form = client.get("/manage/open-data/")
    saved = client.post("/manage/open-data/", {"licence": "CC-BY-SA-4.0"}, follow=True)

    assert form.status_code == 200 and 'value="CC-BY-4.0"' in form.content.decode()
    assert says(saved, "The open data licence was saved.")
    package = host_client(district.primary_domain).get("/open-data/datapackage.json").json()
    assert [licence["name"] for licence in package["licenses"]] == ["CC-BY-SA-4.0"]


def test_the_dashboard_links_to_the_licence_for_the_administrator_only(make_district, officer):
    district = make_district()

    admin = officer(district, "district_admin").get("/manage/").content.decode()
    editor = officer(district, "editor").get("/manage/").content.decode()

    assert 'href="/manage/open-data/"' in admin
    assert 'href="/manage/open-data/"' not in editor


def test_editors_and_publishers_cannot_change_the_licence(make_district, officer):
    district = make_district()

    for role in ("editor", "publisher"):
        client = officer(district, role)
        assert client.post("/manage/open-data/", {"licence": "CC0-1.0"}).status_code == 403
    with tenant_context(district):
        assert OpenDataSettings.current().licence == "CC-BY-4.0"


def test_a_licence_not_on_the_list_is_refused_with_a_message(make_district, officer):
    district = make_district()
    client = officer(district, "district_admin")

    response = client.post("/manage/open-data/", {"licence": "ALL-RIGHTS-RESERVED"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errorlist' in page and "ALL-RIGHTS-RESERVED" in page
    with tenant_context(district):
        assert not OpenDataSettings.objects.exists()
