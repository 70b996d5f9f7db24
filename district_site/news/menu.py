from django.utils.translation import gettext_lazy as _

LINKS = [(10, _("News"), "news:list")]
CONSOLE_LINKS = [(60, _("News and activities"), "news_manage:list")]
FEEDS = [
    (_("News of %(name)s district"), "RSS", "application/rss+xml", "news:rss"),
    (_("News of %(name)s district"), "Atom", "application/atom+xml", "news:atom"),
]
