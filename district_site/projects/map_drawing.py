"""The projects map, drawn on the server as SVG so it shows without network tiles or script.

The gazetteer has no commune or district boundaries, only each commune's centre. The honest
outline is therefore the box around this district's commune centres and project points, with
a margin, labelled as such; commune centres are drawn as named dots to orient the reader.
A degree of longitude is shorter than a degree of latitude away from the equator, so x is
scaled by cos(latitude) to keep distances true."""

import math
from dataclasses import dataclass

WIDTH = 360  # a phone's width: labels stay readable without zooming
MARGIN = 24  # pixels between the outline and the outermost point
PAD_DEGREES = 0.01  # the outline's margin around the outermost point, about 1 km


@dataclass
class Point:
    x: float
    y: float


def _frame(points):
    """(south, north, west, east) of ``points`` [(lat, lon)], padded."""
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    return (
        min(lats) - PAD_DEGREES,
        max(lats) + PAD_DEGREES,
        min(lons) - PAD_DEGREES,
        max(lons) + PAD_DEGREES,
    )


def draw(projects, communes):
    """Geometry for the template: the outline, commune centres, one point per project with
    coordinates. ``communes`` is [(code, name, lat, lon)]. None when nothing has a place."""
    placed = [p for p in projects if p.has_point]
    points = [(float(p.latitude), float(p.longitude)) for p in placed]
    points += [(lat, lon) for _code, _name, lat, lon in communes]
    if not points:
        return None
    south, north, west, east = _frame(points)
    x_scale = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * x_scale, north - south
    inner = WIDTH - 2 * MARGIN
    scale = inner / max(span_x, span_y)
    height = round(span_y * scale + 2 * MARGIN)
    width = round(span_x * scale + 2 * MARGIN) if span_x >= span_y else WIDTH

    def at(lat, lon):
        return Point(
            x=round(MARGIN + (lon - west) * x_scale * scale, 1),
            y=round(MARGIN + (north - lat) * scale, 1),
        )

    return {
        "width": width,
        "height": height + 20,  # room for the outline's label below it
        "outline": {
            "x": MARGIN,
            "y": MARGIN,
            "width": round(span_x * scale, 1),
            "height": round(span_y * scale, 1),
            "label_y": height + 12,
        },
        "communes": [
            _commune(code, name, at(lat, lon), width) for code, name, lat, lon in communes
        ],
        "projects": [
            {"project": p, "at": at(float(p.latitude), float(p.longitude))} for p in placed
        ],
        "bounds": {"south": south, "north": north, "west": west, "east": east},
    }


def _commune(code, name, point, width):
    """A commune centre, its name on whichever side leaves room for it inside the drawing."""
    right = point.x < width * 0.6
    return {
        "code": code,
        "name": name,
        "at": point,
        "label_x": round(point.x + 4 if right else point.x - 4, 1),
        "anchor": "start" if right else "end",
    }
