"""Citizens' news pages: Khmer at /news/, English at /en/news/."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from district_site.core.page_cache import cached_page
from tenants.links import district_url

from .models import NewsPost


@cached_page
def news_list(request):
    posts = NewsPost.objects.visible().prefetch_related("photos")
    page = Paginator(posts, 10).get_page(request.GET.get("page"))
    return render(request, "news/news_list.html", {"page_obj": page})


@cached_page
def news_detail(request, pk):
    post = get_object_or_404(NewsPost.objects.visible().prefetch_related("photos"), pk=pk)
    context = {"post": post}
    image = _share_image(request.tenant, post)
    if image:
        context["og_image"] = image  # else the district's photo, if any (core's context)
    return render(request, "news/news_post.html", context)


def _share_image(district, post):
    """The post's first photo for Facebook's and Twitter's previews, by its stable address on
    the district's primary domain (the media view serves it, or redirects to a fresh S3 link:
    a presigned URL would expire in the shares that keep it)."""
    photo = next(iter(post.ready_photos()), None)
    if photo is None:
        return None
    name, width, height = photo.share_rendition()
    return {
        "url": district_url(district, reverse("media", args=[name])),
        "width": width,
        "height": height,
        "alt": post.title,
    }
