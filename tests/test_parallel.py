"""The order each xdist worker runs the tests in (tests/parallel.py): long tests first, files
kept whole, everything else where it was."""

from types import SimpleNamespace

from tests.parallel import expected_seconds, longest_first


def _item(nodeid, doc=None):
    def function():
        pass

    function.__doc__ = doc
    return SimpleNamespace(nodeid=nodeid, function=function)


def test_a_docstrings_slow_estimate_counts_by_its_upper_bound_in_seconds():
    assert expected_seconds(_item("a.py::t", "Slow (about 2-5 min): deploys."), {}) == 300
    assert expected_seconds(_item("a.py::t", "Checks.\n\n    Slow (about\n 10-30 s)."), {}) == 30
    assert expected_seconds(_item("a.py::t", "Quick."), {}) == 0


def test_the_last_runs_measure_counts_when_greater_and_short_tests_count_as_none():
    assert expected_seconds(_item("a.py::t", "Slow (about 10-20 s)."), {"a.py::t": 95.5}) == 95.5
    assert expected_seconds(_item("a.py::t", "Slow (about 2-5 min)."), {"a.py::t": 40}) == 300
    assert expected_seconds(_item("a.py::t"), {"a.py::t": 9.9}) == 0


def test_files_with_long_tests_come_first_whole_and_the_rest_keep_their_order():
    items = [
        _item("a.py::quick"),
        _item("b.py::first"),
        _item("b.py::long", "Slow (about 10-40 s)."),
        _item("c.py::one"),
        _item("d.py::only"),
        _item("a.py::later"),  # a file's tests stay together even if collected apart
    ]

    ordered = longest_first(items, {"d.py::only": 120, "c.py::one": 3})

    assert [item.nodeid for item in ordered] == [
        "d.py::only",
        "b.py::long",
        "b.py::first",
        "a.py::quick",
        "a.py::later",
        "c.py::one",
    ]
