"""A bare Django project for the intake bench's floor: one view doing one single-row INSERT, no
middleware, no apps, the same database (persistent connections as danchu's). Served by the same
gunicorn with the same workers as danchu in the same run (bench/cases_intake.py)."""

import os

import dj_database_url

SECRET_KEY = "bench-bare-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.cases_bare_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
USE_TZ = True
