"""Response headers every page and API answer carries, cookies that stay on HTTPS, proxies."""

import os

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

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


MAX_PROXIES = 5


def serves_https(app: Flask) -> bool:
    """True when StudyXP is reached over HTTPS: PREFERRED_URL_SCHEME=https or STUDYXP_HTTPS=1."""
    return (
        app.config.get("PREFERRED_URL_SCHEME") == "https" or os.environ.get("STUDYXP_HTTPS") == "1"
    )


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, read the client from their X-Forwarded-* headers.

    Rate limits count per client address, and links name the public host: behind a proxy,
    without this, every learner would share the proxy's address.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if isinstance(hops, bool) or not isinstance(hops, int) or not 0 <= hops <= MAX_PROXIES:
        raise ValueError(f"TRUSTED_PROXIES must be a whole number from 0 to {MAX_PROXIES}")
    if hops:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )


def register_security(app: Flask) -> None:
    """Add the security headers to every response; mark cookies Secure behind HTTPS."""
    trust_proxies(app)
    if serves_https(app):
        # A session cookie sent over plain HTTP could be read on the way and replayed.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
