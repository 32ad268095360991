"""Settings shared by every environment, read from the environment.

With nothing set, the app runs on embedded defaults: SQLite in the project folder and Celery
tasks executed in-process. With DATABASE_URL and REDIS_URL set, it uses PostgreSQL and a real
broker. A malformed value fails loudly at start-up rather than silently falling back.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A development-only key; cppcc.settings.production requires DJANGO_SECRET_KEY instead.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "simple_history",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    # Sign-in throttling and the sign-in log (accounts/lockout.py).
    "axes",
    # Two-factor sign-in (accounts/two_factor.py): authenticator-app codes and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Project apps, in dependency order. "cppcc" itself carries the demo-data command.
    "cppcc",
    "accounts",
    "committees",
    "sectors",
    "members",
    "liaison",
    "meetings",
    "proposals",
    "supervision",
    "assessment",
    "notifications",
    "evaluations",
    "reports",
    "bulletins",
    "opendata",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cppcc.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the session's person as verified by a second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "accounts.roles.RolesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages middleware: a timed-out session is told why on the sign-in page.
    "accounts.sessions.SessionTimeoutMiddleware",
    # After the timeouts: a session still waiting for its second factor reaches only the
    # sign-in, set-up and sign-out pages.
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a locked-out sign-in into the lockout page (AXES_LOCKOUT_TEMPLATE); keep it last.
    "axes.middleware.AxesMiddleware",
]

# Content security policy (django-csp), the same in development, tests and production: every
# script, style, image, font and request comes from this server; inline code runs only with the
# request's nonce (``request.csp_nonce``; the project's own pages have none, only the API docs).
# The two API documentation pages widen it for themselves only (cppcc/api/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Style attributes (style="…") in the admin's, import-export's, simple-history's and the
        # browsable API's templates; the project's own templates use none. An attribute cannot
        # run script, and any url() in it is held to img-src/font-src (this server).
        "style-src-attr": [UNSAFE_INLINE],
        # The admin's and Swagger UI's style sheets draw small icons as data: SVG.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "cppcc.urls"
WSGI_APPLICATION = "cppcc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
# A connection kept across requests is checked before a request uses it (a restarted database
# costs one failed check, not one failed request).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages' queries are short; PostgreSQL's JIT compiles any whose estimated cost passes a
    # threshold (a province's overview, boards), which costs 40-60 ms each and saves nothing.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"
#: How long a password-reset link stays valid.
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sessions live in the database (signing out deletes the row: a kept cookie is worth nothing).
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
# seconds after signing in whatever the activity (accounts.sessions.SessionTimeoutMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env.int("DJANGO_SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("DJANGO_SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
# The cookie and the stored row need not outlive the absolute timeout.
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Long passphrases welcome (no maximum length); common, all-digit, too short (< 10) or
# name-like passwords refused.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "email", "phone")},
    },
    {
        "NAME": "accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Simplified Chinese first, English switchable.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded attachments: the largest file accepted, and the types accepted, as recognised from the
# file's content (committees.uploads.TYPES: pdf, jpeg, png, docx, xlsx, ole = .doc/.xls 97-2003).
# Uploads are never served from MEDIA_URL; views check who may see the record first.
UPLOAD_MAX_BYTES = env.int("DJANGO_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_ALLOWED_TYPES = env.list(
    "DJANGO_UPLOAD_ALLOWED_TYPES", default=["pdf", "jpeg", "png", "docx", "xlsx", "ole"]
)
if set(UPLOAD_ALLOWED_TYPES) - {"pdf", "jpeg", "png", "docx", "xlsx", "ole"}:
    raise ImproperlyConfigured(
        "DJANGO_UPLOAD_ALLOWED_TYPES takes pdf, jpeg, png, docx, xlsx, ole; "
        f"got {UPLOAD_ALLOWED_TYPES}."
    )
# In development the app serves static files straight from the apps and static/ folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="cppcc@localhost")
# SMTP, used when DJANGO_EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend (the
# production default). Implicit TLS (SSL, usually port 465) and STARTTLS (usually 587) exclude
# each other.
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("DJANGO_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set DJANGO_EMAIL_USE_TLS or DJANGO_EMAIL_USE_SSL, not both.")

# Celery: a real broker when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The score engine: members per chunk of a committee's recompute, and how long a member's
# recompute waits for more changes to coalesce with.
ASSESSMENT_CHUNK_SIZE = env.int("ASSESSMENT_CHUNK_SIZE", default=2000)
ASSESSMENT_COALESCE_SECONDS = env.int("ASSESSMENT_COALESCE_SECONDS", default=10)

REST_FRAMEWORK = {
    # The API (cppcc/api/): a token for other systems, or the browser's session. Token first:
    # a request without credentials is then a 401 naming the scheme, not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "cppcc.api.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON first (the default); ?format=csv / ?format=xlsx downloads any list, filters applied.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "cppcc.api.renderers.CSVRenderer",
        "cppcc.api.renderers.XLSXRenderer",
    ],
    # Downloads only when reading; an unknown ?format= is a 400 (cppcc/api/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cppcc.api.negotiation.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "cppcc.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    # Documents the errors every endpoint can answer (cppcc/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "cppcc.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "cppcc.api.throttles.AnonWriteThrottle",
    ],
    # Per client address (anonymous) or per person (signed in); a 429 says when to come back.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "user": env.str("API_USER_RATE", default="1200/minute"),
        # What an anonymous person may send (clues): as strict as the public clue form.
        "anon_write": env.str("API_ANON_WRITE_RATE", default="5/minute"),
        # Password guesses at the token sign-in, per client address.
        "token": env.str("API_TOKEN_RATE", default="10/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "cppcc.api.base.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CPPCC member performance API",
    "DESCRIPTION": (
        "Committees, sectors, members, liaison groups, contact points and activities, meetings "
        "and attendance, proposals and their workflow, reports, clues, assessment schemes and "
        "results, notifications. The same permission rules as the web pages: another "
        "committee's or person's object is a 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the app's own static files: no CDN (intranet use).
    # CSV and Excel downloads (cppcc/api/renderers.py) are documented as files.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cppcc.api.renderers.document_downloads",
        "cppcc.api.filters.document_non_empty_filters",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One enum name per choice set where several fields or models share a field name (e.g. a
    # proposal's and a reply's A/B/C/D; the kinds and statuses of liaison records).
    "ENUM_NAME_OVERRIDES": {
        "AnswerCategoryEnum": "proposals.models.AnswerCategory",
        "LiaisonGroupKindEnum": "liaison.models.LiaisonGroup.Kind",
        "ContactPointKindEnum": "liaison.models.ContactPoint.Kind",
        "ContactActivityKindEnum": "liaison.models.ContactActivity.Kind",
        "ContactActivityStatusEnum": "liaison.models.ContactActivity.Status",
        "MemberStatusEnum": "members.models.Member.Status",
        "MeetingKindEnum": "meetings.models.MeetingKind",
        "SubmitterKindEnum": "proposals.models.SubmitterKind",
        "PartyEnum": "members.models.Party",
        "MarkedAttendanceStatusEnum": "meetings.models.MARKED_STATUSES",
        "CommendationLevelEnum": "members.models.Commendation.Level",
        "SpeechKindEnum": "meetings.models.Speech.Kind",
        "QualitativePartKindEnum": "assessment.models.QualitativePart.Kind",
    },
    "GET_LIB_DOC_EXCLUDES": "cppcc.api.schema.lib_doc_excludes",
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The cache backs the public evaluation page's rate limit. The in-process default suits one
# server process; with several, point CACHE_URL at a shared cache (e.g. redis://…/2).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
#: Requests per minute one client address may make to the public evaluation page.
PUBLIC_EVALUATION_RATE_LIMIT = env.int("PUBLIC_EVALUATION_RATE_LIMIT", default=20)
#: Proposal clues one client address may hand in per minute through the public form.
PUBLIC_CLUE_RATE_LIMIT = env.int("PUBLIC_CLUE_RATE_LIMIT", default=5)
#: The request header carrying the client's address when behind a reverse proxy that sets it
#: (e.g. "HTTP_X_REAL_IP"); empty means the connection's own address (REMOTE_ADDR).
PUBLIC_EVALUATION_CLIENT_IP_HEADER = env.str("PUBLIC_EVALUATION_CLIENT_IP_HEADER", default="")

# Sign-in throttling (django-axes; accounts/lockout.py). Failures are counted per account
# (username), not only per address: the government offices sit behind one NAT address, so an
# address-only limit would lock a whole office out because of one person, and would not stop
# guessing one account's password from many addresses. An account is locked after
# LOGIN_FAILURE_LIMIT failures, even against the right password, until committee staff unlock it
# in the admin (users → "解除登录锁定") or, if LOGIN_LOCKOUT_HOURS is set, that long after the
# last failure. One address is also refused after LOGIN_ADDRESS_FAILURE_LIMIT failures (any
# accounts) within the last hour: high enough for a whole office's typos, low enough to stop
# trying many accounts' passwords.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
_lockout_hours = env.int("LOGIN_LOCKOUT_HOURS", default=0)
AXES_COOLOFF_TIME = _lockout_hours or None
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no start-up banner on every manage.py command
# Every failure is also kept in AccessFailureLog (successes in AccessLog), with address and time.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
# The client's address (accounts.lockout.client_address): the connection's own (REMOTE_ADDR),
# unless the server sits behind a reverse proxy that sets a header with it, named here as Django
# sees it (e.g. "HTTP_X_REAL_IP"). Never name a header without such a proxy: clients could forge
# it. If the header holds a list (X-Forwarded-For), the last entry, added by the proxy, is used.
LOGIN_CLIENT_IP_HEADER = env.str("LOGIN_CLIENT_IP_HEADER", default="")
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"

# Two-factor sign-in (django-otp; accounts/two_factor.py). Anyone may turn it on in their
# account area; staff and superusers must (ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR; always on with the
# production settings): until they have set it up and entered a code they reach nothing but the
# set-up page. Wrong codes are throttled per device by django-otp: after n wrong codes in a row
# the next is refused for OTP_TOTP_THROTTLE_FACTOR × 2^(n-1) seconds (1, 2, 4 … up to a week).
ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR = env.bool("DJANGO_STAFF_REQUIRE_TWO_FACTOR", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="政协委员履职管理")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
#: How many one-time backup codes a person gets when they turn two-factor sign-in on.
ACCOUNTS_BACKUP_CODES = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # One line per sign-in, failed sign-in and lockout: UTC time, username, address.
        # It reaches the console through the root logger.
        "cppcc.security": {"level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
