"""The kit's actions save an item and the photo that came with it together or not at all."""

import pytest
from django_tenants.utils import tenant_context

from district_site.content import actions as items
from district_site.news.models import NewsPhoto, NewsPost
from district_site.revisions.models import Revision

from ..conftest import phone_photo, upload


def test_an_item_whose_photo_cannot_be_kept_is_not_saved_either(make_district):
    def storage_gone(item, photo):
        raise OSError("the media storage cannot be reached")

    with tenant_context(make_district()):
        revisions = Revision.objects.count()  # a new district's default pages have theirs
        post = NewsPost(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
        with pytest.raises(OSError):
            items.create(post, photo=upload(phone_photo()), keep_photo=storage_gone, actor="test")

        assert not NewsPost.objects.exists()
        assert Revision.objects.count() == revisions


def test_a_photo_row_is_kept_for_its_item_with_the_items_change(make_district):
    with tenant_context(make_district()):
        post = NewsPost(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
        keep = items.photo_rows(NewsPhoto, "post")
        items.create(post, actor="test")

        outcome = items.change(
            post,
            {"title_km": "ព័ត៌មានថ្មី"},
            photo=upload(phone_photo()),
            keep_photo=keep,
            actor="test",
            may_publish=True,
        )

        post.refresh_from_db()
        assert outcome.applied and post.title_km == "ព័ត៌មានថ្មី"
        assert NewsPhoto.objects.get().post == post
