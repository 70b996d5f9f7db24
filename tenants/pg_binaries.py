"""PostgreSQL's client programs (pg_dump, pg_restore, psql, pg_ctl) as shipped inside the
pgserver wheel: the project installs them itself, so every machine has the same version (16),
which reads any server up to 16."""

import warnings
from pathlib import Path


def bin_dir() -> Path:
    with warnings.catch_warnings():
        # pgserver computes a runtime folder at import; without XDG_RUNTIME_DIR (cron, CI,
        # root shells) platformdirs warns and falls back to /tmp, which is fine here.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        from pgserver._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


def pg_binary(program: str) -> str:
    return str(bin_dir() / program)
