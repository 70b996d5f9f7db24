"""``make bench``: measured figures, each against a baseline taken in the same run.

Each benchmark is a module here with ``run(options) -> report.Section``, registered by a short
name in ``bench.__main__.BENCHMARKS``. ``python -m bench NAME`` runs one, ``python -m bench`` runs
them all; each writes its own section of docs/benchmarks.md and leaves the others as they were.

Figures are reported, never judged: no number here passes or fails anything. Absolute figures
depend on the machine, which every section names; the ratios against the in-run baseline are
what carries from one machine to another.

Benchmark-only Django wiring (``bench.settings``, ``bench.urls``) lives here too, so nothing in
the product's apps exists for the sake of a measurement.
"""
