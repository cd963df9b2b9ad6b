"""Settings of the gunicorn server the fault test starts (tests/test_fault_idempotency.py)."""

from danchu.settings import *  # noqa: F403

# The burst comes from one address; the test is about retries, not about the submission limits.
CASES_RATE_LIMIT = CASES_RATE_ADDRESS_LIMIT = CASES_RATE_ANONYMOUS_LIMIT = 10**9
