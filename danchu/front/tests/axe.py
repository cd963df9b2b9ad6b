"""axe-core (npm, a dev dependency in package.json) run in a browser test's page: the accessibility
rules a screen-reader or keyboard user meets (names of controls, focusable scrolling regions, nested
interactive elements, heading order, table headers). Evaluated through the DevTools protocol, so the
pages' Content-Security-Policy stays on."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.conf import settings

RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
  v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))"""


@functools.cache
def _source() -> str:
    path = settings.PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.skip("axe-core is not installed (make install runs npm install)")
    return path.read_text(encoding="utf-8")


def violations(page: Any) -> list[str]:
    """The page's accessibility violations, one line each: rule (impact): the first elements."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(_source())
    return list(page.evaluate(RUN))
