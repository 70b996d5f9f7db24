"""tenants links to the sites' pages by purpose; the sites say where each purpose lives."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tenants import links


def test_the_district_site_registers_where_its_console_pages_are():
    assert links.path_for(links.OFFICER_LOGIN) == "/manage/login/"
    assert links.path_for(links.SUPPORT_HANDOVER, "abc") == "/manage/support/abc/"
    assert links.path_for(links.OFFICER_INVITATION, "MQ", "set-token") == (
        "/manage/invitation/MQ/set-token/"
    )
    assert links.path_for(links.PROVINCIAL_LOGIN).endswith("/console/login/")


def test_a_purpose_no_site_registered_fails_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="no_such_purpose"):
        links.path_for("no_such_purpose")
