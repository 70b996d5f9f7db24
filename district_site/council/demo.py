"""The demo districts' governor and council (``make run``): INVENTED names, the usual offices
of a district (a governor, deputy governors, the council's chair and members), each with a
portrait DRAWN here (no photo of a real person is shipped or made up): a silhouette on a
coloured ground, told apart by colour. Saved through the same actions as an officer's work, so
the photos are resized by the photo task like any upload."""

from datetime import date

from PIL import Image, ImageDraw

from district_site.content.demo import create_published, from_row, jpeg, seed_once

from . import actions
from .models import CouncilMember

BY = "demo"
# (name km, name en, role km, role en, colour of the portrait's ground)
FIELDS = ("name_km", "name_en", "role_km", "role_en")
MEMBERS = [
    ("លោក សុខ វិចិត្រ", "Sok Vichet", "អភិបាលស្រុក", "District governor", (70, 110, 160)),
    ("លោកស្រី ចាន់ សុភា", "Chan Sophea", "អភិបាលរងស្រុក", "Deputy governor", (120, 90, 150)),
    ("លោក ហេង សំណាង", "Heng Samnang", "អភិបាលរងស្រុក", "Deputy governor", (60, 130, 110)),
    (
        "លោក ពៅ វណ្ណា",
        "Pov Vanna",
        "ប្រធានក្រុមប្រឹក្សាស្រុក",
        "Chair of the district council",
        (150, 100, 60),
    ),
    (
        "លោកស្រី មាស ស្រីមុំ",
        "Meas Sreymom",
        "សមាជិកក្រុមប្រឹក្សាស្រុក",
        "District council member",
        (160, 80, 90),
    ),
    ("លោក គឹម ដារ៉ា", "Kim Dara", "សមាជិកក្រុមប្រឹក្សាស្រុក", "District council member", (90, 120, 70)),
]
TERM_START = date(2024, 6, 1)  # the mandate of the district councils elected in 2024


def portrait(colour):
    """A head-and-shoulders silhouette, 600 × 750, on a ground of ``colour``."""
    image = Image.new("RGB", (600, 750), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 90) for c in colour)
    draw.ellipse([190, 150, 410, 400], fill=light)
    draw.ellipse([90, 430, 510, 900], fill=light)
    return jpeg(image, "portrait.jpg")


def seed(district):
    """Publish the demo council once; a district that has any member is left alone."""

    def fill():
        for order, (*row, colour) in enumerate(MEMBERS, 1):
            member = from_row(CouncilMember, FIELDS, row, term_start=TERM_START, order=order)
            create_published(member, actions.create_member, photo=portrait(colour), actor=BY)

    seed_once(district, CouncilMember, fill)
