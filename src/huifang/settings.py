"""The one settings module. Everything that differs between installations comes from
HUIFANG_* environment variables, parsed by the small helpers in `huifang.config`."""

from pathlib import Path

import dj_database_url

from huifang import config

BASE_DIR = Path(__file__).resolve().parent
HOME = config.home()
DEBUG = config.flag("HUIFANG_DEBUG", default=False)
SECRET_KEY = config.secret_key(HOME)
ALLOWED_HOSTS = config.hosts("HUIFANG_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.hosts("HUIFANG_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "huifang.accounts",
    "huifang.customers",
    "huifang.campaigns",
    "huifang.surveys",
    "huifang.scripts",
    "huifang.calls",
    "huifang.tickets",
    "huifang.quality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "huifang.urls"
WSGI_APPLICATION = "huifang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "huifang.tickets.context.bell",
            ]
        },
    }
]

_db_url = config.text("HUIFANG_DATABASE_URL", default="")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": HOME / "huifang.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE makes a
                # write transaction take the lock at its start, so two writers never
                # deadlock upgrading their read locks.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;"
                ),
            },
        }
    }
    # Tests on SQLite use a file, so concurrent claimers in threads share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test.sqlite3")}

# The PostgreSQL tests run against this second alias when it is set.
_test_pg = config.text("HUIFANG_TEST_POSTGRES_URL", default="")
if _test_pg:
    DATABASES["postgres"] = dj_database_url.parse(_test_pg)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five failed logins lock the account and address out for 15 minutes.
AXES_FAILURE_LIMIT = config.integer("HUIFANG_LOGIN_FAILURES", default=5)
AXES_COOLOFF_TIME = config.number("HUIFANG_LOGIN_LOCKOUT_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from the package; no collectstatic step
MEDIA_ROOT = HOME / "uploads"
RECORDINGS_ROOT = HOME / "recordings"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Ticket notifications by e-mail (F3): printed to the server's console unless an SMTP
# server is named.
EMAIL_HOST = config.text("HUIFANG_EMAIL_HOST", default="")
EMAIL_PORT = config.integer("HUIFANG_EMAIL_PORT", default=25)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = config.text("HUIFANG_EMAIL_FROM", default="huifang@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "huifang": {"handlers": ["console"], "level": "INFO"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}

# The call centre's own numbers and names.
HUIFANG = {
    "COMPANY": config.text("HUIFANG_COMPANY", default="长城汽车"),
    "LEASE_MINUTES": config.integer("HUIFANG_LEASE_MINUTES", default=15),
    "APPOINTMENT_GRACE_MINUTES": config.integer("HUIFANG_APPOINTMENT_GRACE_MINUTES", default=10),
    "FREQUENCY_CAP": config.integer("HUIFANG_FREQUENCY_CAP", default=2),
    "FREQUENCY_DAYS": config.integer("HUIFANG_FREQUENCY_DAYS", default=30),
    "NUMBER_DAILY_LIMIT": config.integer("HUIFANG_NUMBER_DAILY_LIMIT", default=3),
    # A centre's own phrase lists for the questionnaire linter (jargon…), added to ours.
    "SURVEY_PHRASES_FILE": config.text("HUIFANG_SURVEY_PHRASES", default="") or None,
    # Where the greeting of the opening line changes (D2): 早上好 before the first,
    # then 上午好, 中午好, 下午好, and 晚上好 from the last.
    "GREETING_TIMES": config.clock_times("HUIFANG_GREETING_TIMES", "09:00,11:30,13:30,18:00"),
    # Who dials: by hand (the agent is shown the number) until a telephone system's
    # adapter is named here (calls/telephony.py).
    "TELEPHONY": config.text("HUIFANG_TELEPHONY", default="huifang.calls.telephony.ManualDialling"),
    # A centre's own script library (话术库), merged over ours key by key.
    "SCRIPTS_FILE": config.text("HUIFANG_SCRIPTS", default="") or None,
    # A centre's QA rules file (质检规则), laid over ours (quality/data/rules.yaml).
    "QA_RULES_FILE": config.text("HUIFANG_QA_RULES", default="") or None,
    # When the SLA clock of business-hour tickets runs (F4), on workdays of the holiday
    # calendar: (start, end) windows.
    "BUSINESS_HOURS": config.business_hours("HUIFANG_BUSINESS_HOURS", "09:00-12:00,13:00-18:00"),
    # The SLA clocks per severity (F4): hours of first response / update / resolution,
    # "/always" counted round the clock, the others in business hours.
    "SLA_HOURS": config.sla_targets(
        "HUIFANG_SLA_HOURS", "urgent=2/4/24/always,important=4/8/24,normal=8/16/40,minor=16/24/80"
    ),
}
