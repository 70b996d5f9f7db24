"""Every string marked for translation in the source is in the Khmer catalogue: a new
untranslated string fails here, before an officer or a citizen meets it in English.

Runs Django's makemessages (xgettext underneath), as ``make messages`` does, on a copy of the
source in a temporary directory, and compares its msgids with locale/km/LC_MESSAGES/django.po.
"""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from .test_translations import CATALOGUE, ROOT, _entries

SOURCES = ("district_site", "platform_site", "tenants")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_every_msgid_of_the_source_is_in_the_catalogue(tmp_path):
    for name in SOURCES:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    # The copy's settings are the project's own, imported from the copy: LOCALE_PATHS there
    # names the copy's (empty) locale folder, so the real catalogue is never written.
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "km", "--no-obsolete",
         "--ignore", "staticfiles/*"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        # The same database settings as this run (settings.py would otherwise start an
        # embedded PostgreSQL in the copy's folder): makemessages never touches it.
        env={
            **os.environ,
            "SROK_DEVELOPMENT": "1",
            "SROK_DATA_DIR": str(settings.DATA_DIR),
            "PYTHONPATH": str(tmp_path),
        },
    )  # fmt: skip
    extracted = _entries((tmp_path / "locale/km/LC_MESSAGES/django.po").read_text("utf-8"))
    catalogue = {
        msgid for msgid, _msgstr, _flags in _entries((CATALOGUE / "django.po").read_text("utf-8"))
    }

    missing = sorted(str(msgid) for msgid, _msgstr, _flags in extracted if msgid not in catalogue)

    assert not missing, f"not in the catalogue (run `make messages` and translate): {missing}"
    assert len(extracted) > 200
