"""Officers' side of projects: list, create and edit (through revisions), publish, report
progress with photos, attach PDF documents."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage import editing
from district_site.manage.roles import can_publish, officer_required

from . import actions, gazetteer
from .forms import DocumentForm, ProgressForm, ProjectForm
from .models import Project, ProjectDocument


@officer_required()
def project_list(request):
    projects = list(Project.objects.all()[:500])
    units = gazetteer.units(project.commune_code for project in projects)
    for project in projects:
        project.commune = units.get(project.commune_code)
    return render(request, "projects/manage/list.html", {"projects": projects})


@officer_required()
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = Project(**form.content())
        editing.save_new(request, project)
        return redirect(project.get_manage_url())
    return render(request, "projects/manage/form.html", {"form": form, "project": None})


@officer_required()
def project_edit(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        editing.save_edit(request, project, form.content())
        return redirect(project.get_manage_url())
    if request.method == "POST":
        # The form's instance now holds the rejected values; the page shows the stored project.
        project = Project.objects.get(pk=pk)
    return render(
        request,
        "projects/manage/form.html",
        {
            "form": form,
            "project": project,
            "updates": project.updates.prefetch_related("photos").order_by("-date", "-pk"),
            "document_form": DocumentForm(),
            **editing.edit_context(request, project),
        },
    )


@officer_required()
def progress_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = ProgressForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_progress(
            project,
            date=data["date"],
            percent=data["percent"],
            note_km=data["note_km"],
            note_en=data["note_en"],
            photos_by_stage=form.photos_by_stage(),
            by=request.user,
        )
        messages.success(request, _("The progress update was saved."))
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


@require_POST
@officer_required()
def document_remove(request, pk):
    document = get_object_or_404(ProjectDocument.objects.select_related("project"), pk=pk)
    project = document.project
    if project.is_published and not can_publish(request.user):
        messages.error(
            request,
            _("Only a publisher or the district administrator can remove a published document."),
        )
    else:
        actions.remove_document(document)
        messages.success(request, _("The document was removed."))
    return redirect(project.get_manage_url())


publish = editing.publish_view(Project, publish=True)
unpublish = editing.publish_view(Project, publish=False)
