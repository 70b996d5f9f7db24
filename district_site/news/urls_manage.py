from .views_manage import NewsConsole

urlpatterns = NewsConsole().urlpatterns()
