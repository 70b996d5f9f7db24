from .models import Document


def figures():
    return {"documents_published": Document.objects.visible().count()}
