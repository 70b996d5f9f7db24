"""Officers' side of projects: list, create and edit (through revisions), publish
(district_site.content.console); and what only projects have: progress reports with photos and
attached PDF documents."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from district_site.content.console import Console, Removal
from district_site.manage.roles import can_publish, officer_required
from district_site.revisions import actions as revisions

from . import actions, gazetteer
from .forms import DocumentForm, ProgressForm, ProjectForm
from .models import ProgressUpdate, Project, ProjectDocument


class ProjectConsole(Console):
    model = Project
    form_class = ProjectForm
    labels = (_("Development projects"), _("Add a project"), _("Edit project"))
    list_limit = 500
    removals = (
        Removal(
            ProjectDocument,
            actions.remove_document,
            parent="project",
            route="documents/<int:pk>/remove/",
            name="document_remove",
            done=_("The document was removed."),
            refused=_(
                "Only a publisher or the district administrator can remove a published document."
            ),
        ),
    )

    def listed(self, request):
        projects = list(super().listed(request))
        units = gazetteer.units(project.commune_code for project in projects)
        for project in projects:
            project.commune = units.get(project.commune_code)
        return projects

    def delete(self, request, project):
        with transaction.atomic():
            actions.remove_progress_photos(project)
            super().delete(request, project)

    def extra_context(self, request, project):
        return {
            "updates": project.updates.prefetch_related("photos").order_by("-date", "-pk"),
            "waiting_updates": revisions.pending_ids(ProgressUpdate),
            "document_form": DocumentForm(),
        }


@officer_required()
def progress_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = ProgressForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = actions.add_progress(
            project,
            date=data["date"],
            percent=data["percent"],
            note_km=data["note_km"],
            note_en=data["note_en"],
            photos_by_stage=form.photos_by_stage(),
            actor=request.user,
            may_publish=can_publish(request.user),
        )
        if update.is_published:
            messages.success(request, _("The progress update was saved."))
        else:
            messages.success(
                request,
                _(
                    "The progress update is saved and waits for a publisher: citizens see it "
                    "once it is published."
                ),
            )
        return redirect(project.get_manage_url())
    return render(request, "projects/manage/progress.html", {"form": form, "project": project})


@require_POST
@officer_required()
def document_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        actions.add_document(
            project, data["file"], title_km=data["title_km"], title_en=data["title_en"]
        )
        messages.success(request, _("The document was added."))
        return redirect(project.get_manage_url())
    return render(request, "projects/manage/document.html", {"form": form, "project": project})
