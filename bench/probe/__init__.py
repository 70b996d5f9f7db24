"""A benchmark-only district app whose one migration adds a column to a district table
(``pages_page.bench_probe``): the "one new migration" of ``bench.migrate``. bench.settings
installs it when SROK_BENCH_PROBE_MIGRATION is set; bench.migrate removes what it added after
each measurement, so the benchmark databases stay as the code has them."""
