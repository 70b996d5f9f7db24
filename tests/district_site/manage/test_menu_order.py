"""Publishers set the order of the pages in the site's menu from the console."""

from django_tenants.utils import tenant_context

from district_site.pages.models import Page


def _menu(district):
    with tenant_context(district):
        return list(Page.objects.in_menu().values_list("slug", flat=True))


def _pk(district, slug):
    with tenant_context(district):
        return Page.objects.get(slug=slug).pk


def test_a_publisher_moves_a_page_up_the_menu_and_citizens_see_the_new_order(
    make_district, officer, host_client
):
    district = make_district()
    publisher = officer(district, "publisher")
    citizen = host_client(district.primary_domain)
    citizen.get("/en/")  # cached with the old order
    assert _menu(district) == ["about", "roles", "contact"]

    publisher.post(f"/manage/pages/{_pk(district, 'contact')}/move/up/")

    assert _menu(district) == ["about", "contact", "roles"]
    body = citizen.get("/en/").content.decode()
    assert body.index("/en/p/contact/") < body.index("/en/p/roles/")


def test_moving_the_last_page_down_changes_nothing(make_district, officer):
    district = make_district()
    publisher = officer(district, "publisher")

    publisher.post(f"/manage/pages/{_pk(district, 'contact')}/move/down/")

    assert _menu(district) == ["about", "roles", "contact"]


def test_an_editor_cannot_reorder_the_menu(make_district, officer):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post(f"/manage/pages/{_pk(district, 'contact')}/move/up/")

    assert response.status_code == 403
    assert _menu(district) == ["about", "roles", "contact"]


def test_a_direction_other_than_up_or_down_is_not_found(make_district, officer):
    district = make_district()
    publisher = officer(district, "publisher")

    assert (
        publisher.post(f"/manage/pages/{_pk(district, 'about')}/move/sideways/").status_code == 404
    )


def test_a_move_skips_pages_kept_out_of_the_menu(make_district, officer):
    """The home page sits first but out of the menu: moving the first menu page up does
    nothing, rather than swapping it with a page citizens never see in the menu."""
    district = make_district()
    publisher = officer(district, "publisher")
    with tenant_context(district):
        before = list(Page.objects.values_list("slug", flat=True))

    publisher.post(f"/manage/pages/{_pk(district, 'about')}/move/up/")

    with tenant_context(district):
        assert list(Page.objects.values_list("slug", flat=True)) == before == [
            "home", "about", "roles", "contact"
        ]  # fmt: skip
    assert _menu(district) == ["about", "roles", "contact"]
