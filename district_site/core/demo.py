"""The demo districts' contact details (``make run``): what a complete district site shows in
its footer and on its Contact page. Office hours and the address are INVENTED for the demo, in
the usual form of a district hall's; the map link points at the district's first commune centre
in the gazetteer; no phone number is made up (an invented number could be someone's). The
Facebook link searches Facebook for the district's pages rather than naming one: a made-up page
address could be somebody else's."""

from urllib.parse import quote

from django_tenants.utils import tenant_context

from tenants.gazetteer.models import AdministrativeUnit

from . import actions
from .models import DistrictProfile

BY = "demo"


def demo_profile(district):
    """The contact details a demo district is given, as update_profile takes them."""
    commune = (
        AdministrativeUnit.objects.filter(
            parent_id=district.code,
            level=AdministrativeUnit.Level.COMMUNE,
            latitude__isnull=False,
        )
        .order_by("code")
        .first()
    )
    details = {
        "office_hours_km": (
            "ថ្ងៃចន្ទ ដល់ថ្ងៃសុក្រ ម៉ោង ៧:៣០–១១:៣០ និង ១៤:០០–១៧:០០ · ច្រកចេញចូលតែមួយ ថ្ងៃសៅរ៍ ម៉ោង ៨:០០–១១:០០"
        ),
        "office_hours_en": (
            "Monday to Friday 7:30–11:30 and 14:00–17:00 · "
            "One Window Service Office on Saturdays 8:00–11:00"
        ),
        "address_km": (
            f"សាលាស្រុក{district.name_km} ខេត្ត{district.province_name_km}"
            + (f" (ឃុំ{commune.name_km})" if commune else "")
        ),
        "address_en": (
            f"{district.name_en} district hall, {district.province_name_en} province"
            + (f" ({commune.name_latin} commune)" if commune else "")
        ),
        "email": f"info@{district.slug}.demo.srok",
        "facebook_url": "https://www.facebook.com/search/pages/?q="
        + quote(f"{district.name_en} district administration"),
    }
    if commune is not None:
        lat, lon = commune.latitude, commune.longitude
        details["map_url"] = (
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=14/{lat}/{lon}"
        )
    return details


def seed(district):
    """Fill the demo district's contact details once; details an officer set are kept."""
    with tenant_context(district):
        profile = DistrictProfile.objects.first()
        if profile is not None and (profile.office_hours_km or profile.address_km):
            return
        actions.update_profile(actor=BY, **demo_profile(district))
