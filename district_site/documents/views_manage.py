"""Officers' side of the documents library: list, add, edit (or replace the PDF), publish,
withdraw and delete (district_site.content.console)."""

from django.utils.translation import gettext_lazy as _

from district_site.content.console import Console

from . import actions
from .forms import DocumentForm
from .models import Document


class DocumentConsole(Console):
    model = Document
    form_class = DocumentForm
    labels = (_("Documents"), _("Add a document"), _("Edit document"))
    list_limit = 500

    def create(self, request, document, form):
        actions.create_document(
            document,
            upload=form.cleaned_data["pdf"],
            size=form.pdf_sizes["pdf"],
            actor=request.user,
        )

    def change(self, request, document, fields, form, may_publish):
        return actions.edit_document(
            document,
            fields,
            upload=form.cleaned_data["pdf"],
            size=form.pdf_sizes.get("pdf"),
            actor=request.user,
            may_publish=may_publish,
        )

    def delete(self, request, document):
        actions.delete_document(document, actor=request.user)
