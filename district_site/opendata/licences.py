"""The open licences a district may publish its data under. Identifiers are SPDX's, as DCAT
harvesters and Frictionless tools expect them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-By-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
TITLES = {
    "CC-BY-4.0": "Creative Commons Attribution 4.0",
    "CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0",
    "CC0-1.0": "Creative Commons Zero 1.0 (public domain)",
    "ODC-By-1.0": "Open Data Commons Attribution 1.0",
    "ODbL-1.0": "Open Data Commons Open Database License 1.0",
}


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (reuse with credit to the district)")
    CC_BY_SA = (
        "CC-BY-SA-4.0",
        _("Creative Commons Attribution-ShareAlike 4.0 (reuse with credit, share alike)"),
    )
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0 (public domain, no conditions)")
    ODC_BY = "ODC-By-1.0", _("Open Data Commons Attribution 1.0 (reuse with credit)")
    ODBL = "ODbL-1.0", _("Open Data Commons Open Database Licence 1.0 (credit, share alike)")


DEFAULT = Licence.CC_BY


def describe(identifier):
    """The licence as data files name it: SPDX identifier, English title (the official one) and
    the address of its text."""
    return {"name": identifier, "title": TITLES[identifier], "path": URLS[identifier]}
