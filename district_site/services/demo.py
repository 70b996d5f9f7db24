"""Demo One Window Service list for ``make run``. Fees and times are illustrative, not an
official fee schedule: a real district copies its own list."""

from district_site.content.demo import create_published, from_row, seed_once

from .models import Service

BY = "Srok"  # the author the revisions name: the platform, as for default pages
OFFICE_KM, OFFICE_EN = "ការិយាល័យច្រកចេញចូលតែមួយ", "One Window Service Office"

# (name km, name en, fee in riel, time km, time en, documents km, documents en)
FIELDS = (
    "name_km",
    "name_en",
    "fee_riel",
    "processing_time_km",
    "processing_time_en",
    "documents_km",
    "documents_en",
)
SERVICES = [
    (
        "ការចុះបញ្ជីអាជីវកម្មខ្នាតតូច",
        "Registration of a small business",
        50000,
        "៥ ថ្ងៃធ្វើការ",
        "5 working days",
        "អត្តសញ្ញាណប័ណ្ណ\nរូបថត ៤x៦ ចំនួន ២ សន្លឹក\nប្លង់ទីតាំងអាជីវកម្ម",
        "Identity card\nTwo 4x6 photos\nMap of the business location",
    ),
    (
        "លិខិតអនុញ្ញាតសាងសង់សំណង់ខ្នាតតូច",
        "Permit for a small construction",
        100000,
        "១៥ ថ្ងៃធ្វើការ",
        "15 working days",
        "ប្លង់សំណង់\nប័ណ្ណកម្មសិទ្ធិដី\nអត្តសញ្ញាណប័ណ្ណ",
        "Construction plan\nLand title\nIdentity card",
    ),
    (
        "ការបញ្ជាក់ច្បាប់ចម្លងឯកសារ",
        "Certified copy of a document",
        4000,
        "ក្នុងថ្ងៃតែមួយ",
        "Same day",
        "ឯកសារដើម\nច្បាប់ចម្លង",
        "The original\nThe copy",
    ),
    (
        "ការចុះបញ្ជីកំណើត",
        "Birth registration",
        0,
        "ក្នុងថ្ងៃតែមួយ",
        "Same day",
        "លិខិតបញ្ជាក់កំណើតពីមន្ទីរពេទ្យ ឬឆ្មប\nសៀវភៅគ្រួសារ",
        "Birth notice from the hospital or midwife\nFamily book",
    ),
]


def seed(district):
    """Publish the demo services once; a district that has any services is left alone."""

    def fill():
        for position, row in enumerate(SERVICES):
            service = from_row(
                Service, FIELDS, row, office_km=OFFICE_KM, office_en=OFFICE_EN, position=position
            )
            create_published(service, actor=BY)

    seed_once(district, Service, fill)
