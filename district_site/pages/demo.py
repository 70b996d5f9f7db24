"""The demo districts' standing pages (``make run``): Roles and responsibilities with the
district administration's offices and what each does, in the usual structure of a Cambodian
district administration, and a line on the Contact page (whose details come from the district
profile, district_site.core.demo). Written for the demo; saved through revisions like an
officer's edit."""

from django_tenants.utils import tenant_context

from district_site.revisions import actions as revisions

from .models import Page

BY = "demo"

# (office in Khmer, in English, what it does in Khmer, in English)
OFFICES = [
    (
        "ការិយាល័យរដ្ឋបាល និងហិរញ្ញវត្ថុ",
        "Office of Administration and Finance",
        "គ្រប់គ្រងបុគ្គលិក ឯកសារ និងថវិការបស់ស្រុក រៀបចំកិច្ចប្រជុំក្រុមប្រឹក្សា និងរបាយការណ៍អនុវត្តថវិកាប្រចាំត្រីមាស។",
        "Manages the district's staff, records and budget; prepares the council's meetings and "
        "the quarterly budget execution reports.",
    ),
    (
        "ការិយាល័យផែនការ និងគាំទ្រឃុំ",
        "Office of Planning and Commune Support",
        "រៀបចំផែនការអភិវឌ្ឍន៍ និងកម្មវិធីវិនិយោគបីឆ្នាំរំកិល តាមដានគម្រោងអភិវឌ្ឍន៍ និងជួយឃុំរៀបចំគម្រោងរបស់ខ្លួន។",
        "Prepares the development plan and the three-year rolling investment programme, follows "
        "the development projects and helps communes prepare theirs.",
    ),
    (
        "ការិយាល័យច្រកចេញចូលតែមួយ",
        "One Window Service Office",
        "ទទួលពាក្យស្នើសុំ និងផ្តល់សេវារដ្ឋបាល (លិខិតអនុញ្ញាត វិញ្ញាបនបត្រ ការចុះបញ្ជី) "
        "តាមតម្លៃ និងរយៈពេលដែលបានប្រកាស ព្រមទាំងទទួលបណ្តឹងពីប្រជាពលរដ្ឋ។",
        "Receives applications and delivers administrative services (permits, certificates, "
        "registrations) at the published fees and times, and receives citizens' complaints.",
    ),
    (
        "ការិយាល័យកិច្ចការសង្គម និងសុខុមាលភាព",
        "Office of Social Affairs and Welfare",
        "គាំទ្រគ្រួសារក្រីក្រ ជនពិការ មនុស្សចាស់ និងកុមារ ព្រមទាំងសម្របសម្រួលការអប់រំកុមារតូច និងសេវាសុខភាព។",
        "Supports poor households, people with disabilities, the elderly and children, and "
        "coordinates pre-school education and health services.",
    ),
    (
        "ការិយាល័យរៀបចំដែនដី នគរូបនីយកម្ម សំណង់ និងសុរិយោដី",
        "Office of Land Management, Urban Planning, Construction and Cadastre",
        "ពិនិត្យពាក្យសុំលិខិតអនុញ្ញាតសាងសង់ ផែនការប្រើប្រាស់ដី និងសុវត្ថិភាពសំណង់។",
        "Examines building permit applications, land use plans and the safety of construction.",
    ),
    (
        "ការិយាល័យកសិកម្ម ធនធានធម្មជាតិ និងបរិស្ថាន",
        "Office of Agriculture, Natural Resources and Environment",
        "ជួយកសិករ ថែរក្សាប្រឡាយ និងធនធានធម្មជាតិ និងរៀបចំការប្រមូលសំរាម។",
        "Helps farmers, looks after canals and natural resources, and organises waste collection.",
    ),
]

ROLES_INTRO = (
    "រដ្ឋបាលស្រុកអនុវត្តសេចក្តីសម្រេចរបស់ក្រុមប្រឹក្សាស្រុក ក្រោមការដឹកនាំរបស់អភិបាលស្រុក តាមរយៈការិយាល័យខាងក្រោម។",
    "The district administration carries out the district council's decisions, led by the "
    "district governor, through the offices below.",
)
CONTACT_TEXT = (
    "សូមអញ្ជើញមកការិយាល័យច្រកចេញចូលតែមួយនៅសាលាស្រុក ឬផ្ញើមតិយោបល់តាមគេហទំព័រនេះ "
    "យើងនឹងឆ្លើយតបក្នុងរយៈពេលប្រាំពីរថ្ងៃធ្វើការ។",
    "Come to the One Window Service Office at the district hall, or send your feedback through "
    "this website: we answer within seven working days.",
)


def roles_text(language):
    """The Roles and responsibilities page's text: each office and, under it, what it does."""
    column = 0 if language == "km" else 1
    paragraphs = [ROLES_INTRO[column]]
    for office in OFFICES:
        paragraphs.append(f"{office[column]}\n{office[2 + column]}")
    return "\n\n".join(paragraphs)


def seed(district):
    """Write the demo's Roles and Contact texts where the district's pages are still empty."""
    texts = {
        "roles": (roles_text("km"), roles_text("en")),
        "contact": CONTACT_TEXT,
    }
    with tenant_context(district):
        for slug, (km, en) in texts.items():
            page = Page.objects.filter(slug=slug).first()
            if page is None or page.body_km:
                continue
            revisions.change(page, {"body_km": km, "body_en": en}, actor=BY, may_publish=True)
