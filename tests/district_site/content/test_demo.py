"""The demos' shared steps: a district is seeded once, and never over content of its own."""

from django_tenants.utils import tenant_context

from district_site.content.demo import create_published, from_row, seed_once
from district_site.news.models import NewsPost

FIELDS = ("title_km", "title_en", "body_km")


def test_a_demo_seeds_a_district_once_and_publishes_what_it_made(make_district):
    district = make_district()
    runs = []

    def fill():
        runs.append(district.code)
        post = from_row(NewsPost, FIELDS, ("ព័ត៌មាន", "News", "អត្ថបទ"), body_en="Text")
        create_published(post, actor="demo")

    seed_once(district, NewsPost, fill)
    seed_once(district, NewsPost, fill)

    assert runs == [district.code]
    with tenant_context(district):
        post = NewsPost.objects.visible().get()
        # The body is stored as officers' rich text is: in paragraphs.
        assert (post.title_km, post.title_en) == ("ព័ត៌មាន", "News")
        assert (post.body_km, post.body_en) == ("<p>អត្ថបទ</p>", "<p>Text</p>")


def test_a_district_with_content_of_its_own_gets_no_demo_content(make_district):
    district = make_district()
    with tenant_context(district):
        NewsPost.objects.create(title_km="ការប្រកាសរបស់ស្រុក", body_km="អត្ថបទ")

    seed_once(district, NewsPost, lambda: NewsPost.objects.create(title_km="សាកល្បង"))

    with tenant_context(district):
        assert list(NewsPost.objects.values_list("title_km", flat=True)) == ["ការប្រកាសរបស់ស្រុក"]
