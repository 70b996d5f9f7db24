"""URLs of a district's host (ROOT_URLCONF). Citizen pages are Khmer at unprefixed URLs and
English under /en/; the officer console and media are not language-prefixed."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from district_site.core import sharing
from district_site.core import views as core_views
from district_site.opendata import views as opendata_views
from district_site.pages import views as page_views
from district_site.search import views as search_views
from tenants.views import media

urlpatterns = [
    path("robots.txt", sharing.robots_txt, name="robots_txt"),
    path("sitemap.xml", sharing.sitemap_xml, name="sitemap_xml"),
    path("media/<path:path>", media, name="media"),
    path("manage/", include("district_site.manage.urls")),
    path("manage/feedback/", include("district_site.feedback.urls_manage")),
    path("manage/budget/", include("district_site.budget.urls_manage")),
    path("manage/news/", include("district_site.news.urls_manage")),
    path("manage/services/", include("district_site.services.urls_manage")),
    path("manage/projects/", include("district_site.projects.urls_manage")),
    path("manage/documents/", include("district_site.documents.urls_manage")),
    path("manage/forums/", include("district_site.forums.urls_manage")),
    path("manage/revisions/", include("district_site.revisions.urls_manage")),
    path("manage/council/", include("district_site.council.urls_manage")),
    path("manage/open-data/", include("district_site.opendata.urls_manage")),
    # Data files and the API are the same in every language: no language prefix.
    path("open-data/", include("district_site.opendata.urls")),
    path("api/v1/", include("district_site.opendata.urls_api")),
]
urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("p/<slug:slug>/", page_views.page_detail, name="page"),
    path("feedback/", include("district_site.feedback.urls")),
    path("budget/", include("district_site.budget.urls")),
    path("news/", include("district_site.news.urls")),
    path("services/", include("district_site.services.urls")),
    path("projects/", include("district_site.projects.urls")),
    path("documents/", include("district_site.documents.urls")),
    path("forums/", include("district_site.forums.urls")),
    path("search/", search_views.search, name="search"),
    path("council/", include("district_site.council.urls")),
    path("open-data/", opendata_views.index, name="opendata_index"),
    prefix_default_language=False,
)

handler404 = "district_site.core.views.page_not_found"
handler500 = "district_site.core.views.server_error"
