"""schemathesis against /api/v1/openapi.json, in-process through the WSGI application (no network).

For every GET operation: no 5xx, and every response matches the document (status codes, content
type, body schema; the error body {code, message, detail} is documented as every operation's
default response). Run as an anonymous visitor and as a commune officer with a personal token.
Bounded: a few examples per operation.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from danchu.accounts.models import PersonalToken

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Per operation: a few generated examples; the coverage phase (boundary values) is on when asked, as it
# multiplies the run time: DANCHU_SCHEMATHESIS_COVERAGE=1.
MAX_EXAMPLES = 5
COVERAGE = os.environ.get("DANCHU_SCHEMATHESIS_COVERAGE", "0") == "1"
BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _load_schema() -> Any:
    from danchu.wsgi import application

    # Loaded at collection (pytest 9 cannot run schemathesis's lazy fixture loader); fetching the
    # document touches no database.
    config = schemathesis.Config.from_dict(
        {"phases": {"coverage": {"enabled": COVERAGE}}, "generation": {"max-examples": MAX_EXAMPLES}}
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config).include(
        method="GET"
    )


schema = _load_schema()
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Requests go straight to the WSGI handler, whose request_started/finished signals would close
    the test's connection (it is inside the test transaction). Django's test client unhooks them
    the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(officer: Any) -> str:
    token = "dct_" + secrets.token_urlsafe(24)
    PersonalToken.objects.create(
        person=officer, name="schemathesis", prefix=token[:8], digest=PersonalToken.digest_of(token)
    )
    return token


@schema.parametrize()
@BOUNDED
def test_get_operations_as_anonymous(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_get_operations_as_commune_officer(case: Any, officer_token: str) -> None:
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {officer_token}"})
