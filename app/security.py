"""Response headers every page and API answer carries, and cookies that stay on HTTPS."""

import os

from flask import Flask, Response

# No inline script or style anywhere: every script and stylesheet is a file under /static.
# Badges may be https images elsewhere or data: URLs; nothing may frame StudyXP.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def serves_https(app: Flask) -> bool:
    """True when StudyXP is reached over HTTPS: PREFERRED_URL_SCHEME=https or STUDYXP_HTTPS=1."""
    return (
        app.config.get("PREFERRED_URL_SCHEME") == "https" or os.environ.get("STUDYXP_HTTPS") == "1"
    )


def register_security(app: Flask) -> None:
    """Add the security headers to every response; mark cookies Secure behind HTTPS."""
    if serves_https(app):
        # A session cookie sent over plain HTTP could be read on the way and replayed.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
