"""Every type of citizen page, in one list, and a district with content on each of them.

The accessibility test (tests/browser/test_accessibility.py), the HTML validity test
(tests/district_site/test_html.py), the sharing test (tests/district_site/core/test_sharing.py)
and the security headers test (tests/platform_site/test_security_headers.py) all visit
CITIZEN_PAGES, in Khmer and in English. A new app adds its pages with one line each;
a page about one item names it with a {placeholder} that ``seed_citizen_site`` fills."""

from datetime import date, timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.content.photos import finish
from district_site.core import actions as core_actions
from district_site.core.models import DistrictProfile
from district_site.council import actions as council_actions
from district_site.council.models import CouncilMember
from district_site.documents.demo import seed as seed_demo_documents
from district_site.feedback import actions as feedback_actions
from district_site.forums import actions as forum_actions
from district_site.forums.demo import seed as seed_demo_forums
from district_site.forums.models import Forum, ForumPhoto
from district_site.news import actions as news_actions
from district_site.news.models import NewsPhoto, NewsPost
from district_site.projects import actions as project_actions
from district_site.projects.demo import seed as seed_demo_projects
from district_site.projects.models import Project, ProjectPhoto
from district_site.revisions import actions as revisions
from district_site.services.models import Service
from tests.district_site.conftest import phone_photo, upload

CITIZEN_PAGES = [
    "/",
    "/p/about/",
    "/p/roles/",
    "/p/contact/",
    "/p/accessibility/",
    "/p/privacy/",
    "/council/",
    "/news/",
    "/news/{news_post}/",
    "/services/",
    "/budget/",
    "/budget/{budget_year}/",
    "/budget/{budget_year}/programme/{programme}/",
    "/budget/{budget_year}/versions/",
    "/projects/",
    "/projects/{project}/",
    "/projects/map/",
    "/documents/",
    "/forums/",
    "/forums/{forum}/",
    "/feedback/",
    "/feedback/track/{tracking_code}/",
    "/feedback/answers/",
    "/search/?q=អូរជ្រៅ",
    "/open-data/",
    "/no-such-page/",
]

LANGUAGES = {"khmer": "", "english": "/en"}

# A district's migrations just before the content kit's (each app's photos joining the kit), the
# state a district backed up before that deploy is in; and the kit's own.
KIT_APPS = ("news", "forums", "projects")
BEFORE_THE_KIT = [(app, "0001_initial") for app in KIT_APPS]
THE_KITS_MIGRATIONS = {(app, "0002_photos_join_the_content_kit") for app in KIT_APPS}

# Real Khmer: a village name from the gazetteer inside an ordinary sentence.
NEWS_KM = "ថ្ងៃនេះ ក្រុមការងារស្រុកបានបើកអណ្តូងទឹកស្អាតថ្មីនៅភូមិអូរជ្រៅ ដែលផ្តល់ទឹកដល់គ្រួសារចំនួនហុកសិប។"
NEWS_EN = "Today the district team opened a new clean-water well in Ou Chrov village."


