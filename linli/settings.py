"""Linli settings: one module, read from environment variables.

Every knob has a safe default so that `make run` works with no configuration:
SQLite under var/, a secret key generated on first run, Chinese first.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url

from lib.files import private_dir, private_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LINLI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace("_", "")
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key() -> str:
    if key := os.environ.get("LINLI_SECRET_KEY"):
        return key
    # Generated once and kept, so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        private_dir(VAR_DIR)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = secret_key()
DEBUG = env_bool("LINLI_DEBUG", False)
ALLOWED_HOSTS = env_list("LINLI_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("LINLI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    # Only for its static files: Swagger UI served by Linli itself, not from a CDN.
    "ninja",
    "linli",
    "accounts",
    "registry",
    "outbox",
    "portal",
    "volunteers",
    "helpdesk",
    "logistics",
    "sanitation",
    "ledger",
    "groupbuy",
    "health",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "linli.middleware.chinese_first",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "linli.errors.domain_errors",
    "linli.middleware.content_security_policy",
]

ROOT_URLCONF = "linli.urls"
WSGI_APPLICATION = "linli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "linli" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.capabilities.context",
                "helpdesk.context.alarms",
                "sanitation.context.alarms",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'linli.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at the start of
    # a transaction, so two writers queue on the busy timeout instead of failing with
    # "database is locked" when one of them upgrades a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
    if DATABASES["default"]["NAME"] != ":memory:":
        private_dir(Path(DATABASES["default"]["NAME"]).parent)
        private_file(Path(DATABASES["default"]["NAME"]))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.PhoneBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LINLI_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("LINLI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Photos (requests, receipts) of more pixels than this are refused: 50 MP is a full-size
# photo from a phone's 48-50 MP camera.
LINLI_MAX_IMAGE_PIXELS = env_int("LINLI_MAX_IMAGE_PIXELS", 50_000_000)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind HTTPS: LINLI_HTTPS=true says a reverse proxy (nginx, Caddy) terminates TLS in front of
# `linli serve`. It turns on what a deployment behind HTTPS needs; each can be set on its own.
LINLI_HTTPS = env_bool("LINLI_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("LINLI_SECURE_COOKIES", LINLI_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("LINLI_HSTS_SECONDS", 365 * 24 * 3600 if LINLI_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LINLI_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("LINLI_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("LINLI_SSL_REDIRECT", False)  # the proxy usually redirects
# Trust the proxy's word that the request came over HTTPS; the proxy must set this header
# itself (never pass a client's on), as the README's examples do.
_proxy_ssl_header = os.environ.get(
    "LINLI_PROXY_SSL_HEADER", "X-Forwarded-Proto" if LINLI_HTTPS else ""
).strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# Staff sessions end after a working day behind HTTPS; Django's two weeks otherwise.
SESSION_COOKIE_AGE = env_int("LINLI_SESSION_SECONDS", 12 * 3600 if LINLI_HTTPS else 1_209_600)


def trusted_proxies(name: str) -> list[str]:
    """Proxy addresses (IPs or networks, comma separated) whose X-Forwarded-For is believed."""
    found = []
    for item in env_list(name, ""):
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ValueError(f"{name}: {item!r} is not an IP address or network") from exc
    return found


# The login throttle counts failures per client address: it takes X-Forwarded-For only from
# these proxies (REMOTE_ADDR otherwise), so a client cannot choose its own address.
LINLI_TRUSTED_PROXIES = trusted_proxies("LINLI_TRUSTED_PROXIES")
# Uploads: rosters can be large; the importer streams them from a private file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LINLI_MAX_ROSTER_BYTES = 200 * 1024 * 1024
# A consignment is a van's or a group buy's worth of goods, received in one request.
LINLI_CONSIGNMENT_MAX_ROWS = env_int("LINLI_CONSIGNMENT_MAX_ROWS", 20_000)
# Spreadsheets are read within these bounds (lib/spreadsheet.py, Limits, says why these
# defaults): the used area in cells drives memory, about 32 bytes a cell while calamine reads.
LINLI_SPREADSHEET_MAX_ROWS = env_int("LINLI_SPREADSHEET_MAX_ROWS", 1_048_576)
LINLI_SPREADSHEET_MAX_COLUMNS = env_int("LINLI_SPREADSHEET_MAX_COLUMNS", 1_024)
LINLI_SPREADSHEET_MAX_CELLS = env_int("LINLI_SPREADSHEET_MAX_CELLS", 16_777_216)
LINLI_SPREADSHEET_MAX_MERGED_RANGES = env_int("LINLI_SPREADSHEET_MAX_MERGED_RANGES", 500_000)
LINLI_SPREADSHEET_MAX_XML_BYTES = env_int("LINLI_SPREADSHEET_MAX_XML_BYTES", 1 << 30)
LINLI_SPREADSHEET_MAX_MEMORY_BYTES = env_int("LINLI_SPREADSHEET_MAX_MEMORY_BYTES", 2 << 30)

# Login throttling: this many failures for one phone within the window lock that phone; an
# address (a whole office behind one Wi-Fi) takes many more before it is locked, and even then
# a correct password for a phone with no failures of its own gets in.
LINLI_LOGIN_MAX_FAILURES = 5
LINLI_LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("LINLI_LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
)
LINLI_LOGIN_WINDOW_SECONDS = 15 * 60

# A worker that dies mid-send leaves its message to another after this many seconds.
LINLI_OUTBOX_LEASE_SECONDS = int(os.environ.get("LINLI_OUTBOX_LEASE_SECONDS", 120))

# Unknown household links tried from one address within the login window before it waits.
LINLI_PORTAL_MAX_MISSES = int(os.environ.get("LINLI_PORTAL_MAX_MISSES", 100))

# Roster imports commit this many rows a transaction, so other writers (a resident's submit)
# wait for one batch at most; an upload whose contents are at most LINLI_IMPORT_INLINE_BYTES
# is imported within its request, a larger one by the worker while the page shows progress.
# An import whose worker has not been heard of for LINLI_IMPORT_LEASE_SECONDS is undone.
LINLI_IMPORT_BATCH_ROWS = env_int("LINLI_IMPORT_BATCH_ROWS", 2000)
LINLI_IMPORT_INLINE_BYTES = env_int("LINLI_IMPORT_INLINE_BYTES", 1024 * 1024)
LINLI_IMPORT_LEASE_SECONDS = env_int("LINLI_IMPORT_LEASE_SECONDS", 120)

# Import reports (every rejected row in full) are files deleted after this many days.
LINLI_REPORT_RETENTION_DAYS = int(os.environ.get("LINLI_REPORT_RETENTION_DAYS", 30))

# The most one purchase on a help request can cost: a typo of ¥99,999,999 is refused.
LINLI_MAX_PURCHASE_AMOUNT = os.environ.get("LINLI_MAX_PURCHASE_AMOUNT", "5000")
# The most one ledger entry can be: a supplier's bill for a merged order, not a typo's millions.
LINLI_MAX_LEDGER_AMOUNT = os.environ.get("LINLI_MAX_LEDGER_AMOUNT", "500000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_4xx_traceback": {"()": "linli.log_filters.NoTracebackFor4xx"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_4xx_traceback"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The Chinese font embedded in every PDF (labels, run sheets): Debian's fonts-wqy-zenhei.
LINLI_PDF_FONT = os.environ.get(
    "LINLI_PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
).strip()
