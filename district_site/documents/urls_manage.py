from .views_manage import DocumentConsole

urlpatterns = DocumentConsole().urlpatterns()
