"""What the figures were measured on: every section names it, since absolute figures are only
comparable on the same kind of machine."""

import os
import platform
from importlib import metadata
from pathlib import Path


def describe(database):
    """(label, value) pairs for the machine, the software stack and ``database``'s server (none
    when ``database`` is None: a benchmark with a server of its own names it itself)."""
    server = []
    if database is not None:
        with database.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0].split()[0]
        where = "embedded (pgserver, unix socket)" if database.embedded else "DATABASE_URL"
        server = [("PostgreSQL", f"{server_version}, {where}")]
    stack = ", ".join(
        f"{package} {metadata.version(package)}"
        for package in ("Django", "django-tenants", "gunicorn", "psycopg2-binary")
    )
    return [
        ("CPU", _cpu_model()),
        ("cores", _cores()),
        ("memory", _memory()),
        ("OS", _os_name()),
        ("Python", platform.python_version()),
        *server,
        ("stack", stack),
    ]


def as_markdown(pairs):
    return "\n".join(f"- **{label}**: {value}" for label, value in pairs)


def _cpu_model():
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _cores():
    logical = os.cpu_count()
    try:
        import psutil

        physical = psutil.cpu_count(logical=False)
    except ImportError:
        physical = None
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    text = f"{logical} logical"
    if physical:
        text += f", {physical} physical"
    if usable != logical:
        text += f", {usable} usable by this process"
    return text


def _memory():
    try:
        import psutil

        total = psutil.virtual_memory().total
    except ImportError:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{total / 2**30:.1f} GiB"


def _os_name():
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))}, kernel {platform.release()}"
    return platform.platform()
