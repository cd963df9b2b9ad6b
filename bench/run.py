"""`python -m bench.run NAME` runs `bench/NAME.py:main()` (what `make bench BENCH=NAME` calls)."""

from __future__ import annotations

import importlib
import sys
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
    if not args or args[0] not in available():
        print("usage: python -m bench.run NAME   (make bench BENCH=NAME)")
        print("benches: " + ", ".join(available()))
        return 2
    module = importlib.import_module(f"bench.{args[0]}")
    result = module.main()
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
