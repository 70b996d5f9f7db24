"""Officers' side of the documents library: list, add, edit (or replace the PDF), publish."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from district_site.manage import editing
from district_site.manage.roles import can_publish, officer_required

from . import actions
from .forms import DocumentForm
from .models import Document


@officer_required()
def document_list(request):
    return render(
        request, "documents/manage/list.html", {"documents": Document.objects.all()[:500]}
    )


@officer_required()
def document_create(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = Document(**form.content())
        actions.create_document(
            document, upload=form.cleaned_data["pdf"], size=form.pdf_sizes["pdf"], by=request.user
        )
        messages.success(
            request, _("Saved as a draft. Citizens will see it once a publisher publishes it.")
        )
        return redirect(document.get_manage_url())
    return render(request, "documents/manage/form.html", {"form": form, "document": None})


@officer_required()
def document_edit(request, pk):
    document = get_object_or_404(Document, pk=pk)
    # A copy for the form: rejected values must not show as the stored document.
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=Document.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        outcome = actions.edit_document(
            document,
            form.content(),
            upload=form.cleaned_data["pdf"],
            size=form.pdf_sizes.get("pdf"),
            by=request.user,
            may_publish=can_publish(request.user),
        )
        editing.saved_message(request, outcome)
        return redirect(document.get_manage_url())
    return render(
        request,
        "documents/manage/form.html",
        {"form": form, "document": document, **editing.edit_context(request, document)},
    )


publish = editing.publish_view(Document, publish=True)
unpublish = editing.publish_view(Document, publish=False)
