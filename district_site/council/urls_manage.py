from .views_manage import CouncilConsole

urlpatterns = CouncilConsole().urlpatterns()
