"""Citizens' news pages: Khmer at /news/, English at /en/news/."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from district_site.core.page_cache import cached_page

from .models import NewsPost


@cached_page
def news_list(request):
    posts = NewsPost.objects.visible().prefetch_related("photos")
    page = Paginator(posts, 10).get_page(request.GET.get("page"))
    return render(request, "news/news_list.html", {"page_obj": page})


@cached_page
def news_detail(request, pk):
    post = get_object_or_404(NewsPost.objects.visible().prefetch_related("photos"), pk=pk)
    return render(request, "news/news_post.html", {"post": post})
