"""Open data fixtures: districts with content published through the real actions (the demo's
budget, imported from Excel and published as an officer would, the demo's projects and forums,
and feedback answered)."""

import pytest
from django_tenants.utils import tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.feedback import actions as feedback_actions
from district_site.forums.demo import seed as seed_demo_forums
from district_site.projects.demo import seed as seed_demo_projects

# What a citizen wrote and how to reach them: none of it may ever reach an open data file.
PRIVATE = ("Please call me at 012 345 678", "012 345 678", "citizen@example.com")


def add_feedback(district):
    with tenant_context(district):
        first = feedback_actions.receive_feedback(
            category="budget", message=PRIVATE[0], contact=PRIVATE[1]
        )
        feedback_actions.receive_feedback(category="service", message="Slow", contact=PRIVATE[2])
        feedback_actions.answer_feedback(first, reply="We will call.", publish=True, actor=None)
        return first.tracking_code


@pytest.fixture(scope="session")
def shared_published(make_district):
    """Two districts as ``published_district`` makes them, made once per test worker for the
    tests that only read them: seeding one takes seconds (an Excel import, a dozen projects),
    and the API's schema tests alone would otherwise seed one per operation."""
    return seed_published(make_district()), seed_published(make_district())


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
