"""Officers read how their site is read: visits per page and per week, and the searches that
found nothing, on a console page every officer may open (and a line on the console's home);
citizens and other districts' officers never see it."""

from district_site.visits import counting

from ..conftest import says


def test_an_officer_reads_visits_per_page_and_week_and_the_fruitless_searches(
    make_district, host_client, officer
):
    district = make_district()
    citizen = host_client(district.primary_domain)
    for _view in range(3):
        citizen.get("/en/")
    citizen.get("/en/search/", {"q": "ferry timetable"})
    counting.flush()
    editor = officer(district, "editor")

    page = editor.get("/manage/visits/")

    body = page.content.decode()
    assert page.status_code == 200 and says(page, "How the site is read")
    assert '<a href="/en/">/en/</a></th><td>3</td>' in body
    assert "<td>ferry timetable</td><td>1</td>" in body
    home = editor.get("/manage/")
    assert says(home, "Visits per page and the searches that found nothing")
    assert 'href="/manage/visits/"' in home.content.decode()


def test_the_report_is_for_officers_of_the_district_only(make_district, host_client, officer):
    district_a, district_b = make_district(), make_district()
    host_client(district_a.primary_domain).get("/en/search/", {"q": "secret mango"})
    counting.flush()

    assert host_client(district_a.primary_domain).get("/manage/visits/").status_code == 302
    assert (
        "secret mango" not in officer(district_b, "editor").get("/manage/visits/").content.decode()
    )
