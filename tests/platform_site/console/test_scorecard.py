"""The scorecard shows what each district publishes beyond pages and feedback, from the
snapshot the district's own side records."""

import csv
import io
import re

from django_tenants.utils import tenant_context

from district_site.budget.demo import seed_demo_budget
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
    row_start = body.rindex("<tr>", 0, body.index(f">{district.code}<"))
    row = body[row_start:].split("</tr>")[0]
    assert len(re.findall(r"<th[ >]", header)) == len(re.findall(r"<td[ >]", row)) == 21
