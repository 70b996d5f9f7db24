"""Officers' side of news: list, write, edit with photos, publish
(district_site.content.console)."""

from django.utils.translation import gettext_lazy as _

from district_site.content.console import Console, Removal

from . import actions
from .forms import NewsPostForm
from .models import NewsPhoto, NewsPost


class NewsConsole(Console):
    model = NewsPost
    form_class = NewsPostForm
    labels = (_("News and activities"), _("Write a news post"), _("Edit news post"))
    list_limit = 200
    removals = (Removal(NewsPhoto, actions.remove_photo, parent="post"),)

    def create(self, request, post, form):
        post.is_published = False
        actions.create_post(post, photos=form.cleaned_data["photo"], actor=request.user)

    def change(self, request, post, fields, form, may_publish):
        return actions.edit_post(
            post,
            fields,
            photos=form.cleaned_data["photo"],
            actor=request.user,
            may_publish=may_publish,
        )
