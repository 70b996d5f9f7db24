"""Officers are accounts of their own district: they exist in its schema and nowhere else."""

from tests.conftest import PASSWORD

from ..conftest import says


def _log_in(client, email):
    return client.post("/manage/login/", {"username": email, "password": PASSWORD})


def test_an_officer_logs_in_on_their_own_districts_host(host_client, district_a, make_officer):
    email = make_officer(district_a)
    client = host_client(district_a.primary_domain)

    response = _log_in(client, email)

    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200


def test_an_officer_of_a_cannot_log_in_on_bs_host(
    host_client, district_a, district_b, make_officer
):
    email = make_officer(district_a)
    client = host_client(district_b.primary_domain)

    response = _log_in(client, email)

    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert client.get("/manage/").status_code == 302


def test_a_session_of_a_means_nothing_on_bs_host(host_client, district_a, district_b, make_officer):
    email = make_officer(district_a)
    client_a = host_client(district_a.primary_domain)
    _log_in(client_a, email)
    session_cookie = client_a.cookies["sessionid"].value

    client_b = host_client(district_b.primary_domain)
    client_b.cookies["sessionid"] = session_cookie

    assert client_b.get("/manage/").status_code == 302


def test_the_console_needs_a_login(host_client, district_a):
    response = host_client(district_a.primary_domain).get("/manage/")

    assert response.status_code == 302
    assert response["Location"].startswith("/manage/login/")


def test_logging_in_pauses_after_repeated_failures_even_with_the_right_password(
    host_client, make_district, make_officer, settings
):
    """After LOGIN_FAILURE_LIMIT wrong passwords, even the right one is refused for a while,
    with a message that says how long to wait."""
    district = make_district()
    email = make_officer(district)
    client = host_client(district.primary_domain)

    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        wrong = client.post("/manage/login/", {"username": email, "password": "not-it"})
        assert wrong.status_code == 200
    response = _log_in(client, email)

    assert response.status_code == 200
    assert says(response, "Too many failed attempts. Wait 15 minutes, then try again.")
    assert "_auth_user_id" not in client.session


def test_the_pause_is_per_district_and_a_success_clears_the_count(
    host_client, make_district, make_officer, settings
):
    """Failures on one district's console do not lock the same address out of another's, and
    a successful login starts the count again."""
    district_a, district_b = make_district(), make_district()
    email_a = make_officer(district_a)
    client_a = host_client(district_a.primary_domain)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client_a.post("/manage/login/", {"username": email_a, "password": "not-it"})
    assert _log_in(client_a, email_a).status_code == 302
    client_a.post("/manage/logout/")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client_a.post("/manage/login/", {"username": email_a, "password": "not-it"})

    assert _log_in(host_client(district_a.primary_domain), email_a).status_code == 302
    email_b = make_officer(district_b)
    client_b = host_client(district_b.primary_domain)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client_b.post("/manage/login/", {"username": email_b, "password": "not-it"})
    assert _log_in(host_client(district_a.primary_domain), email_a).status_code == 302
