"""Search finds Khmer text without spaces between words, finds nothing unpublished, and never
another district's content."""

from django_tenants.utils import schema_context

from district_site.pages.models import Page
from district_site.search import index
from district_site.search.text import document_terms, query_terms
from tenants import gazetteer
from tenants.gazetteer.models import AdministrativeUnit


def test_any_piece_of_khmer_text_of_three_letters_is_found():
    text = "ស្រុកអូរជ្រៅមានឃុំចំនួនប្រាំពីរ"

    for start in range(len(text) - 2):
        for end in range(start + 3, len(text) + 1):
            assert query_terms(text[start:end]) <= document_terms(text), text[start:end]


def test_recall_on_real_khmer_commune_names_is_complete(make_district):
    """The about page lists the district's communes from the gazetteer (real Khmer text); each
    name, typed as a citizen would, finds that page."""
    district = make_district()
    names = [km for _code, km, _latin in gazetteer.communes_of(district.code)]

    with schema_context(district.schema_name):
        found = [
            name
            for name in names
            if any(result.url == "/p/about/" for result in index.search(name, "km"))
        ]

    assert names and found == names


def test_precision_real_village_names_absent_from_the_site_find_nothing(make_district):
    district = make_district()
    with schema_context(district.schema_name):
        site_text = " ".join(f"{p.title_km} {p.body_km}" for p in Page.objects.all())
        villages = AdministrativeUnit.objects.filter(
            level="village", code__startswith=district.code
        ).values_list("name_km", flat=True)
        absent = [name for name in villages if len(name) >= 4 and name not in site_text]

        false_hits = [name for name in absent if list(index.search(name, "km"))]

    assert absent and len(false_hits) <= len(absent) * 0.05, false_hits


def test_the_search_page_works_in_both_languages(host_client, make_district):
    district = make_district()
    client = host_client(district.primary_domain)

    khmer = client.get("/search/", {"q": "តួនាទី"}).content.decode()
    english = client.get("/en/search/", {"q": "responsibilities"}).content.decode()

    assert 'href="/p/roles/"' in khmer
    assert 'href="/en/p/roles/"' in english


def test_unpublished_pages_are_not_found(host_client, make_district):
    district = make_district()
    with schema_context(district.schema_name):
        page = Page.objects.get(slug="contact")
        page.is_published = False
        page.save()

    body = host_client(district.primary_domain).get("/en/search/", {"q": "contact"})

    assert 'href="/en/p/contact/"' not in body.content.decode()


def test_one_districts_words_are_never_found_on_anothers_site(host_client, make_district):
    district_a, district_b = make_district(), make_district()
    with schema_context(district_a.schema_name):
        Page.objects.create(slug="secret", title_km="គម្រោងផ្លូវថ្នល់ពិសេស", title_en="Special road")

    on_a = host_client(district_a.primary_domain).get("/search/", {"q": "ផ្លូវថ្នល់ពិសេស"})
    on_b = host_client(district_b.primary_domain).get("/search/", {"q": "ផ្លូវថ្នល់ពិសេស"})

    assert 'href="/p/secret/"' in on_a.content.decode()
    assert 'href="/p/secret/"' not in on_b.content.decode()


def _news(district, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from district_site.news.models import NewsPost
    from district_site.revisions import actions as revisions

    fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    with schema_context(district.schema_name):
        post = NewsPost(is_published=True, **fields)
        revisions.create(post, actor="test")
        return post


def test_a_khmer_word_is_found_inside_a_khmer_paragraph(host_client, make_district):
    """Written without spaces, as Khmer is: the word is glued to the words around it."""
    district = make_district()
    post = _news(
        district,
        title_km="ទឹកស្អាតសម្រាប់ប្រជាពលរដ្ឋ",
        body_km=(
            "កាលពីសប្តាហ៍មុនក្រុមការងារស្រុកបានបើកអណ្តូងទឹកស្អាតថ្មីនៅភូមិអូរជ្រៅដែល"
            "ផ្តល់ទឹកដល់គ្រួសារចំនួនហុកសិបនិងសាលាបឋមសិក្សាមួយ។"
        ),
    )

    body = host_client(district.primary_domain).get("/search/", {"q": "អូរជ្រៅ"}).content.decode()

    assert f'href="/news/{post.pk}/"' in body


def test_services_are_found_by_name_and_by_the_documents_to_bring(host_client, make_district):
    from district_site.revisions import actions as revisions
    from district_site.services.models import Service

    district = make_district()
    with schema_context(district.schema_name):
        revisions.create(
            Service(
                name_km="សំបុត្រកំណើត",
                name_en="Birth certificate",
                office_km="ការិយាល័យច្រកចេញចូលតែមួយ",
                processing_time_km="៣ ថ្ងៃ",
                documents_km="សៀវភៅគ្រួសារ",
                documents_en="Family book",
                is_published=True,
            ),
            actor="test",
        )
    client = host_client(district.primary_domain)

    assert "/services/#service-" in client.get("/search/", {"q": "កំណើត"}).content.decode()
    assert (
        "/en/services/#service-" in client.get("/en/search/", {"q": "family book"}).content.decode()
    )


def test_drafts_and_posts_scheduled_for_later_are_not_found(host_client, make_district):
    from datetime import timedelta

    from django.utils import timezone

    district = make_district()
    draft = _news(district, title_km="សេចក្តីព្រាងសម្ងាត់", body_km="អត្ថបទ")
    with schema_context(district.schema_name):
        draft.is_published = False
        draft.save()
    later = _news(
        district,
        title_km="ព្រឹត្តិការណ៍សម្ងាត់",
        body_km="អត្ថបទ",
        publish_at=timezone.now() + timedelta(days=2),
    )
    client = host_client(district.primary_domain)

    assert f"/news/{draft.pk}/" not in client.get("/search/", {"q": "សម្ងាត់"}).content.decode()
    assert f"/news/{later.pk}/" not in client.get("/search/", {"q": "សម្ងាត់"}).content.decode()

    with schema_context(district.schema_name):
        type(later).objects.filter(pk=later.pk).update(
            publish_at=timezone.now() - timedelta(minutes=1)
        )
    # Its date has come: found without anyone saving it again.
    assert f"/news/{later.pk}/" in client.get("/search/", {"q": "សម្ងាត់"}).content.decode()
