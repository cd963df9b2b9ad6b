"""Settings of the gunicorn server the fault test starts (tests/test_fault_idempotency.py)."""

from danchu.settings import *  # noqa: F403

# The burst comes from one address; the test is about retries, not about the submission limits.
CASES_RATE_LIMIT = CASES_RATE_ADDRESS_LIMIT = CASES_RATE_ANONYMOUS_LIMIT = 10**9

# The server's sessions carry a name, so the test terminates only them — never the test run's own
# other sessions (a browser test's connection would be cut for the rest of the run).
FAULT_APPLICATION_NAME = "danchu-fault-server"
DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = FAULT_APPLICATION_NAME  # noqa: F405
