from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.models import Body
from danchu.steering import services


@pytest.fixture
def committee(steering_member: Any, province: Any) -> Any:
    """The province's steering committee (its member is `steering_member`)."""
    body = Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=province)
    return services.committee_ensure(actor=None, body=body)
