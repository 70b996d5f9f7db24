"""Khmer first: a bilingual field reads English on the English site only where there is
English, for every app's models alike."""

from django.utils import translation

from district_site.content.language import bilingual, in_language
from district_site.news.models import NewsPost
from district_site.services.models import Service


class Notice:
    title = bilingual("title")

    def __init__(self, km, en):
        self.title_km, self.title_en = km, en


def test_the_english_site_reads_the_english_text():
    with translation.override("en"):
        assert Notice("សេចក្តីជូនដំណឹង", "Notice").title == "Notice"
        assert in_language("ភូមិ", "Village") == "Village"


def test_the_khmer_site_reads_khmer_even_where_english_exists():
    with translation.override("km"):
        assert Notice("សេចក្តីជូនដំណឹង", "Notice").title == "សេចក្តីជូនដំណឹង"
        assert in_language("ភូមិ", "Village") == "ភូមិ"


def test_the_english_site_shows_the_khmer_text_where_english_is_missing():
    with translation.override("en"):
        assert Notice("សេចក្តីជូនដំណឹង", "").title == "សេចក្តីជូនដំណឹង"


def test_the_apps_models_read_their_fields_through_the_one_helper():
    post = NewsPost(title_km="ព័ត៌មាន", title_en="News", body_km="អត្ថបទ", body_en="")
    service = Service(name_km="សំបុត្រកំណើត", name_en="Birth certificate", notes_km="កំណត់")
    with translation.override("en"):
        assert (post.title, post.body) == ("News", "អត្ថបទ")
        assert (service.name, service.notes) == ("Birth certificate", "កំណត់")
    assert NewsPost.title.fget.__qualname__ == bilingual("x").fget.__qualname__
