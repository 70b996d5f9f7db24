from django.apps import AppConfig


class RevisionsConfig(AppConfig):
    """Every change officers make to a page, news post or service, kept as a revision: who,
    when, which fields changed from what to what. The same rows are the district's audit log.

    An app of its own rather than part of manage/: content apps record their changes here
    through ``revisions.actions``, and the console only shows them."""

    name = "district_site.revisions"
    label = "revisions"
