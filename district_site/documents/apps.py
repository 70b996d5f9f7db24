from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The district's documents library: budgets, plans, reports and regulations as PDFs."""

    name = "district_site.documents"
    label = "documents"
