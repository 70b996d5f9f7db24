from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect


def media(request, path):
    """Serve a media file of the district whose host this is.

    The storage resolves ``path`` inside the current schema's prefix, so the same path asked on
    another district's host finds that district's file or nothing: never this one's.
    """
    try:
        if not default_storage.exists(path):
            raise Http404
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    if isinstance(default_storage, FileSystemStorage):
        return FileResponse(default_storage.open(path, "rb"))
    return HttpResponseRedirect(default_storage.url(path))
