"""One answer to "what may citizens see?": ``visible()`` of every publishable model, scheduled
news included, asked by every page, feed, sitemap, index and export."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.content.models import Publishable
from district_site.documents.models import Document
from district_site.news.models import NewsPost


def _post(title, *, published, days):
    return NewsPost.objects.create(
        title_km=title,
        body_km="អត្ថបទ",
        is_published=published,
        publish_at=timezone.now() + timedelta(days=days),
    )


def test_citizens_see_a_published_post_whose_date_has_come_and_no_other(make_district):
    with tenant_context(make_district()):
        shown = _post("ចេញផ្សាយ", published=True, days=-1)
        _post("ព្រាង", published=False, days=-1)
        _post("កំណត់ពេល", published=True, days=2)

        assert list(NewsPost.objects.visible()) == [shown]


def test_content_without_a_date_is_seen_once_published(make_district):
    with tenant_context(make_district()):
        shown = Document.objects.create(category="plans", year=2026, title_km="ក", file="a.pdf")
        Document.objects.create(category="plans", year=2026, title_km="ខ", file="b.pdf")
        Document.objects.filter(pk=shown.pk).update(is_published=True)

        assert list(Document.objects.visible()) == [shown]


def test_one_districts_published_content_is_never_visible_in_another(make_district):
    district_a, district_b = make_district(), make_district()
    with tenant_context(district_a):
        _post("ស្រុក ក", published=True, days=-1)
    with tenant_context(district_b):
        assert not NewsPost.objects.visible().exists()


def test_every_model_with_a_published_flag_is_publishable():
    """An app adding its own ``is_published`` would bring back a second answer."""
    flagged = {
        model._meta.label
        for model in apps.get_models()
        if any(field.name == "is_published" for field in model._meta.fields)
    }
    publishable = {
        model._meta.label for model in apps.get_models() if issubclass(model, Publishable)
    }
    assert flagged == publishable
    assert {"news.NewsPost", "pages.Page", "council.CouncilMember"} <= publishable
    for label in publishable:
        assert hasattr(apps.get_model(label).objects.none(), "visible")
