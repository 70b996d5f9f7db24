from django.urls import path

from . import views_manage as views

urlpatterns = [
    path("", views.budget_list, name="list"),
    path("<int:year>/", views.draft, name="draft"),
    path("<int:year>/template.xlsx", views.template_download, name="template"),
    path("<int:year>/publish/", views.publish, {"kind": "budget"}, name="publish"),
    path("<int:year>/lines/new/", views.line_add, name="line_add"),
    path("<int:year>/lines/<int:pk>/", views.line_edit, name="line_edit"),
    path("<int:year>/lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path(
        "<int:year>/execution/publish/",
        views.publish,
        {"kind": "execution"},
        name="publish_execution",
    ),
]
