"""The scorecard shows what each district publishes beyond pages and feedback, from the
snapshot the district's own side records."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.core.tasks import refresh_district_snapshot


def _csv_rows(console):
    content = console.get("/en/console/", {"format": "csv"}).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_a_published_budget_shows_on_the_scorecard_for_that_district_only(console, make_district):
    publishing, silent = make_district(), make_district()
    seed_demo_budget(publishing)
    for district in (publishing, silent):
        with tenant_context(district):
            refresh_district_snapshot()

    rows = _csv_rows(console)

    assert rows[publishing.code]["Latest budget published"] == "2026"
    assert rows[publishing.code]["Budget published on"] != ""
    assert rows[silent.code]["Latest budget published"] == ""
    assert rows[silent.code]["Pages published"] != ""


def test_the_scorecard_page_has_a_cell_for_every_column(console, make_district):
    district = make_district()
    with tenant_context(district):
        refresh_district_snapshot()

    body = console.get("/en/console/").content.decode()

    header = body[body.index("<thead>") : body.index("</thead>")]
    columns = header.split("</tr>")[1]
    row_start = body.rindex("<tr>", 0, body.index(f">{district.code}<"))
    row = body[row_start:].split("</tr>")[0]
    assert len(re.findall(r"<th[ >]", columns)) == len(re.findall(r"<t[hd][ >]", row)) == 20
    # The groups above the columns span them all.
    spans = [int(n) for n in re.findall(r'scope="colgroup" colspan="(\d+)"', header)]
    assert sum(spans) == 20 and len(spans) == 9


def test_the_sorted_column_says_so_to_screen_readers_and_only_it(console, district_a):
    body = console.get("/en/console/", {"sort": "-news_latest_at"}).content.decode()

    sorted_headings = re.findall(
        r'<th scope="col"[^>]*aria-sort="(\w+)"[^>]*><a href="([^"]+)"', body
    )
    assert sorted_headings == [("descending", "?sort=news_latest_at")]


def test_an_unknown_sort_falls_back_to_the_code(console, district_a):
    body = console.get("/en/console/", {"sort": "password"}).content.decode()

    assert re.findall(r'aria-sort="(\w+)"', body) == ["ascending"]


def test_the_csv_has_plain_local_dates(console, make_district):
    from tenants.models import DistrictBackup

    district = make_district()
    with tenant_context(district):
        refresh_district_snapshot()
    DistrictBackup.objects.create(
        district=district,
        schema_name=district.schema_name,
        name="y",
        location="/nowhere",
        status=DistrictBackup.Status.COMPLETE,
        finished_at=datetime(2026, 3, 4, 20, 30, 15, 123456, tzinfo=UTC),
    )

    row = _csv_rows(console)[district.code]

    # 20:30 UTC is already the next morning in Phnom Penh.
    assert row["Last complete backup"] == "2026-03-05 03:30"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["Pages last edited"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["Last update of any content"])


def test_last_update_moves_when_news_is_published_though_no_page_changed(console, make_district):
    from district_site.news.models import NewsPost
    from district_site.pages.models import Page
    from district_site.revisions import actions as revisions

    district = make_district()
    month_ago = timezone.now() - timedelta(days=30)
    with tenant_context(district):
        Page.objects.update(updated_at=month_ago)
        refresh_district_snapshot()
    before = _csv_rows(console)[district.code]["Last update of any content"]
    with tenant_context(district):
        revisions.create(
            NewsPost(
                title_km="ព័ត៌មាន", body_km="អត្ថបទ", is_published=True, publish_at=timezone.now()
            ),
            actor="officer@example.org",
            announce=False,
        )
        refresh_district_snapshot()

    after = _csv_rows(console)[district.code]

    assert before == timezone.localdate(month_ago).isoformat()
    assert after["Last update of any content"] == timezone.localdate().isoformat()
    assert after["Pages last edited"] == before


def test_the_chart_counts_the_districts_of_each_province_that_publish_on_time(
    console, make_district
):
    publishing, silent = make_district(), make_district()
    seed_demo_budget(publishing)
    for district in (publishing, silent):
        with tenant_context(district):
            refresh_district_snapshot()

    body = console.get("/en/console/").content.decode()

    descriptions = dict(
        re.findall(
            r"<figcaption>([^<]+?) province: \d+ districts?</figcaption>"
            r".*?<desc[^>]*>([^<]*)</desc>",
            body,
            re.S,
        )
    )
    assert publishing.province_name_en in descriptions
    budget = re.search(
        r"This year\S* budget published: (\d+) of (\d+)", descriptions[publishing.province_name_en]
    )
    assert budget is not None
    assert int(budget.group(1)) >= 1


def test_the_scorecard_reads_in_khmer_with_khmer_month_names(console, make_district):
    district = make_district()
    with tenant_context(district):
        refresh_district_snapshot()

    body = console.get("/console/").content.decode()

    assert "ឆ្នាំថវិកាចុងក្រោយដែលបានផ្សព្វផ្សាយ" in body  # the budget year's full heading
    month = _KHMER_MONTHS[timezone.localdate().month - 1]
    row = body[body.index(f">{district.code}<") :].split("</tr>")[0]
    assert month in row


_KHMER_MONTHS = [
    "មករា",
    "កុម្ភះ",
    "មិនា",
    "មេសា",
    "ឧសភា",
    "មិថុនា",
    "កក្កដា",
    "សីហា",
    "កញ្ញា",
    "តុលា",
    "វិច្ឆិកា",
    "ធ្នូ",
]
