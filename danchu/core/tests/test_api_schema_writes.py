"""schemathesis over every WRITE operation of /api/v1 (POST, PUT, PATCH, DELETE) with a commune
officer's personal token, and as an anonymous caller: generated bodies, NUL bytes and over-long
strings included, must never get a 5xx, and every answer must be one the document declares
(its error body included). In-process through the WSGI application; bounded to a few examples per
operation (DANCHU_SCHEMATHESIS_WRITE_EXAMPLES, default 3)."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance

from .test_api_schema import _keep_the_test_connection  # noqa: F401 - the fixture
from .test_api_schema import officer_token as officer_token  # noqa: F401 - the fixture

EXAMPLES = int(os.environ.get("DANCHU_SCHEMATHESIS_WRITE_EXAMPLES", "3"))
CHECKS = [not_a_server_error, content_type_conformance]
BOUNDED = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def _load_schema() -> Any:
    from danchu.wsgi import application

    config = schemathesis.Config.from_dict(
        {"phases": {"coverage": {"enabled": False}}, "generation": {"max-examples": EXAMPLES}}
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config).include(
        method=["POST", "PUT", "PATCH", "DELETE"]
    )


schema = _load_schema()
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@schema.parametrize()
@BOUNDED
def test_write_operations_with_an_officer_token(case: Any, officer_token: str) -> None:
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {officer_token}"})


@schema.parametrize()
@BOUNDED
def test_write_operations_as_anonymous(case: Any) -> None:
    response = case.call_and_validate(checks=CHECKS)
    # Anonymous writes are refused, except the ones the public may make (a case, a comment, a
    # question, a household's vote by its code): those answer 2xx or a 4xx with a message.
    assert response.status_code < 500


def test_no_two_api_schemas_share_a_name_with_different_shapes() -> None:
    """django-ninja names a component after its class: two `PlaceOut` classes of different apps would
    silently share one definition, and one endpoint would document the other's answer."""
    import re
    from pathlib import Path

    import danchu

    shapes: dict[str, set[str]] = {}
    for path in Path(danchu.__file__).parent.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        for m in re.finditer(r"^class (\w+)\((?:Schema|ModelSchema)\):\n((?:    .*\n|\n)*)", text, re.M):
            body = "\n".join(
                line.strip() for line in m[2].splitlines() if ":" in line and not line.strip().startswith("#")
            )
            shapes.setdefault(m[1], set()).add(body)
    clashes = sorted(name for name, bodies in shapes.items() if len(bodies) > 1)
    assert not clashes, f"schema classes with one name and different fields: {clashes}"
