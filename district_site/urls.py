"""URLs of a district's host (ROOT_URLCONF). Citizen pages are Khmer at unprefixed URLs and
English under /en/; the officer console and media are not language-prefixed. The apps' own URLs
are gathered from their URL modules (district_site.core.contributions), never listed here."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from district_site.core import media_access, sharing
from district_site.core import views as core_views
from district_site.core.contributions import url_includes

urlpatterns = [
    path("robots.txt", sharing.robots_txt, name="robots_txt"),
    path("sitemap.xml", sharing.sitemap_xml, name="sitemap_xml"),
    path("media/<path:path>", media_access.serve, name="media"),
    path("manage/", include(url_includes("urls_manage"))),
    # The audit log and restoring are console screens of the base (manage), in their own
    # namespace ("revisions:audit_log"); manage's own urls_manage.py holds the "manage" one.
    path("manage/revisions/", include("district_site.manage.urls_revisions")),
    *url_includes("urls_unprefixed"),
]
urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    *url_includes("urls"),
    prefix_default_language=False,
)

handler404 = "district_site.core.views.page_not_found"
handler500 = "district_site.core.views.server_error"
