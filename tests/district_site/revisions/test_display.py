"""The change history shows every value as a reader sees it: text without tags (paragraphs
kept), a choice's label in the reader's language rather than its code, yes or no, dates and
times in the district's time (district_site.revisions.display)."""

import json
import re
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django_tenants.utils import tenant_context

from district_site.revisions import display
from district_site.revisions.models import Revision

RICH = "<h2>ចំណងជើង</h2><p>អត្ថបទ <strong>ដិត</strong><br>បន្ទាត់</p><ul><li>មួយ</li></ul>"
MOMENT = "2026-11-27T01:00:00Z"  # 08:00 in Phnom Penh


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def _visible(html):
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _sample(field):
    """A value as a revision stores it, of the kind that showed raw before."""
    if field.choices:
        # A code whose label differs from it, as "activity" and its label do.
        return next(str(code) for code, label in field.flatchoices if str(code) != str(label))
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.DateTimeField):
        return MOMENT
    if isinstance(field, models.DateField):
        return "2026-11-27"
    if isinstance(field, models.JSONField):
        return [{"question_km": "<p>សំណួរ <b>ក</b></p>", "answer_km": "<i>ចម្លើយ</i>"}]
    if isinstance(field, models.FileField):
        return "documents/a1b2c3.pdf"
    if isinstance(field, models.DecimalField | models.IntegerField):
        return 12
    return RICH


def _recorded():
    return [model for model in apps.get_models() if hasattr(model, "REVISION_FIELDS")]


def test_every_field_a_revision_records_shows_no_tag_and_no_code(make_district):
    district = make_district()
    recorded = _recorded()
    assert len(recorded) >= 7  # pages, news, services, forums, council, documents, projects
    with tenant_context(district), translation.override("km"):
        for model in recorded:
            fields = [model._meta.get_field(name) for name in model.REVISION_FIELDS]
            changes = [{"field": f.name, "old": None, "new": _sample(f)} for f in fields]
            revision = Revision(
                content_type=ContentType.objects.get_for_model(model),
                object_id=1,
                object_repr="x",
                action=Revision.Action.EDITED,
                author_name="officer@example.org",
                # As stored: through the JSON column's encoder and back.
                changes=json.loads(json.dumps(changes, cls=DjangoJSONEncoder)),
            )
            html = render_to_string(
                "revisions/includes/history.html", {"history": [revision], "can_publish": True}
            )
            shown = _visible(html)

            assert not re.search(r"<\s*/?[a-z]", shown), (model, shown)
            assert "True" not in shown, model
            for field in fields:
                if field.choices:
                    assert _sample(field) not in shown, (model, field.name)
                if isinstance(field, models.DateTimeField):
                    assert "2026-11-27 08:00" in shown, (model, field.name)
                    assert "T01:00" not in shown, (model, field.name)
                elif isinstance(field, models.JSONField):
                    assert "សំណួរ ក · ចម្លើយ" in shown, shown
            if any(isinstance(f, models.TextField) for f in fields):
                assert "ចំណងជើង" in shown and "អត្ថបទ ដិត" in shown, model


def test_a_news_posts_category_shows_as_its_label_in_the_readers_language():
    from district_site.news.models import NewsPost

    with translation.override("en"):
        assert display.readable(NewsPost, "category", "activity") == "Activity"
    with translation.override("km"):
        assert display.readable(NewsPost, "category", "activity") != "activity"


def test_rich_text_keeps_its_paragraphs_and_lists_as_lines():
    from district_site.news.models import NewsPost

    assert display.readable(NewsPost, "body_km", RICH) == "ចំណងជើង\n\nអត្ថបទ ដិត\nបន្ទាត់\n\n• មួយ"


def test_a_moment_shows_in_the_districts_time_and_a_yes_or_no_as_words():
    from district_site.forums.models import Forum
    from district_site.pages.models import Page

    with translation.override("en"):
        assert display.readable(Forum, "starts_at", MOMENT) == "2026-11-27 08:00"
        assert display.readable(Page, "show_in_menu", True) == "Yes"
        assert display.readable(Page, "show_in_menu", False) == "No"
        assert display.readable(Page, "title_km", "") == ""


def test_a_projects_sector_and_commune_show_by_name(make_district):
    from district_site.budget.models import Code
    from district_site.projects import gazetteer
    from district_site.projects.models import Project

    district = make_district()
    with tenant_context(district), translation.override("km"):
        code = Code.objects.filter(kind="sector").first()
        commune, name_km, _latin = next(iter(gazetteer.communes_of(district.code)))
        if code is not None:
            assert display.readable(Project, "sector", code.code) == code.name_km
        assert display.readable(Project, "commune_code", commune) == name_km
        assert display.readable(Project, "budget_line_key", '["2","ក","ផ្លូវ"]') == "ផ្លូវ"
