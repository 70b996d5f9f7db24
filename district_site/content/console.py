"""The officer console of one kind of content, configured in a few lines by the app.

Every app that publishes content gives officers the same screens: a list, a form that creates
an item as a draft and edits it through revisions (an editor's change to a published item waits
for a publisher), publish and withdraw buttons for publishers (both kept in the item's history),
a delete screen that asks for confirmation (publishers; the deletion is a revision too, and the
item's parts go as each would when removed alone), and buttons that remove a part of an item (a
photo, an attached file). ``Console`` holds that
behaviour once; an app subclasses it with its model, form, templates and the hooks where its
actions differ (news keeps photos, documents a PDF), and its ``urls_manage.py`` reads
(in the "news_manage" namespace, core.contributions.NAMESPACES)::

    urlpatterns = NewsConsole().urlpatterns()

The URL names (``list``, ``create``, ``edit``, ``publish``, ``unpublish``, ``delete`` and each
removal's)
are the ones templates, tests and tenants already use. Every view goes through
``officer_required``: publishing, withdrawing and deleting need a publisher's role.

The templates ``content/console/list.html`` and ``content/console/form.html`` are the screens'
skeletons; an app's own ``<app>/manage/list.html`` and ``form.html`` extend them and fill in
the columns, the help text and the sections only they have.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from district_site.manage import editing
from district_site.manage.roles import EVERY_ROLE, PUBLISHERS, can_publish, officer_required
from district_site.revisions import actions as revisions

# Every console made from the kit, so a test can check that each publishable model has one
# with its withdraw and delete screens.
CONSOLES = []

DRAFT_SAVED = gettext_lazy("Saved as a draft. Citizens will see it once a publisher publishes it.")


@dataclass(frozen=True)
class Removal:
    """A POST-only button that removes one part of an item (a photo row, an attached file).

    ``parent`` names the part's field holding the item; without it the part is the item
    itself (a photo kept in the item's own fields). A part of a published item reaches
    citizens without a revision, so only a publisher may remove it; an editor may while the
    item is a draft."""

    model: type[models.Model]
    remove: Callable
    parent: str | None = None
    route: str = "photos/<int:pk>/remove/"
    name: str = "photo_remove"
    done: str | Promise = gettext_lazy("The photo was removed.")
    refused: str | Promise = gettext_lazy(
        "Only a publisher or the district administrator can remove a published photo."
    )
    allowed: frozenset = EVERY_ROLE

    def view(self):
        @require_POST
        @officer_required(self.allowed)
        def remove_part(request, pk):
            parts = self.model.objects.all()
            if self.parent:
                parts = parts.select_related(self.parent)
            part = get_object_or_404(parts, pk=pk)
            item = getattr(part, self.parent) if self.parent else part
            if item.is_published and not can_publish(request.user):
                messages.error(request, self.refused)
            else:
                self.remove(part)
                messages.success(request, self.done)
            return redirect(item.get_manage_url())

        return remove_part


class Console:
    """List, create, edit, publish and withdraw one model's items; remove their parts.

    Set ``model``, ``form_class``, ``labels`` and, where the app's actions differ from plain
    revisions, override ``create`` and ``change``. ``removals`` lists the parts officers can
    remove."""

    model: type[models.Model]
    form_class: type
    # The list screen's title, the create screen's and the edit screen's.
    labels: tuple[str | Promise, str | Promise, str | Promise] = ("", "", "")
    list_limit: int | None = None
    removals: tuple[Removal, ...] = ()

    @property
    def list_template(self):
        return f"{self.model._meta.app_label}/manage/list.html"

    @property
    def form_template(self):
        return f"{self.model._meta.app_label}/manage/form.html"

    # Hooks an app overrides.

    def listed(self, request):
        """The items on the list screen, in the model's order."""
        items = self.model.objects.all()
        return items[: self.list_limit] if self.list_limit else items

    def forms(self, request, stored):
        """The screen's forms by their name in the template; ``form`` is the main one. A form
        gets a copy of ``stored``: rejected values must not show as the stored item."""
        data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
        copy = self.model.objects.get(pk=stored.pk) if stored else None
        return {"form": self.form_class(data, files, instance=copy)}

    def content(self, forms):
        """The item's fields (those kept in revisions) from the valid forms."""
        return forms["form"].content()

    def create(self, request, item, form):
        """Save a new ``item`` as a draft: it reaches citizens when a publisher publishes it."""
        item.is_published = False
        revisions.create(item, actor=request.user)

    def change(self, request, item, fields, form, may_publish):
        """Apply an officer's edit through revisions (a proposal for a publisher when the item
        is on the site and the officer may not publish); returns its revisions.Outcome."""
        return revisions.change(item, fields, actor=request.user, may_publish=may_publish)

    def delete(self, request, item):
        """Delete ``item`` with a revision saying who did; its parts first, each as its removal
        button removes it (a photo's files, an attached PDF), so no file outlives its item.
        An app whose parts are not all removal buttons' (a project's progress photos) adds to
        this."""
        with transaction.atomic():
            for removal in self.removals:
                if removal.parent:
                    parts = removal.model.objects.filter(**{removal.parent: item})
                else:
                    parts = removal.model.objects.filter(pk=item.pk)
                for part in parts:
                    removal.remove(part)
            revisions.delete(type(item).objects.get(pk=item.pk), actor=request.user)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        CONSOLES.append(cls)

    def extra_context(self, request, item):
        """More for the edit screen of a stored ``item`` (its progress, its documents...)."""
        return {}

    # The views.

    def list_view(self, request):
        namespace = request.resolver_match.namespace
        return render(
            request,
            self.list_template,
            {
                "items": self.listed(request),
                # A published item with an editor's change waiting says so in its state.
                "pending_ids": revisions.pending_ids(self.model),
                "title": self.labels[0],
                "create_label": self.labels[1],
                "create_url": reverse(f"{namespace}:create"),
            },
        )

    def edit_view(self, request, pk=None):
        """The create screen without ``pk``, else the edit screen of item ``pk``."""
        item = get_object_or_404(self.model, pk=pk) if pk is not None else None
        forms = self.forms(request, item)
        form = forms["form"]
        # A list, not all(): every form is checked, so all their errors show at once.
        if request.method == "POST" and all([each.is_valid() for each in forms.values()]):
            fields = self.content(forms)
            if item is None:
                item = self.model(**fields)
                self.create(request, item, form)
                messages.success(request, DRAFT_SAVED)
            else:
                outcome = self.change(request, item, fields, form, can_publish(request.user))
                editing.saved_message(request, outcome)
            if getattr(form, "removed_unsafe", False):
                messages.warning(
                    request,
                    _(
                        "Scripts and other unsafe code were removed from the text. Check that "
                        "the text still reads as you meant."
                    ),
                )
            return redirect(item.get_manage_url())
        context = {
            **forms,
            "item": item,
            "create_label": self.labels[1],
            "edit_label": self.labels[2],
        }
        if item is not None:
            namespace = request.resolver_match.namespace
            context.update(
                publish_url=reverse(f"{namespace}:publish", args=[item.pk]),
                unpublish_url=reverse(f"{namespace}:unpublish", args=[item.pk]),
                delete_url=reverse(f"{namespace}:delete", args=[item.pk]),
                **editing.edit_context(request, item),
                **self.extra_context(request, item),
            )
        return render(request, self.form_template, context)

    def delete_view(self, request, pk):
        """Ask first (GET), then delete (POST): a deleted item cannot be restored; withdrawing
        is the way to hide it for a while."""
        item = get_object_or_404(self.model, pk=pk)
        namespace = request.resolver_match.namespace
        if request.method == "POST":
            self.delete(request, item)
            messages.success(
                request,
                _("Deleted: it is gone from the site. The audit log keeps a record of it."),
            )
            return redirect(f"{namespace}:list")
        return render(
            request,
            "content/console/delete.html",
            {
                "item": item,
                "title": self.labels[2],
                "edit_url": item.get_manage_url(),
                "unpublish_url": reverse(f"{namespace}:unpublish", args=[item.pk]),
            },
        )

    def urlpatterns(self):
        gated = officer_required()
        return [
            path("", gated(self.list_view), name="list"),
            path("new/", gated(self.edit_view), name="create"),
            path("<int:pk>/", gated(self.edit_view), name="edit"),
            path(
                "<int:pk>/publish/",
                editing.publish_view(self.model, publish=True),
                name="publish",
            ),
            path(
                "<int:pk>/withdraw/",
                editing.publish_view(self.model, publish=False),
                name="unpublish",
            ),
            path("<int:pk>/delete/", officer_required(PUBLISHERS)(self.delete_view), name="delete"),
            *(path(removal.route, removal.view(), name=removal.name) for removal in self.removals),
        ]
