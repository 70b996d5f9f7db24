"""The console is in Khmer by default, whatever the browser asks for; its language switch turns
it to English and back, keeping the officer on the same screen. The officer manual is served
inside the console in the officer's language, linked from every console page."""

from django.utils import translation


def _khmer(text):
    with translation.override("km"):
        return translation.gettext(text)


def test_the_console_is_in_khmer_even_for_an_english_browser(make_district, officer):
    client = officer(make_district(), "district_admin")

    response = client.get("/manage/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "km"
    assert '<html lang="km">' in response.content.decode()
    assert _khmer("What needs doing") in response.content.decode()


def test_the_switch_turns_the_console_to_english_on_the_same_screen_and_back(
    make_district, officer
):
    client = officer(make_district(), "district_admin")
    client.get("/manage/news/")

    switched = client.get("/manage/language/en/", {"next": "/manage/news/"})

    assert switched.status_code == 302 and switched["Location"] == "/manage/news/"
    english = client.get("/manage/news/")
    assert english["Content-Language"] == "en"
    assert "Write a news post" in english.content.decode()
    back = client.get("/manage/language/km/", {"next": "/manage/news/"})
    assert back["Location"] == "/manage/news/"
    assert _khmer("Write a news post") in client.get("/manage/news/").content.decode()


def test_every_console_page_carries_the_switch_back_to_the_same_screen(make_district, officer):
    client = officer(make_district(), "district_admin")

    content = client.get("/manage/officers/").content.decode()

    assert 'href="/manage/language/en/?next=/manage/officers/"' in content


def test_the_switch_refuses_to_send_the_officer_to_another_site(make_district, officer):
    client = officer(make_district(), "district_admin")

    response = client.get("/manage/language/en/", {"next": "https://evil.example/"})
    unknown = client.get("/manage/language/fr/", {"next": "/manage/"})

    assert response["Location"] == "/manage/"
    assert unknown.status_code == 404


def test_citizens_pages_keep_their_language_from_the_address(make_district, officer):
    """An officer who chose English in the console still reads the Khmer site at unprefixed
    addresses."""
    district = make_district()
    client = officer(district, "district_admin")
    client.get("/manage/language/en/", {"next": "/manage/"})

    assert client.get("/")["Content-Language"] == "km"
    assert client.get("/en/")["Content-Language"] == "en"


def test_the_manual_is_served_in_the_officers_language_and_linked_from_every_page(
    make_district, officer
):
    client = officer(make_district(), "editor")

    khmer = client.get("/manage/manual/").content.decode()
    client.get("/manage/language/en/", {"next": "/manage/manual/"})
    english = client.get("/manage/manual/").content.decode()

    assert "<h3" in khmer and "គណនីរបស់អ្នក" in khmer and "Your account" not in khmer
    assert "Your account" in english and "គណនីរបស់អ្នក" not in english
    assert 'id="officers"' in english and 'id="council"' in english
    assert "{#" not in english
    for path in ("/manage/", "/manage/news/", "/manage/council/"):
        assert 'href="/manage/manual/"' in client.get(path).content.decode(), path


def test_the_manual_needs_a_login(make_district, host_client):
    response = host_client(make_district().primary_domain).get("/manage/manual/")

    assert response.status_code == 302


def test_the_manuals_html_is_sanitised(tmp_path, monkeypatch):
    """Raw HTML and script links in the file never reach the browser."""
    from district_site.manage import manual

    page = tmp_path / "manual.md"
    page.write_text(
        "## English\n\n### Hi {#hi}\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"
        '\n<img src=x onerror="alert(1)">\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(manual, "MANUAL", page)

    html = manual.render("en")

    assert '<h3 id="hi">Hi</h3>' in html
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert "<h2>English" not in html
