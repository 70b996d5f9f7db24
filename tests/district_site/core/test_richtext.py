"""The rich text gate (nh3's allow-list) and the widget every rich body field uses: a textarea
of plain paragraphs without JavaScript, the stored HTML for the editor, and the district's own
photos as the only images."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.core import richtext
from district_site.core.richtext import RichTextarea, sanitize, to_plain
from district_site.forums.forms import ForumForm
from district_site.news.forms import NewsPostForm
from district_site.news.models import NewsPhoto, NewsPost

OWN = "/media/news/3f2a-9c1e-720.jpg"


def test_the_editors_subset_survives_the_gate():
    html = (
        "<h2>ក</h2><h3>ខ</h3><h4>គ</h4><p>ឃ <strong>ង</strong> <em>ច</em></p>"
        '<ul><li>ឆ</li></ul><ol><li>ជ</li></ol><p><a href="https://example.org/">ឈ</a></p>'
    )

    cleaned = sanitize(html)

    for tag in ("<h2>", "<h3>", "<h4>", "<strong>", "<em>", "<ul>", "<ol>", "<li>"):
        assert tag in cleaned
    assert '<a href="https://example.org/" rel="noopener noreferrer">ឈ</a>' in cleaned


def test_trix_markup_leaves_only_the_allowed_tags_and_no_comments():
    html = (
        "<p><!--block-->ក</p><div>ខ</div><del>គ</del><pre>ឃ</pre>"
        f'<figure data-trix-attachment="{{}}" class="attachment"><img src="{OWN}" width="720">'
        '<figcaption class="attachment__caption"></figcaption></figure>'
    )

    assert sanitize(html) == f'<p>ក</p>ខគឃ<img alt="" src="{OWN}">'


@pytest.mark.parametrize(
    "src",
    [
        "https://elsewhere.example/photo.jpg",
        "//elsewhere.example/media/photo.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "/media/../../etc/passwd.jpg",
        "/media/news/report.pdf",
        "/static/logo.png",
    ],
)
def test_an_image_is_kept_only_from_the_districts_own_media(src):
    assert sanitize(f'<p>ក</p><img src="{src}" alt="x">') == "<p>ក</p>"


def test_an_image_from_the_library_keeps_its_alt_text():
    assert sanitize(f'<img src="{OWN}" alt="ស្ពាន">') == f'<img src="{OWN}" alt="ស្ពាន">'


def test_scripts_and_handlers_never_survive():
    html = '<h2 onclick="x()">ក</h2><script>alert(1)</script><a href="javascript:x()">ខ</a>'

    assert sanitize(html) == '<h2>ក</h2><a rel="noopener noreferrer">ខ</a>'
    assert richtext.has_unsafe_parts(html)


def test_a_photo_alone_is_not_a_blank_text():
    assert not richtext.is_blank(f'<img alt="" src="{OWN}">')
    assert richtext.is_blank("<p>&nbsp;\u200b</p>")


def test_stored_html_reads_as_plain_paragraphs():
    html = "<h2>ក</h2><p>ខ <b>គ</b><br>ឃ</p><ul><li>ង</li><li>ច</li></ul><p>a &lt; b</p>"

    assert to_plain(html) == "ក\n\nខ គ\nឃ\n\n• ង\n• ច\n\na < b"
    assert to_plain("ផ្ទាល់ ") == "ផ្ទាល់"


def test_the_textarea_shows_no_tag_and_carries_the_html_for_the_editor():
    html = "<h2>ក</h2><p>ខ <strong>គ</strong></p>"

    rendered = RichTextarea().render("body_km", html, {"id": "id_body_km"})

    textarea = rendered.split("<textarea", 1)[1].split("</textarea>", 1)[0]
    assert "ក\n\nខ គ" in textarea
    assert "&lt;" not in textarea and "<h2" not in textarea
    assert 'name="body_km__stored" value="&lt;h2&gt;ក&lt;/h2&gt;' in rendered
    # The toolbar stays inert (a <template>) for browsers without script.
    assert '<template class="richtext-toolbar">' in rendered


def test_what_the_editor_sends_is_taken_as_html():
    data = {"body_km": "<p>ក</p>", "body_km__format": "html", "body_km__stored": "<p>ខ</p>"}

    assert RichTextarea().value_from_datadict(data, {}, "body_km") == "<p>ក</p>"


def test_without_javascript_unchanged_text_keeps_the_stored_formatting():
    stored = '<h2>ក</h2><p>ខ <a href="https://example.org/">គ</a></p>'
    data = {"body_km": "ក\r\n\r\nខ គ", "body_km__stored": stored}

    assert RichTextarea().value_from_datadict(data, {}, "body_km") == stored


def test_without_javascript_changed_text_becomes_paragraphs():
    data = {"body_km": "ក\r\n\r\nខ ថ្មី", "body_km__stored": "<h2>ក</h2><p>ខ</p>"}

    value = RichTextarea().value_from_datadict(data, {}, "body_km")

    assert sanitize(value) == "<p>ក</p>\n\n<p>ខ ថ្មី</p>"


@pytest.mark.parametrize(
    ("form", "names"),
    [(NewsPostForm, ["body_km", "body_en"]), (ForumForm, ["agenda_km", "agenda_en"])],
)
def test_every_rich_body_field_of_the_console_uses_the_editor(form, names):
    for name in names:
        assert isinstance(form.base_fields[name].widget, RichTextarea), (form, name)
    assert "/static/richtext." in str(form().media)


def _post_with_photo(district, *, published, name):
    with tenant_context(district):
        post = NewsPost.objects.create(
            title_km=name,
            body_km="<p>ក</p>",
            is_published=published,
            publish_at=timezone.now() - timedelta(days=1),
        )
        NewsPhoto.objects.create(
            post=post, renditions={"360": f"news/{name}-360.jpg", "720": f"news/{name}-720.jpg"}
        )


def test_the_library_offers_the_photos_citizens_can_see_and_no_other_districts(
    officer, make_district
):
    district_a, district_b = make_district(), make_district()
    _post_with_photo(district_a, published=True, name="seen")
    _post_with_photo(district_a, published=False, name="draft")
    _post_with_photo(district_b, published=True, name="elsewhere")

    photos = officer(district_a).get("/manage/photo-library/").json()["photos"]

    assert photos == [
        {"src": "/media/news/seen-720.jpg", "thumb": "/media/news/seen-360.jpg", "label": "seen"}
    ]
    # Each photo it offers passes the gate.
    assert f'src="{photos[0]["src"]}"' in sanitize(f'<img src="{photos[0]["src"]}">')


def test_the_library_is_for_officers_only(host_client, make_district):
    district = make_district()

    response = host_client(district.primary_domain).get("/manage/photo-library/")

    assert response.status_code in (302, 403)


def test_plain_text_with_a_less_than_sign_reads_as_typed():
    assert to_plain("ទំហំ x < 5 និង y>2") == "ទំហំ x < 5 និង y>2"
