"""``python -m bench [--quick] [NAME ...]``: run the named benchmarks (all without a name), print
each one's section, and write them into docs/benchmarks.md."""

import argparse
import importlib
import sys

from . import report

# name -> module with run(options) -> report.Section, in the order their sections appear.
BENCHMARKS = {
    "http": "bench.page_speed",
    "pages": "bench.pages",
    "onboarding": "bench.onboarding",
    "budget": "bench.budget",
    "opendata": "bench.opendata",
    "search": "bench.search",
    "migrate": "bench.migrate",
    "backups": "bench.backups",
    "memory": "bench.memory",
    "recovery": "bench.recovery",
    "faults": "bench.faults",
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a few requests only, to try the benchmarks out; docs/benchmarks.md is not written",
    )
    options = parser.parse_args(argv)
    unknown = [name for name in options.names if name not in BENCHMARKS]
    if unknown:
        parser.error(
            f"no benchmark named {', '.join(unknown)} (there are: {', '.join(BENCHMARKS)})"
        )
    names = options.names or list(BENCHMARKS)

    sections = []
    for name in names:
        section = importlib.import_module(BENCHMARKS[name]).run(options)
        print(f"\n{section.markdown()}", flush=True)
        sections.append(section)
    if options.quick:
        print("--quick: docs/benchmarks.md left as it was.")
    else:
        path = report.write(sections, list(BENCHMARKS))
        print(f"Written to {path.relative_to(path.parent.parent)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
