from .models import Document

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {"documents_published": int}


def figures():
    return {"documents_published": Document.objects.visible().count()}
