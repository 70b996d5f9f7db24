"""Saving news posts and their photos. Each action is one transaction: a post is never saved
without the photo that came with it, nor the photo without its post."""

from district_site.content import actions as items
from district_site.content import photos

from .models import NewsPhoto


def create_post(post, *, photo=None, photos=(), actor):
    """Save a new post with its photo or photos (a gallery)."""
    return items.create(post, photo=photo, photos=photos, keep_photo=add_photo, actor=actor)


def edit_post(post, fields, *, photo=None, photos=(), actor, may_publish):
    return items.change(
        post,
        fields,
        photo=photo,
        photos=photos,
        keep_photo=add_photo,
        actor=actor,
        may_publish=may_publish,
    )


# Each upload a photo row of the post's; removing one deletes the row and its files.
add_photo = items.photo_rows(NewsPhoto, "post")
remove_photo = photos.delete