def seed_citizen_site(district):
    """A news post with a photo, a service, an answered question, contact details with the
    district's photo, two budget years, the demo projects (with a map), documents and forums
    (one held, with its minutes): every page type has something to show. Returns the
    placeholders' values."""
    with tenant_context(district):
        core_actions.update_profile(
            actor=None,
            office_hours_km="ច័ន្ទ ដល់ សុក្រ ៧:៣០ ដល់ ១៧:០០",
            office_hours_en="Monday to Friday, 7:30 to 17:00",
            address_km="ផ្លូវជាតិលេខ៥ ស្រុកអូរជ្រៅ",
            address_en="National Road 5",
            phone="012 345 678",
            map_url="https://www.openstreetmap.org/#map=15/13.6/102.6",
            facebook_url="https://www.facebook.com/example.district",
            photo_description_km="សាលាស្រុក",
            photo_description_en="The district hall",
        )
        core_actions.set_photo(upload(phone_photo(1600, 900)), actor=None)
        finish(DistrictProfile, DistrictProfile.objects.get().pk)
        post = NewsPost(
            title_km="ទឹកស្អាតមកដល់ភូមិអូរជ្រៅ",
            title_en="Clean water reaches Ou Chrov village",
            body_km=NEWS_KM,
            body_en=NEWS_EN,
            category=NewsPost.Category.ACTIVITY,
            publish_at=timezone.now() - timedelta(days=1),
            is_published=True,
        )
        news_actions.create_post(post, photo=upload(phone_photo(1600, 1200)), actor="test")
        # Resized here rather than on a worker: every page type must show its photo at once.
        finish(NewsPhoto, post.photos.get().pk)
        revisions.create(
            Service(
                name_km="សំបុត្រកំណើត",
                name_en="Birth certificate",
                office_km="ការិយាល័យច្រកចេញចូលតែមួយ",
                office_en="One Window Service Office",
                fee_riel=50_000,
                processing_time_km="៣ ថ្ងៃ",
                processing_time_en="3 days",
                documents_km="សៀវភៅគ្រួសារ",
                documents_en="Family book",
                is_published=True,
            ),
            actor="test",
        )
        feedback = feedback_actions.receive_feedback(
            category="service", message="ការិយាល័យបើកម៉ោងប៉ុន្មាន? When does the office open?"
        )
        feedback_actions.answer_feedback(
            feedback, reply="ម៉ោង ៧:៣០ ព្រឹក។ At 7:30.", publish=True, actor=None
        )
    seed_demo_budget(district)
    # Projects after the budget: some name its lines.
    seed_demo_projects(district)
    seed_demo_documents(district)
    seed_demo_forums(district)
    with tenant_context(district):
        held = Forum.objects.exclude(minutes="").get()
    return {
        "news_post": post.pk,
        "budget_year": 2025,
        # Programme 3, local development, is the one the demo projects are paid from.
        "programme": "3",
        "project": "SC-05",
        "forum": held.pk,
        "tracking_code": feedback.tracking_code,
    }


def citizen_urls(values):
    """(id, path) of every citizen page type in both languages."""
    for language, prefix in LANGUAGES.items():
        for page in CITIZEN_PAGES:
            path = page.format(**values)
            yield f"{language}:{page}", prefix + path


def seed_every_photo(district):
    """``seed_citizen_site`` with a photo in every shape the content kit keeps one: a news
    post's and the district's (already there), a forum's, a project's progress and a council
    member's, every one finished (its copies made). Returns the placeholders' values."""
    values = seed_citizen_site(district)
    with tenant_context(district):
        forum = Forum.objects.get(pk=values["forum"])
        forum_actions.add_photo(forum, upload(phone_photo(1400, 1000)))
        project = Project.objects.get(code=values["project"])
        project_actions.add_progress(
            project,
            date=date(2026, 11, 1),
            percent=99,
            photos_by_stage={"after": upload(phone_photo(1300, 900))},
            actor="test",
        )
        member = CouncilMember(name_km="សុខ", role_km="អភិបាល", term_start=date(2024, 1, 1))
        council_actions.create_member(member, photo=upload(phone_photo(600, 800)), actor="test")
        for model in (ForumPhoto, ProjectPhoto, CouncilMember):
            for pk in model.objects.values_list("pk", flat=True):
                finish(model, pk)
    return values


def every_photo():
    """{(model label, pk): its copies} of every photo row of the current district."""
    rows = [
        *NewsPhoto.objects.all(),
        *ForumPhoto.objects.all(),
        *ProjectPhoto.objects.all(),
        *CouncilMember.objects.all(),
        *DistrictProfile.objects.all(),
    ]
    return {(row._meta.label, row.pk): dict(row._slot("renditions")) for row in rows}
