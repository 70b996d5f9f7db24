from django.urls import path

from . import views_manage as views

app_name = "budget_manage"
urlpatterns = [
    path("", views.budget_list, name="list"),
    path("<int:year>/", views.draft, name="draft"),
    path("<int:year>/template.xlsx", views.template_download, name="template"),
    path("<int:year>/publish/", views.publish, name="publish"),
]
