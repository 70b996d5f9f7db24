import pytest
from django.test import Client

from tests.conftest import PASSWORD, current_code


@pytest.fixture
def console(provincial_admin):
    """A client on the platform host, logged in with password and second factor."""
    client = Client(HTTP_HOST="localhost")
    response = client.post(
        "/en/console/login/",
        {
            "username": provincial_admin["email"],
            "password": PASSWORD,
            "otp_token": current_code(provincial_admin["device"]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.admin = provincial_admin
    return client
