"""Settings of the gunicorn server the fault test starts (tests/test_fault_idempotency.py)."""

from danchu.settings import *  # noqa: F403

ROOT_URLCONF = "danchu.core.tests.fault_urls"
# The burst comes from one address; the test is about retries, not about the submission limit.
CASES_RATE_LIMIT = 10**9
