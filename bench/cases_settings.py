"""Settings for the cases benches: danchu's own, with the submission rate limit lifted (the bench is
one client sending as fast as it can) and a URL for a bare single-INSERT view."""

from danchu.settings import *  # noqa: F403

CASES_RATE_LIMIT = 10**9
CASES_RATE_ADDRESS_LIMIT = 10**9
CASES_RATE_ANONYMOUS_LIMIT = 10**9
ROOT_URLCONF = "bench.cases_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
