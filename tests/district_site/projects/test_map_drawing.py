"""The server-drawn projects map: commune names never sit on a project point nor run off the
drawing (on a phone "Koub" once showed as "oub", under a marker)."""

from decimal import Decimal
from types import SimpleNamespace

from district_site.projects import map_drawing


def _project(lat, lon):
    return SimpleNamespace(has_point=True, latitude=Decimal(lat), longitude=Decimal(lon))


def _overlaps(box, other):
    return not (
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
    )


def test_commune_names_stay_inside_the_drawing_and_clear_of_project_points():
    # A project just right of Koub's centre, and Koub on the drawing's western edge.
    projects = [_project("13.600", "102.905"), _project("13.650", "103.000")]
    communes = [
        ("010101", "Koub", 13.600, 102.900),
        ("010102", "Ou Chrov", 13.650, 102.995),
        ("010103", "ពោធិ៍ជ្រៃ", 13.560, 102.950),
    ]

    drawing = map_drawing.draw(projects, communes)

    points = [p["at"] for p in drawing["projects"]]
    radius = map_drawing.TAP_RADIUS
    taps = [(p.x - radius, p.y - radius, p.x + radius, p.y + radius) for p in points]
    for commune in drawing["communes"]:
        box = commune["box"]
        assert box[0] >= 0 and box[2] <= drawing["width"], commune["name"]
        assert not any(_overlaps(box, tap) for tap in taps), commune["name"]
    # Right of Koub's dot is the project: its name goes elsewhere.
    assert drawing["communes"][0]["anchor"] != "start"


def test_the_drawing_is_no_wider_than_a_phones_column():
    drawing = map_drawing.draw([_project("13.6", "102.9")], [("1", "A", 13.7, 103.1)])

    assert drawing["width"] <= 320
    assert map_drawing.LABEL_SIZE >= 12 and map_drawing.TAP_RADIUS * 2 >= 24
