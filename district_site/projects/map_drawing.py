"""The projects map, drawn on the server as SVG so it shows without network tiles or script.

The gazetteer has no commune or district boundaries, only each commune's centre. The honest
outline is therefore the box around this district's commune centres and project points, with
a margin, labelled as such; commune centres are drawn as named dots to orient the reader.
A degree of longitude is shorter than a degree of latitude away from the equator, so x is
scaled by cos(latitude) to keep distances true.

The drawing is 320 units wide, so a 360-px phone shows it at about its own size: commune names
at 14 units stay above 12 px, and each project point's tap area (a 28-unit circle around the
visible mark) above 24 px (WCAG 2.2, 2.5.8). A commune's name goes on whichever side of its dot
stays inside the drawing and clear of the project points and names already placed.

Where script and tiles load, static/projects-map.js puts a Leaflet street map in its place."""

import math
from dataclasses import dataclass

WIDTH = 320  # no wider than a 360-px phone's column, so the drawing is never shrunk there
MARGIN = 24  # pixels between the outline and the outermost point
LABEL_SIZE = 14  # commune names' font size
TAP_RADIUS = 14  # a project point's tap area
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
        "communes": _communes(
            communes, at, [at(float(p.latitude), float(p.longitude)) for p in placed], width, height
        ),
        "projects": [
            {"project": p, "at": at(float(p.latitude), float(p.longitude))} for p in placed
        ],
        "label_size": LABEL_SIZE,
        "tap_radius": TAP_RADIUS,
        "bounds": {"south": south, "north": north, "west": west, "east": east},
    }


def _label_width(name):
    # Khmer clusters and Latin letters average about 0.6 em at this size; generous on purpose.
    return len(name) * LABEL_SIZE * 0.6


def _overlaps(box, other):
    return not (
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
    )


def _communes(communes, at, project_points, width, height):
    """Commune centres with their names placed clear of the project points, of each other and
    of the drawing's edges: right, left, above or below the dot, the first that fits."""
    taken = [
        (p.x - TAP_RADIUS, p.y - TAP_RADIUS, p.x + TAP_RADIUS, p.y + TAP_RADIUS)
        for p in project_points
    ]
    placed = []
    for code, name, lat, lon in communes:
        point = at(lat, lon)
        label = _place_label(name, point, taken, width, height)
        taken.append(label["box"])
        placed.append({"code": code, "name": name, "at": point, **label})
    return placed


def _place_label(name, point, taken, width, height):
    w, h = _label_width(name), LABEL_SIZE
    x, y = point.x, point.y
    # (text x, baseline y, anchor, box) for each side of the dot.
    sides = [
        (x + 5, y + h / 3, "start", (x + 5, y - h * 2 / 3, x + 5 + w, y + h / 3)),
        (x - 5, y + h / 3, "end", (x - 5 - w, y - h * 2 / 3, x - 5, y + h / 3)),
        (x, y - 6, "middle", (x - w / 2, y - 6 - h, x + w / 2, y - 6)),
        (x, y + 6 + h, "middle", (x - w / 2, y + 6, x + w / 2, y + 6 + h)),
    ]

    def inside(box):
        return box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height

    def clear(box):
        return inside(box) and not any(_overlaps(box, other) for other in taken)

    # Clear of everything if a side is; else at least whole inside the drawing.
    label_x, label_y, anchor, box = next(
        (side for side in sides if clear(side[3])),
        next((side for side in sides if inside(side[3])), sides[0]),
    )
    return {
        "label_x": round(label_x, 1),
        "label_y": round(label_y, 1),
        "anchor": anchor,
        "box": box,
    }
