from .views_manage import ForumConsole

urlpatterns = ForumConsole().urlpatterns()
