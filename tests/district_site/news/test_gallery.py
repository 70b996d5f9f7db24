"""A news post with several photos: the console takes them in one save, and citizens see a
gallery (the kit's renditions, each with its text, all but the first loaded as the reader
scrolls); the news list pages with ?page=, its page numbers in the district's digits."""

import re
from datetime import timedelta

from django.utils import timezone, translation
from django.utils.html import escape
from django_tenants.utils import tenant_context

from district_site.core import actions as core_actions
from district_site.news.models import NewsPost
from district_site.revisions import actions as revisions

from ..conftest import phone_photo, upload, wait_for_photos

POST = {
    "title_km": "ទិវាដាំដើមឈើ",
    "title_en": "Tree planting day",
    "body_km": "ប្រជាពលរដ្ឋបានដាំដើមឈើ។",
    "category": "activity",
    "publish_at": "2026-01-15T08:00",
}


def test_several_photos_chosen_at_once_make_a_gallery_with_a_text_for_each(
    photo_worker, officer, host_client, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    photos = [upload(phone_photo(1600, 1200), f"photo{n}.jpg") for n in range(3)]

    publisher.post("/manage/news/new/", {**POST, "photo": photos})
    with tenant_context(district):
        post = NewsPost.objects.get()
    publisher.post(f"/manage/news/{post.pk}/publish/")
    wait_for_photos(district, post.pk, count=3)

    page = host_client(district.primary_domain).get(f"/en/news/{post.pk}/").content.decode()
    gallery = re.search(r'<section class="gallery"[^>]*>(.*?)</section>', page, re.S)
    assert gallery, "no gallery on the post's page"
    images = re.findall(r"<img [^>]*>", gallery.group(1))
    assert len(images) == 3
    assert [re.search(r'alt="([^"]*)"', image).group(1) for image in images] == [
        f"Tree planting day, photo {n} of 3" for n in (1, 2, 3)
    ]
    assert "loading=" not in images[0]  # the first is what the reader sees at once
    assert all('loading="lazy"' in image for image in images[1:])
    assert all('srcset="/media/news/' in image for image in images)
    assert 'aria-label="3 photos"' in page


def test_more_than_ten_photos_at_once_are_refused_and_nothing_is_stored(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    photos = [upload(phone_photo(40, 30), f"p{n}.jpg") for n in range(11)]

    response = publisher.post("/manage/news/new/", {**POST, "photo": photos})

    assert response.status_code == 200
    with translation.override("km"):  # the console's language
        message = translation.gettext(
            "Choose at most %(count)d photos at once, then save and add the others."
        ) % {"count": 10}
    assert escape(message) in response.content.decode()
    with tenant_context(district):
        assert not NewsPost.objects.exists()


def _many_posts(district, count):
    with tenant_context(district):
        for number in range(count):
            revisions.create(
                NewsPost(
                    title_km=f"ព័ត៌មាន {number}",
                    body_km="អត្ថបទ",
                    publish_at=timezone.now() - timedelta(hours=number + 1),
                    is_published=True,
                ),
                actor="test",
            )


def test_the_news_list_pages_with_numbers_in_the_districts_digits(make_district, host_client):
    district = make_district()
    _many_posts(district, 12)
    client = host_client(district.primary_domain)

    first = client.get("/news/").content.decode()
    second = client.get("/news/?page=2").content.decode()

    assert first.count('class="news-item"') == 10 and second.count('class="news-item"') == 2
    assert "ទំព័រទី ១ នៃ ២" in first and 'href="?page=2" rel="next"' in first
    assert "ទំព័រទី ២ នៃ ២" in second and 'href="?page=1" rel="prev"' in second
    assert "Page 2 of 2" in client.get("/en/news/?page=2").content.decode()
    with tenant_context(district):
        core_actions.update_profile(actor=None, digits="latin")
    assert "ទំព័រទី 2 នៃ 2" in client.get("/news/?page=2").content.decode()
    # A page number past the end or not a number shows a page of news, never an error.
    assert client.get("/news/?page=99").status_code == 200
    assert client.get("/news/?page=x").status_code == 200
