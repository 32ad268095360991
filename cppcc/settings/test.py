"""Test settings: the base settings with a fast password hasher.

The database and broker still come from DATABASE_URL / REDIS_URL, so the same suite runs on the
SQLite default and on the real PostgreSQL + Redis.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Hundreds of tests sign staff in with force_login; tests/security/test_two_factor.py turns the
# requirement back on and checks that the production settings keep it.
ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Uploaded files written by tests go to a scratch folder of this test process (the two passes of
# `make test` run side by side), never into the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cppcc-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
