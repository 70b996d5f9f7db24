"""The governor and council members: officers add them with role, term and photo in the
console; citizens read the published ones at /council/, linked from every page's menu."""

from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context
from PIL import Image

from district_site.council.models import CouncilMember
from district_site.revisions.models import Revision

from ..conftest import phone_photo, says, upload

GOVERNOR = {
    "name_km": "សុខ សុភា",
    "name_en": "Sok Sophea",
    "role_km": "អភិបាលស្រុក",
    "role_en": "District governor",
    "term_start": "2022-06-05",
    "term_end": "",
    "order": "1",
}


def _members(district):
    with tenant_context(district):
        return list(CouncilMember.objects.all())


def _wait_for_photo(district, pk, timeout=30):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tenant_context(district):
            member = CouncilMember.objects.get(pk=pk)
        if member.has_photo:
            return member
        time.sleep(0.05)
    raise AssertionError("the council photo was not processed")


def test_an_editor_adds_a_member_as_a_draft_and_a_publisher_publishes_it(
    make_district, officer, host_client
):
    district = make_district()
    editor = officer(district, "editor")
    citizen = host_client(district.primary_domain)

    response = editor.post("/manage/council/new/", GOVERNOR)

    [member] = _members(district)
    assert response.status_code == 302 and response["Location"] == f"/manage/council/{member.pk}/"
    assert not member.is_published
    assert "Sok Sophea" not in citizen.get("/en/council/").content.decode()
    assert editor.post(f"/manage/council/{member.pk}/publish/").status_code == 403
    officer(district, "publisher").post(f"/manage/council/{member.pk}/publish/")
    page = citizen.get("/en/council/").content.decode()
    assert "Sok Sophea" in page and "District governor" in page and "5 June 2022" in page
    assert "សុខ សុភា" in citizen.get("/council/").content.decode()
    with tenant_context(district):
        assert set(
            Revision.objects.filter(
                object_id=member.pk, content_type__model="councilmember"
            ).values_list("action", flat=True)
        ) == {"created", "published"}


def test_the_site_menu_links_to_the_council_page(make_district, host_client):
    district = make_district()

    body = host_client(district.primary_domain).get("/en/").content.decode()

    assert 'href="/en/council/"' in body


def test_members_appear_in_their_order_and_former_members_apart(
    make_district, officer, host_client
):
    district = make_district()
    publisher = officer(district, "publisher")
    for fields in (
        {**GOVERNOR, "name_en": "Second Person", "order": "5"},
        {**GOVERNOR, "name_en": "First Person", "order": "1"},
        {**GOVERNOR, "name_en": "Old Chair", "term_start": "2017-06-05", "term_end": "2022-06-04"},
    ):
        publisher.post("/manage/council/new/", fields)
    for member in _members(district):
        publisher.post(f"/manage/council/{member.pk}/publish/")

    body = host_client(district.primary_domain).get("/en/council/").content.decode()

    assert body.index("First Person") < body.index("Second Person") < body.index("Old Chair")
    former = body.split("<h2>Former members</h2>")[1]
    assert "Old Chair" in former and "First Person" not in former


def test_bad_input_gets_a_message_per_field_and_nothing_is_saved(make_district, officer):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post(
        "/manage/council/new/",
        {**GOVERNOR, "name_km": "", "term_start": "5 June", "photo": upload(b"not a photo")},
    )

    assert response.status_code == 200
    assert says(response, "Write the person's name in Khmer.")
    assert says(response, "Write the date as on a calendar, such as 2022-06-05.")
    assert says(response, "This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
    assert _members(district) == []
    ended_first = editor.post(
        "/manage/council/new/", {**GOVERNOR, "term_start": "2022-06-05", "term_end": "2021-01-01"}
    )
    assert says(ended_first, "The term cannot end before it starts.")
    assert _members(district) == []


def test_the_photo_is_re_encoded_by_the_photo_task_without_its_camera_data(
    photo_worker, make_district, officer, host_client
):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/council/new/", {**GOVERNOR, "photo": upload(phone_photo(900, 1200))})
    [member] = _members(district)
    publisher.post(f"/manage/council/{member.pk}/publish/")

    member = _wait_for_photo(district, member.pk)

    assert (member.photo_width, member.photo_height) == (900, 1200)
    assert not member.photo_original
    with tenant_context(district):
        for name in member.photo_renditions.values():
            with default_storage.open(name) as stored, Image.open(stored) as image:
                assert image.format == "JPEG"
                assert not image.getexif()
    body = host_client(district.primary_domain).get("/en/council/").content.decode()
    assert member.photo_src in body and 'alt="Sok Sophea"' in body


def test_an_editor_cannot_change_a_published_members_photo(photo_worker, make_district, officer):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/council/new/", GOVERNOR)
    [member] = _members(district)
    publisher.post(f"/manage/council/{member.pk}/publish/")
    editor = officer(district, "editor")

    response = editor.post(
        f"/manage/council/{member.pk}/", {**GOVERNOR, "photo": upload(phone_photo())}, follow=True
    )

    assert says(
        response, "Only a publisher or the district administrator can change a published photo."
    )
    [member] = _members(district)
    assert not member.photo_original and not member.has_photo


def test_the_console_lists_an_empty_council_page_as_something_to_do(make_district, officer):
    district = make_district()
    client = officer(district, "editor")

    response = client.get("/manage/")

    assert says(response, "The council page is empty: add the governor and the council members")
    assert 'href="/manage/council/"' in response.content.decode()


def test_district_as_members_never_show_on_bs_site_or_console(make_district, officer, host_client):
    district_a, district_b = make_district(), make_district()
    publisher_a = officer(district_a, "publisher")
    publisher_a.post("/manage/council/new/", GOVERNOR)
    [member] = _members(district_a)
    publisher_a.post(f"/manage/council/{member.pk}/publish/")
    publisher_b = officer(district_b, "publisher")

    assert (
        "Sok Sophea"
        not in host_client(district_b.primary_domain).get("/en/council/").content.decode()
    )
    assert "សុខ សុភា" not in publisher_b.get("/manage/council/").content.decode()
    assert publisher_b.get(f"/manage/council/{member.pk}/").status_code == 404


def test_citizens_find_a_published_member_by_name_in_search(make_district, officer, host_client):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/council/new/", GOVERNOR)
    [member] = _members(district)
    citizen = host_client(district.primary_domain)

    before = citizen.get("/en/search/", {"q": "Sophea"}).content.decode()
    publisher.post(f"/manage/council/{member.pk}/publish/")
    after = citizen.get("/en/search/", {"q": "Sophea"}).content.decode()

    assert f"/en/council/#member-{member.pk}" not in before
    assert f"/en/council/#member-{member.pk}" in after
