"""Officers' side of news: list, write, edit with photos, publish."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage import editing
from district_site.manage.roles import can_publish, officer_required

from . import actions
from .forms import NewsPostForm
from .models import NewsPhoto, NewsPost


def _warn_if_cleaned(request, form):
    if form.removed_unsafe:
        messages.warning(
            request,
            _(
                "Scripts and other unsafe code were removed from the text. Check that the "
                "text still reads as you meant."
            ),
        )


@officer_required()
def post_list(request):
    return render(request, "news/manage/list.html", {"posts": NewsPost.objects.all()[:200]})


@officer_required()
def post_create(request):
    form = NewsPostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        post = NewsPost(**form.content())
        if not can_publish(request.user):
            post.is_published = False
        actions.create_post(post, photo=form.cleaned_data["photo"], by=request.user)
        messages.success(
            request, _("Saved as a draft. Citizens will see it once a publisher publishes it.")
        )
        _warn_if_cleaned(request, form)
        return redirect(post.get_manage_url())
    return render(request, "news/manage/form.html", {"form": form, "post": None})


@officer_required()
def post_edit(request, pk):
    post = get_object_or_404(NewsPost, pk=pk)
    form = NewsPostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        outcome = actions.edit_post(
            post,
            form.content(),
            photo=form.cleaned_data["photo"],
            by=request.user,
            may_publish=can_publish(request.user),
        )
        editing.saved_message(request, outcome)
        _warn_if_cleaned(request, form)
        return redirect(post.get_manage_url())
    if request.method == "POST":
        # The form's instance now holds the rejected values; the page shows the stored post.
        post = NewsPost.objects.get(pk=pk)
    return render(
        request,
        "news/manage/form.html",
        {"form": form, "post": post, **editing.edit_context(request, post)},
    )


@require_POST
@officer_required()
def photo_remove(request, pk):
    photo = get_object_or_404(NewsPhoto.objects.select_related("post"), pk=pk)
    post = photo.post
    if post.is_published and not can_publish(request.user):
        messages.error(
            request,
            _("Only a publisher or the district administrator can remove a published photo."),
        )
    else:
        actions.remove_photo(photo)
        messages.success(request, _("The photo was removed."))
    return redirect(post.get_manage_url())


publish = editing.publish_view(NewsPost, publish=True)
unpublish = editing.publish_view(NewsPost, publish=False)
