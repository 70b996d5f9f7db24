"""Open data fixtures: districts with content published through the real actions (the demo's
budget, imported from Excel and published as an officer would, the demo's projects and forums,
and feedback answered)."""

import pytest
from django_tenants.utils import tenant_context

from district_site.budget.demo import seed_demo_budget
from district_site.feedback import actions as feedback_actions
from district_site.forums.demo import seed_demo_forums
from district_site.projects.demo import seed_demo_projects

# What a citizen wrote and how to reach them: none of it may ever reach an open data file.
PRIVATE = ("Please call me at 012 345 678", "012 345 678", "citizen@example.com")


def add_feedback(district):
    with tenant_context(district):
        first = feedback_actions.receive_feedback(
            category="budget", message=PRIVATE[0], contact=PRIVATE[1]
        )
        feedback_actions.receive_feedback(category="service", message="Slow", contact=PRIVATE[2])
        feedback_actions.answer_feedback(first, reply="We will call.", publish=True, by=None)
        return first.tracking_code


@pytest.fixture
def published_district(make_district):
    """A district with the demo's two budget years (three published versions), its dozen
    projects (eleven with a point), its two forums (one held, one announced) and feedback."""

    def make():
        return seed_published(make_district())

    return make


def seed_published(district):
    """Publish the demo's content in ``district``, as ``published_district`` describes."""
    seed_demo_budget(district)
    seed_demo_projects(district)
    seed_demo_forums(district)
    district.tracking_code = add_feedback(district)
    return district
