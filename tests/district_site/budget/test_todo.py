"""The console's "what needs doing" asks for the execution report of the quarter that ended
last, once that year's budget is public."""

import datetime

from django.utils import translation
from django_tenants.utils import tenant_context

from district_site.budget import actions, todo

from .conftest import upload, workbook_bytes


def _due(district, today):
    with tenant_context(district), translation.override("en"):
        return [(item.text, item.url) for item in todo._execution_due(today)]


def test_the_report_of_the_last_ended_quarter_is_asked_for_until_it_is_published(draft):
    district, budget = draft(2026)
    with tenant_context(district):
        actions.import_budget(budget, upload(workbook_bytes(district, 2026)), actor="t")
    november = datetime.date(2026, 11, 27)
    before_publication = _due(district, november)
    with tenant_context(district):
        actions.publish_budget(budget, actor="t")

    asked = _due(district, november)
    with tenant_context(district):
        actions.publish_execution(budget, 3, actor="t")  # the file's amounts stop at quarter 2

    assert before_publication == []
    assert asked == [
        ("Execution report for quarter 3 of 2026 not published", "/manage/budget/2026/")
    ]
    assert _due(district, november) == []
    assert _due(district, datetime.date(2027, 1, 15)) == [
        ("Execution report for quarter 4 of 2026 not published", "/manage/budget/2026/")
    ]
