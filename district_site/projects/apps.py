from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """The district's development projects: where, what, who builds it, with what money, and
    how far it has got, in dated updates with photos."""

    name = "district_site.projects"
    label = "projects"

    def ready(self):
        from district_site.revisions.signals import content_changed

        from . import actions
        from .models import ProgressUpdate, Project

        content_changed.connect(
            actions.refresh_snapshot_on_commit, sender=Project, dispatch_uid="project-snapshot"
        )
        content_changed.connect(
            actions.announce_publication, sender=Project, dispatch_uid="project-published"
        )
        content_changed.connect(
            actions.update_published, sender=ProgressUpdate, dispatch_uid="progress-published"
        )
