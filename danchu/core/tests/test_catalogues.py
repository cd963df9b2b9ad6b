"""The Vietnamese catalogue of every app compiles and is complete (no untranslated or fuzzy entry)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import danchu

CATALOGUES = sorted(Path(danchu.__file__).parent.glob("*/locale/vi/LC_MESSAGES/django.po"))


def test_every_app_with_strings_has_a_vietnamese_catalogue() -> None:
    apps = {p.parts[-5] for p in CATALOGUES}
    assert {
        "core",
        "front",
        "places",
        "accounts",
        "disclosures",
        "cases",
        "reporting",
        "steering",
        "meetings",
        "consultations",
        "works",
        "oversight",
        "workplaces",
        "newrural",
        "adminreform",
    } <= apps


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed (make sysdeps)")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_compiles_and_is_complete(po: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip().splitlines()[-1]
    assert "untranslated" not in stats and "fuzzy" not in stats, f"{po}: {stats}"


def _entries(po: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr of a catalogue (plural forms by their first msgstr)."""
    entries: dict[tuple[str, str], str] = {}
    ctx = msgid = None
    current: list[str] = []
    field = ""

    def unquote(line: str) -> str:
        return line.strip()[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")

    def flush() -> None:
        nonlocal ctx, msgid
        if msgid:
            entries[(ctx or "", msgid)] = "".join(current)
        ctx = msgid = None

    for raw in po.read_text().splitlines() + [""]:
        line = raw.strip()
        if line.startswith("#~") or line.startswith("#"):
            continue
        if line.startswith("msgctxt "):
            flush()
            field, ctx = "ctx", unquote(line[8:])
        elif line.startswith("msgid "):
            if field != "ctx":
                flush()
            field, msgid, current = "id", unquote(line[6:]), []
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith("msgstr"):
            field = "str" if (line.startswith("msgstr ") or line.startswith("msgstr[0]")) else "other"
            if field == "str":
                current = [unquote(line.split(" ", 1)[1])]
        elif line.startswith('"'):
            if field == "id" and msgid is not None:
                msgid += unquote(line)
            elif field == "ctx" and ctx is not None:
                ctx += unquote(line)
            elif field == "str":
                current.append(unquote(line))
        elif not line:
            flush()
            field = ""
    return entries


def test_one_msgid_has_one_translation_across_catalogues() -> None:
    """Django merges every app's catalogue and the first one wins, so the same English msgid
    translated two ways shows the wrong word somewhere ("Title" as "Chức danh" on a disclosure form).
    A msgid that means two things gets a context (pgettext)."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    clashes = []
    for po in CATALOGUES:
        app = po.parts[-5]
        for key, text in _entries(po).items():
            if not text:
                continue
            if key in seen and seen[key][1] != text:
                clashes.append(
                    f"{key[1]!r}{' (' + key[0] + ')' if key[0] else ''}: {seen[key][0]} “{seen[key][1]}” ≠ {app} “{text}”"
                )
            seen.setdefault(key, (app, text))
    assert not clashes, f"{len(clashes)} msgids translated differently:\n" + "\n".join(clashes)


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is not installed (make sysdeps)")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_string_of_the_code_is_in_the_catalogue(po: Path, tmp_path: Path) -> None:
    """A string added to a template or module without `makemessages` is shown in English, and the
    compiled-catalogue check above cannot see a msgid the catalogue never received: extract the app's
    strings again, in a copy (the working tree stays untouched), and require a translation for each.
    `-P`: the copy is the working directory, and its modules (`calendar.py`…) must not shadow the
    standard library."""
    app = po.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("tests", "static", "migrations", "__pycache__"))
    made = subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", "-v", "0"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings"},
    )
    assert made.returncode == 0, made.stderr
    fresh = str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    missing = []
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(["msgattrib", flag, "--no-wrap", fresh], capture_output=True, text=True).stdout
        missing += [
            line[6:] for line in out.splitlines() if line.startswith('msgid "') and line != 'msgid ""'
        ]
    assert not missing, f"{app.name}: strings without a Vietnamese translation (run makemessages):\n" + (
        "\n".join(missing[:30])
    )
