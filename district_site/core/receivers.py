from tenants import outbox

from .page_cache import bump_content_version
from .tasks import refresh_district_snapshot


def after_restore(sender, district, **kwargs):
    """A restored schema holds older content than the pages cached from it and the figures
    the platform last heard: drop both at once (runs in the restored district's schema)."""
    bump_content_version()
    refresh_district_snapshot()


def refresh_snapshot_after_commit(sender, **kwargs):
    """Tell the platform what this district now publishes, once the change is committed (the
    task runs in this district's schema)."""
    outbox.enqueue_coalesced(refresh_district_snapshot)
