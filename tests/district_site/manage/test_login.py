"""Officers are accounts of their own district: they exist in its schema and nowhere else."""

from tests.conftest import PASSWORD


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
