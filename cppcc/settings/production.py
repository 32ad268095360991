"""Production settings: DEBUG off, secrets and hosts only from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no default: start-up fails without it
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Each worker keeps its database connection for a minute (checked before reuse, base.py) rather
# than opening one per request (a few milliseconds on every page; more with TLS to the database).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# No script reads the CSRF cookie: forms carry the token, the browsable API and Swagger UI take
# it from the page (rest_framework/js/csrf.js, drf-spectacular's swagger_ui.js), htmx only GETs.
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Staff and superusers always sign in with a second factor here, whatever the environment says.
ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR = True
# The content security policy (django-csp) is base.py's, the same as in development and tests.

# A new dict, not base.STORAGES changed in place (tests import this module beside the test settings).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
# The SMTP host, port, account and TLS/SSL settings are read in base.py.
