from django.urls import path

from . import views

urlpatterns = [
    path("", views.budget_index, name="index"),
    path("<int:year>/", views.budget_year, name="year"),
    path("<int:year>/programme/<str:code>/", views.budget_programme, name="programme"),
    path("<int:year>/versions/", views.budget_versions, name="versions"),
    path("<int:year>/citizens-budget.pdf", views.citizens_budget_pdf, name="citizens_budget_pdf"),
]
