"""Superset settings for broadsheet's dashboard (`make bi`): one user, one machine, no network.

Superset reads this file through SUPERSET_CONFIG_PATH (the Makefile sets it); everything it writes
(the SQLite metadata database, logs) goes under SUPERSET_HOME, `.superset/` in the project.

The SECRET_KEY below is fixed and public: it signs the session cookie of a server that listens on
127.0.0.1 only. Superset refuses to start with its own default key, and a key generated at install
time would log everyone out whenever `.superset/` is recreated. Anyone serving the dashboard beyond
this machine must set SUPERSET_SECRET_KEY (read first, below) to a secret of their own.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Where the metadata database lives: SUPERSET_HOME (set by the Makefile), else `.superset/` in
#: the project root (this file's folder's parent).
_PROJECT = Path(__file__).resolve().parent.parent
_HOME = Path(os.environ.get("SUPERSET_HOME") or _PROJECT / ".superset")

SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or "broadsheet-local-only-not-a-secret"
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}?check_same_thread=false"

# No network. The browser may load only what this server serves: the content security policy
# below drops the defaults' map tile servers, Mapbox, web fonts and the usage pixel (Scarf) that
# the UI would otherwise request, so a dashboard renders the same offline as online.
MAPBOX_API_KEY = ""
_SELF = ["'self'"]
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": _SELF,
        "default-src": _SELF,
        "img-src": [*_SELF, "blob:", "data:"],
        "worker-src": [*_SELF, "blob:"],
        "connect-src": _SELF,
        "object-src": "'none'",
        "style-src": [*_SELF, "'unsafe-inline'"],
        "font-src": _SELF,
        "script-src": [*_SELF, "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []

# The catalog is registered read-only by `bi/bootstrap.py`; nobody uploads files into it.
PREVENT_UNSAFE_DB_CONNECTIONS = True
# One local user: no login throttling between the test's API calls (Superset's default, 5/s).
AUTH_RATE_LIMITED = False
# Reports, alerts and thumbnails need Celery and a browser driver: off.
FEATURE_FLAGS = {"ALERT_REPORTS": False, "THUMBNAILS": False, "DASHBOARD_RBAC": False}
