"""The pages console's URLs. No ``app_name``: manage/urls_manage.py includes them, so they keep
their names in the console's namespace (``manage:edit_page``...), as officers' bookmarks and
every template know them. Not named ``urls_manage.py``: that name would also mount them on
their own (core/contributions.py: URLs)."""

from django.urls import path

from . import views_manage

urlpatterns = [
    path("<int:pk>/", views_manage.edit_page, name="edit_page"),
    path("<int:pk>/publish/", views_manage.publish_page, name="publish_page"),
    path("<int:pk>/withdraw/", views_manage.unpublish_page, name="unpublish_page"),
    path("<int:pk>/move/<str:direction>/", views_manage.move_page, name="move_page"),
]
