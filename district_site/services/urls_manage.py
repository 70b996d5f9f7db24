from .views_manage import ServiceConsole

urlpatterns = ServiceConsole().urlpatterns()
