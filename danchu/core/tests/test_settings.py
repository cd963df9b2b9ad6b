"""Every setting the code reads is declared in settings.py (with its type), and every one read from
the environment is documented in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import global_settings

import danchu

ROOT = Path(danchu.__file__).parent
SETTINGS = (ROOT / "settings.py").read_text()
DECLARED = set(re.findall(r"^([A-Z][A-Z0-9_]+)\s*(?::[^=\n]+)?=", SETTINGS, re.M))
ENV_EXAMPLE = (ROOT.parent / ".env.example").read_text()


def test_every_setting_the_code_reads_is_declared() -> None:
    read: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts or path.name == "settings.py":
            continue
        text = path.read_text()
        for name in re.findall(r"\bsettings\.([A-Z][A-Z0-9_]+)", text):
            read.setdefault(name, str(path.relative_to(ROOT)))
        for name in re.findall(r"getattr\(settings, \"([A-Z][A-Z0-9_]+)\"", text):
            read.setdefault(name, str(path.relative_to(ROOT)))
    missing = {n: where for n, where in read.items() if n not in DECLARED and not hasattr(global_settings, n)}
    assert not missing, f"settings read but never declared in settings.py: {missing}"


def test_every_environment_variable_is_in_env_example() -> None:
    names = set(re.findall(r"env(?:str|bool|int|float|list)\(\s*\"([A-Z][A-Z0-9_]+)\"", SETTINGS))
    names -= {"DANCHU_VAR_DIR"}
    missing = sorted(n for n in names if not re.search(rf"^#?\s*{n}=", ENV_EXAMPLE, re.M))
    assert not missing, f"environment variables missing from .env.example: {missing}"


def test_the_page_cache_is_off_by_default_without_a_shared_store() -> None:
    """Without Redis each process would keep its own copy that another process's publication cannot
    forget (the job consumer, a second worker): off unless PAGE_CACHE_SECONDS asks for it."""
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)"
    )
    base = {k: v for k, v in os.environ.items() if not k.endswith("REDIS_URL") and k != "PAGE_CACHE_SECONDS"}
    base["DJANGO_SETTINGS_MODULE"] = "danchu.settings"

    def seconds(**extra: str) -> str:
        out = subprocess.run(
            [sys.executable, "-c", code], env={**base, **extra}, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout.strip().splitlines()[-1]

    assert seconds() == "0"
    assert seconds(PAGE_CACHE_REDIS_URL="redis://127.0.0.1:6379/2") == "300"
    assert seconds(PAGE_CACHE_SECONDS="60") == "60"


def test_make_run_keeps_no_database_connection_between_requests() -> None:
    """The development server of `make run` answers each request in a new thread: with persistent
    connections they piled up on PostgreSQL until it refused more (672 API answers were 500 in a fuzz
    of the PostgreSQL demo, 2026-12-03). Its environment sets the lifetime to 0."""
    makefile = (ROOT.parent / "Makefile").read_text()
    run_env = re.search(r"^RUN_ENV := (.*?[^\\])$", makefile, re.M | re.S)
    assert run_env is not None
    assert re.search(r"\bDB_CONN_MAX_AGE=0\b", run_env.group(1))
    assert re.search(r'envint\("DB_CONN_MAX_AGE"', SETTINGS)
