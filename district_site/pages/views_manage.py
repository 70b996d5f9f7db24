"""The pages console: officers edit the district's standing pages and order the menu. It lives
with the pages, not in manage (the console's frame names no app); its URLs keep their names in
the console's namespace (``manage:edit_page``...), see urls_manage.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage import editing
from district_site.manage.roles import PUBLISHERS, officer_required

from . import actions
from .forms import PageForm
from .models import Page


@officer_required()
def edit_page(request, pk):
    page = get_object_or_404(Page, pk=pk)
    form = PageForm(request.POST or None, instance=Page.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        editing.save_edit(request, page, {f: form.cleaned_data[f] for f in PageForm.Meta.fields})
        return redirect("manage:edit_page", pk=page.pk)
    return render(
        request,
        "pages/page_form.html",
        {"form": form, "page": page, **editing.edit_context(request, page)},
    )


publish_page = editing.publish_view(Page, publish=True)
unpublish_page = editing.publish_view(Page, publish=False)


@require_POST
@officer_required(PUBLISHERS)
def move_page(request, pk, direction):
    """Move a page one place up or down the site's menu (publishers: the menu is public)."""
    if direction not in ("up", "down"):
        raise Http404
    page = get_object_or_404(Page, pk=pk)
    actions.move_in_menu(page, up=direction == "up")
    messages.success(request, _("The menu order was saved."))
    return redirect("manage:dashboard")
