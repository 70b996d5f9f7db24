"""Each pytest-xdist worker gets services of its own, before Django reads its settings.

Loaded with ``-p tests.parallel`` (pyproject's addopts), so it runs before pytest-django sets
Django up. A worker already has its own test database and Celery queue (both named after its
process in conftest.py), its own media and backup folders (pytest's per-worker temporary
directory) and its own moto S3 server; here it also gets its own Redis database index, so that
nothing one worker leaves in Redis (queued tasks, results) can be seen by another.

It also orders each worker's collection so the long tests run first (see
``pytest_collection_modifyitems``): those the last run measured over 10 s, and those whose
docstring says "Slow (about ...)". With ``--dist worksteal`` a worker that runs out of tests
takes half of the other's queue from its end, so what is left at the end of a run is short tests
that spread over both workers, never one long test that keeps one worker busy while the other
waits.
"""

import os
import re

import pytest

REDIS_DATABASES = 16  # Redis's default number of databases
FIRST_TEST_DATABASE = 15  # database 15 is the tests' own (tests/prepare_machine.sh)


def worker_number():
    """0 for the first xdist worker (or a run without xdist), 1 for the next, and so on."""
    match = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", "gw0"))
    return int(match.group(1)) if match else 0


def _own_redis_database(url, number):
    database = (FIRST_TEST_DATABASE - number) % REDIS_DATABASES
    return re.sub(r"/\d+$", f"/{database}", url) if re.match(r"redis://", url) else url


def _give_this_worker_its_own_redis_database():
    number = worker_number()
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        if os.environ.get(name):
            os.environ[name] = _own_redis_database(os.environ[name], number)


_give_this_worker_its_own_redis_database()


# A test over 20 s says why in its docstring, with an estimate ("Slow (about 10-30 s): ...",
# "Slow (about 2-5 min)"); the upper bound is what the ordering below goes by when the last run
# on this checkout did not measure the test.
SLOW = re.compile(r"Slow \(about (?:[\d.]+-)?([\d.]+) (s|min)\b")
# Tests shorter than this keep their place: the order of short tests should not change from run
# to run with the machine's load.
LONG = 10
# Where the controller keeps each test's seconds (its call, not its set-up: a worker's first
# test carries the worker's database and browser start) from the last run, in pytest's cache
# (.pytest_cache), and the name under which it hands them to its workers.
DURATIONS = "srok/durations"


def expected_seconds(item, measured):
    """The greater of the test's seconds in the last run that ran it and the upper bound of its
    own "Slow (about ...)" estimate; 0 if under ``LONG``."""
    function = getattr(item, "function", None)
    match = SLOW.search(" ".join((getattr(function, "__doc__", None) or "").split()))
    estimate = float(match.group(1)) * (60 if match.group(2) == "min" else 1) if match else 0
    seconds = max(estimate, measured.get(item.nodeid, 0))
    return seconds if seconds >= LONG else 0


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """On the controller, for each worker it starts: the last run's durations, read once here
    and handed to every worker, so all workers sort the same collection the same way (xdist
    stops a run whose workers collected different orders) even if another run writes the cache
    meanwhile."""
    cache = getattr(node.config, "cache", None)
    node.workerinput[DURATIONS] = cache.get(DURATIONS, {}) if cache else {}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """On an xdist worker, the files with the longest tests first, longest first, and in a file
    its long tests first; everything else keeps its order. Whole files move, so a file's
    module-scoped set-up is still made once. Without xdist (``-n 0``) the order is pytest's
    own."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        items[:] = longest_first(items, workerinput.get(DURATIONS, {}))


def longest_first(items, measured):
    """``items`` in the order described above, ``measured`` being {node id: seconds}."""
    seconds = {item.nodeid: expected_seconds(item, measured) for item in items}
    slowest_in_file, first_in_file = {}, {}
    for index, item in enumerate(items):
        file = _file(item)
        slowest_in_file[file] = max(slowest_in_file.get(file, 0), seconds[item.nodeid])
        first_in_file.setdefault(file, index)
    # sorted() is stable: ties keep the collection's order.
    return sorted(
        items,
        key=lambda item: (
            -slowest_in_file[_file(item)],
            first_in_file[_file(item)],  # a file's tests stay together
            -seconds[item.nodeid],
        ),
    )


def _file(item):
    return item.nodeid.split("::", 1)[0]


_durations = {}


def pytest_runtest_logreport(report):
    # On the controller this sees every worker's reports; on a worker, its own (not kept).
    if report.when == "call":
        _durations[report.nodeid] = report.duration


def pytest_sessionfinish(session):
    """The controller (or a run without xdist) keeps this run's durations for the next run,
    beside those of tests it did not run (a run of a few files forgets nothing)."""
    cache = getattr(session.config, "cache", None)
    if cache is None or hasattr(session.config, "workerinput") or not _durations:
        return
    kept = cache.get(DURATIONS, {})
    kept.update({nodeid: round(seconds, 2) for nodeid, seconds in _durations.items()})
    cache.set(DURATIONS, kept)
