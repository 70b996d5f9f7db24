"""URLs of the platform's own host (PUBLIC_SCHEMA_URLCONF): the district directory and the
provincial console, Khmer at unprefixed URLs and English under /en/; Caddy's TLS ask endpoint.
/healthz is answered by platform_site.health before routing."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from platform_site.directory import opendata as open_data_views
from platform_site.directory import views as directory_views
from tenants.views import tls_ask

# A database outage gets a 503 page in Khmer and English (tenants/unavailable.py).
handler500 = "tenants.unavailable.server_error"

urlpatterns = [
    path("tls/ask", tls_ask, name="tls_ask"),
    # Data files are the same in every language: no language prefix.
    path("open-data/<str:name>", open_data_views.open_data_file, name="open_data_file"),
]
urlpatterns += i18n_patterns(
    path("", directory_views.home, name="home"),
    path("console/", include("platform_site.console.urls")),
    path("open-data/", open_data_views.open_data_page, name="open_data"),
    prefix_default_language=False,
)
