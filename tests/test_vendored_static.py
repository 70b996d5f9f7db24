"""The browser libraries and the font we serve are the npm packages package-lock.json pins,
copied unchanged into static/ (the servers run without npm: only Python is assumed)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# static/ file -> (npm package, file inside it)
COPIES = {
    "vendor/leaflet/leaflet.js": ("leaflet", "dist/leaflet.js"),
    "vendor/leaflet/leaflet.css": ("leaflet", "dist/leaflet.css"),
    "vendor/leaflet.markercluster/leaflet.markercluster.js": (
        "leaflet.markercluster",
        "dist/leaflet.markercluster.js",
    ),
    "vendor/leaflet.markercluster/MarkerCluster.css": (
        "leaflet.markercluster",
        "dist/MarkerCluster.css",
    ),
    "vendor/leaflet.markercluster/MarkerCluster.Default.css": (
        "leaflet.markercluster",
        "dist/MarkerCluster.Default.css",
    ),
    "vendor/trix/trix.umd.min.js": ("trix", "dist/trix.umd.min.js"),
    "vendor/trix/trix.umd.min.js.map": ("trix", "dist/trix.umd.min.js.map"),
    "vendor/trix/LICENSE.txt": ("trix", "LICENSE"),
    "fonts/noto-sans-khmer-khmer-400-normal.woff2": (
        "@fontsource/noto-sans-khmer",
        "files/noto-sans-khmer-khmer-400-normal.woff2",
    ),
}


def _locked():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return {
        path.removeprefix("node_modules/"): p["version"]
        for path, p in lock["packages"].items()
        if path
    }


def test_every_served_package_is_pinned_exactly_and_locked():
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    locked = _locked()

    for package, _file in COPIES.values():
        assert wanted[package] == locked[package], package
        assert wanted[package][0].isdigit(), f"{package} is not pinned exactly"


def test_the_leaflet_copy_names_the_locked_version():
    """Checked without node_modules too: the copy's own header names its version."""
    header = (ROOT / "static/vendor/leaflet/leaflet.js").read_text()[:200]

    assert f"Leaflet {_locked()['leaflet']}," in header


def test_the_trix_copy_names_the_locked_version():
    """The rich text editor's copy (core/richtext.py) names its version in its first line."""
    header = (ROOT / "static/vendor/trix/trix.umd.min.js").read_text()[:100]

    assert f"Trix {_locked()['trix']}\n" in header


@pytest.mark.parametrize("served", list(COPIES))
def test_the_served_file_is_the_npm_packages_own(served):
    package, inside = COPIES[served]
    original = ROOT / "node_modules" / package / inside
    if not original.exists():
        pytest.skip("node_modules is not installed: run `npm ci`")

    assert (ROOT / "static" / served).read_bytes() == original.read_bytes()
