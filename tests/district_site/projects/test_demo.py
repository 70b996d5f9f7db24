"""The demo districts get a dozen real-looking projects in their own communes."""

from django_tenants.utils import tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.projects.demo import seed as seed_demo_projects
from district_site.projects.models import Project

from .conftest import communes


def test_a_demo_district_gets_a_dozen_published_projects_in_its_own_communes(
    host_client, make_district
):
    district = make_district()
    seed_demo_budget(district)

    seed_demo_projects(district)
    seed_demo_projects(district)  # a second run changes nothing

    own = {code for code, _km, _latin in communes(district)}
    with tenant_context(district):
        projects = list(Project.objects.all())
        assert all(project.updates.exists() for project in projects if project.progress)
    assert len(projects) == 12 and all(project.is_published for project in projects)
    assert {project.commune_code for project in projects} <= own
    assert sum(1 for project in projects if project.budget_line_key) >= 3
    assert len({project.status for project in projects}) == 4
    page = host_client(district.primary_domain).get("/en/projects/map/").content.decode()
    assert page.count("data-code=") == sum(1 for p in projects if p.has_point)
