"""`python -m bench.run [NAME ...]` runs `bench/NAME.py:main()` for each NAME, or every bench when none
is given (`make bench`; `make bench BENCH=NAME` for one)."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Modules of bench/ that define main() (others are their helpers: settings, URL confs…)."""
    return sorted(
        p.stem
        for p in HERE.glob("*.py")
        if p.stem not in {"__init__", "run", "runner"} and "\ndef main(" in p.read_text(encoding="utf-8")
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help", "--list"):
        print("usage: python -m bench.run [NAME ...]   (make bench [BENCH=NAME])")
        print("benches: " + ", ".join(available()))
        return 0
    unknown = [a for a in args if a not in available()]
    if unknown:
        print(f"unknown bench {', '.join(unknown)}; benches: {', '.join(available())}")
        return 2
    failed = []
    # The floors first: every later row can be read against them.
    names = args or sorted(available(), key=lambda n: (n != "floors", n))
    for name in names:
        started = time.monotonic()
        print(f"== {name}", flush=True)
        try:
            result = int(importlib.import_module(f"bench.{name}").main() or 0)
        except Exception as e:  # one broken bench must not hide the others' results
            print(f"   {name} failed: {e!r}", flush=True)
            result = 1
        print(f"   {name}: exit {result} in {time.monotonic() - started:.0f} s", flush=True)
        if result:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
