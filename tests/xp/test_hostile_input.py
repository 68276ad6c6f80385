"""Hostile input on the XP API: generated bodies, headers, query strings and paths.

Every answer has a documented status (never a 500), a JSON body with an "error" message for
every 4xx, and a rejected request stores nothing. SQLite only: the app is built once for
the module on a temporary file, so hypothesis can reuse it across examples.
"""

import json
import string
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.metrics import MetricEvent
from app.xp.models.points import PointsAward
from app.xp.models.users import XpUser
from tests.support import build_app

# Left out of the calendar sweep (.ci/run): status codes for generated input: no calendar.
pytestmark = pytest.mark.calendar_free

DOCUMENTED = {200, 201, 202, 400, 401, 404, 405, 413, 422}
EXAMPLES = settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KNOWN_USER = "known-user"
FLIPPED = "flashcards-flipped"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """A seeded app on its own SQLite file, a live API key and a user with some history."""
    from seed import seed_engagement, seed_xp

    path = tmp_path_factory.mktemp("hostile") / "studyxp-hostile.sqlite3"
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        }
    )
    with app.app_context():
        seed_xp()
        seed_engagement()
        db.session.add(Achievement(key="onboarded", name="Onboarded", trigger="api"))
        db.session.commit()
        _, secret = create_api_key("hostile")
        for _ in range(6):
            record_event(FLIPPED, {"id": KNOWN_USER, "tz": "Asia/Tokyo"}, 1)
    yield app, app.test_client(), secret
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def stored_rows(app) -> tuple[int, ...]:
    with app.app_context():
        counts = tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (MetricEvent, PointsAward, XpUser, UserAchievement)
        )
        db.session.remove()
    return counts


def check(app, send):
    """Send one request and check the contract for it; return the response."""
    before = stored_rows(app)
    response = send()
    assert response.status_code in DOCUMENTED, (response.status_code, response.data[:500])
    body = response.get_json(silent=True)
    assert body is not None, f"not JSON: {response.status_code} {response.data[:200]!r}"
    if response.status_code >= 400:
        assert isinstance(body, dict), body
        assert isinstance(body.get("error"), str) and body["error"].strip(), body
        assert stored_rows(app) == before, f"a {response.status_code} stored rows"
    return response


# --- building blocks -----------------------------------------------------------------------

# Header values travel as latin-1 in WSGI; CR and LF cannot be sent at all.
header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=300,
)
odd_text = st.one_of(
    st.text(max_size=20),
    st.text(min_size=240, max_size=1000),
    st.sampled_from(
        ["", " ", "\x00", "a\x00b", "\ud800", "x\udfff", "a" * 255, "a" * 256, "🦄" * 300]
    ),
)
ids = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8), odd_text
)
time_zones = st.one_of(
    st.sampled_from(
        [
            "UTC",
            "Asia/Tokyo",
            "Europe/London",
            "Mars/Olympus_Mons",
            "",
            "../../../etc/passwd",
            "/etc/localtime",
            "Europe/London\x00",
            "posix/Europe/London",
            "EST5EDT",
            "utc",
            "a" * 65,
        ]
    ),
    odd_text,
)
numbers = st.one_of(
    st.integers(min_value=-1000, max_value=1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [1e308, -1e308, 1e-308, 10**9, 10**9 + 1, -(10**9) - 1, 10**400, 2**63, -(2**64), 0.1]
    ),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
users = st.one_of(
    st.fixed_dictionaries(
        {"id": st.one_of(ids, junk)},
        optional={
            "tz": st.one_of(time_zones, junk),
            "email": st.one_of(odd_text, junk),
            "name": st.one_of(odd_text, junk),
        },
    ),
    junk,
)
event_bodies = st.one_of(
    st.fixed_dictionaries(
        {"user": users, "value": st.one_of(numbers, junk)},
        optional={"attributes": junk, "value2": junk},
    ),
    st.fixed_dictionaries({}, optional={"user": users, "value": numbers}),
    junk,
)
# Raw JSON texts that json.dumps would not produce, or that are not JSON at all.
raw_bodies = st.sampled_from(
    [
        b"",
        b"{",
        b"null",
        b"[]",
        b'{"user": {"id": "x"}, "value": NaN}',
        b'{"user": {"id": "x"}, "value": Infinity}',
        b'{"user": {"id": "x"}, "value": -Infinity}',
        b'{"user": {"id": "x"}, "value": 1e308}',
        b'{"user": {"id": "x"}, "value": -1e308}',
        b'{"user": {"id": "x"}, "value": 1e309}',
        b'{"user": {"id": "x"}, "value": ' + b"9" * 5000 + b"}",
        b'{"user": {"id": "x"}, "value": 1, "value": "two"}',
        b'{"user": {"id": "\\ud800"}, "value": 1}',
        b'{"user": {"id": "\\u0000"}, "value": 1}',
        b'{"user": {"id": "\xff\xfe"}, "value": 1}',
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 3000 + b"1" + b"}" * 3000,
        '{"user": {"id": "é"}, "value": 1}'.encode("utf-16"),
    ]
)


sound_bodies = st.builds(
    lambda user, tz, value: json.dumps({"user": {"id": user, "tz": tz}, "value": value}).encode(),
    st.sampled_from(["u1", "u2", KNOWN_USER, "Zoë 🦄"]),
    st.sampled_from(["UTC", "Asia/Tokyo", "America/St_Johns"]),
    st.one_of(st.integers(-5, 30), st.floats(-5, 30).map(lambda value: round(value, 3))),
)


@st.composite
def encoded_bodies(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(raw_bodies)
    text = json.dumps(draw(event_bodies), ensure_ascii=draw(st.booleans()), allow_nan=True)
    # Lone surrogates become invalid UTF-8 bytes rather than an encoding error here.
    return text.encode("utf-8", "surrogatepass")


def key_headers(secret: str):
    return st.one_of(
        st.just({"X-API-KEY": secret}),
        st.just({"X-API-KEY": secret}),
        st.just({"X-API-KEY": secret}),
        st.just({}),
        st.builds(lambda v: {"X-API-KEY": v}, header_text),
        st.just({"X-API-KEY": secret + " "}),
    )


content_types = st.one_of(
    st.sampled_from(
        [
            None,
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=utf-16",
            "application/json; charset=bogus",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
        ]
    ),
    header_text,
)
idempotency_keys = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "k", "a" * 255, "a" * 256, "\x01", "ÿ"]),
    header_text,
)


def path_segment(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


metric_keys = st.one_of(
    st.just(FLIPPED),
    st.just(FLIPPED),
    st.sampled_from(["xp", "", "..", "%", "a/b"]),
    odd_text,
)
query_values = st.one_of(
    st.sampled_from(
        [
            "daily",
            "weekly",
            "monthly",
            "yearly",
            "DAILY",
            "2024-01-01",
            "2024-12-31",
            "2024-02-30",
            "2023-02-29",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "2024-1-1",
            "20240101",
            "2024-01-01T00:00:00",
            "٢٠٢٤-٠١-٠١",
            "0",
            "1",
            "100",
            "101",
            "-1",
            "1e3",
            "99999999999999999999",
            "",
        ]
    ),
    st.dates().map(str),
    odd_text,
)
query_names = st.sampled_from(["awards", "aggregation", "startDate", "endDate", "userAttributes"])


# --- the tests -----------------------------------------------------------------------------


@EXAMPLES
@given(data=st.data())
def test_event_posts(api, data):
    app, client, secret = api
    # Each example is a sound request with one part made hostile, or hostile throughout.
    hostile = data.draw(
        st.sampled_from(["nothing", "auth", "idempotency", "content", "body", "metric", "all"]),
        label="hostile part",
    )

    def part(name, sound, wild):
        return data.draw(wild if hostile in (name, "all") else sound, label=name)

    headers = dict(part("auth", st.just({"X-API-KEY": secret}), key_headers(secret)))
    idempotency_key = part(
        "idempotency", st.sampled_from([None, "k1", "k2", "k3"]), idempotency_keys
    )
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    content_type = part("content", st.just("application/json"), content_types)
    if content_type is not None:
        headers["Content-Type"] = content_type
    body = part("body", sound_bodies, encoded_bodies())
    key = path_segment(part("metric", st.just(FLIPPED), metric_keys))
    legacy = data.draw(st.booleans(), label="legacy path")
    url = f"/api/metrics/{key}/event" if legacy else f"/api/v1/metrics/{key}/event"
    check(app, lambda: client.post(url, data=body, headers=headers))


@EXAMPLES
@given(data=st.data())
def test_user_reads(api, data):
    app, client, secret = api
    hostile = data.draw(st.sampled_from(["query", "auth", "user", "system", "all"]), label="mode")

    def part(name, sound, wild):
        return data.draw(wild if hostile in (name, "all") else sound, label=name)

    headers = part("auth", st.just({"X-API-KEY": secret}), key_headers(secret))
    user = part("user", st.just(KNOWN_USER), ids)
    system = part("system", st.just("xp"), odd_text)
    endpoint = data.draw(st.sampled_from(["", "/event-summary"]), label="endpoint")
    params = data.draw(st.lists(st.tuples(query_names, query_values), max_size=5), label="query")
    url = f"/api/v1/users/{path_segment(user)}/points/{path_segment(system)}{endpoint}"
    if data.draw(st.booleans(), label="raw query string"):
        # Percent-escapes that do not decode to UTF-8, or do not decode at all.
        query = "&".join(f"{n}={quote(v, safe='%', errors='surrogatepass')}" for n, v in params)
        query += data.draw(st.sampled_from(["", "&awards=%ZZ", "&startDate=%FF%FE", "&&=&"]))
        check(app, lambda: client.get(f"{url}?{query}", headers=headers))
    else:
        query = [(n, v.encode("utf-8", "surrogatepass")) for n, v in params]
        check(app, lambda: client.get(url, query_string=query, headers=headers))


@EXAMPLES
@given(data=st.data())
def test_other_paths_and_methods(api, data):
    app, client, secret = api
    headers = data.draw(key_headers(secret), label="auth")
    method = data.draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]), label="method")
    segment = path_segment(
        data.draw(
            st.one_of(st.just("xp"), odd_text),
            label="segment",
        )
    )
    user = path_segment(data.draw(st.one_of(st.just(KNOWN_USER), ids), label="user"))
    url = data.draw(
        st.sampled_from(
            [
                f"/api/v1/points/{segment}",
                f"/api/v1/points/{segment}/summary",
                f"/api/v1/metrics/{segment}/event",
                f"/api/v1/users/{user}/points/{segment}",
                f"/api/v1/users/{user}/points/{segment}/event-summary",
                f"/api/v1/{segment}",
                f"/api/v1/users/{user}/points/",
                f"/api/v1/users//points/{segment}",
            ]
        ),
        label="url",
    )
    body = data.draw(encoded_bodies(), label="body") if method != "GET" else None
    check(app, lambda: client.open(url, method=method, data=body, headers=headers))


engagement_query_names = st.sampled_from(
    ["historyPeriods", "includeIncomplete", "includeFinished", "userAttributes"]
)
engagement_query_values = st.one_of(
    st.sampled_from(
        ["true", "false", "TRUE", "yes", "1", "0", "7", "100", "101", "-1", "1e3", " 7", ""]
    ),
    st.sampled_from(["plan:premium", "a:b,c:d", ":", "a:", ",", "a:b,", "a:b:c", "%"]),
    odd_text,
)


@EXAMPLES
@given(data=st.data())
def test_engagement_calls(api, data):
    app, client, secret = api
    hostile = data.draw(st.sampled_from(["query", "auth", "user", "key", "all"]), label="mode")

    def part(name, sound, wild):
        return data.draw(wild if hostile in (name, "all") else sound, label=name)

    headers = part("auth", st.just({"X-API-KEY": secret}), key_headers(secret))
    user = path_segment(part("user", st.just(KNOWN_USER), ids))
    key = path_segment(part("key", st.sampled_from(["onboarded", "flips-10", "xp"]), odd_text))
    url = data.draw(
        st.sampled_from(
            [
                "/api/v1/achievements",
                f"/api/v1/users/{user}/achievements",
                f"/api/v1/users/{user}/streak",
                f"/api/v1/points/{key}/boosts",
                f"/api/v1/users/{user}/points/{key}/boosts",
                f"/api/v1/users/{user}/metrics/{key}",
                f"/api/v1/achievements/{key}/complete",
            ]
        ),
        label="url",
    )
    params = data.draw(
        st.lists(st.tuples(engagement_query_names, engagement_query_values), max_size=4),
        label="query",
    )
    query = [(n, v.encode("utf-8", "surrogatepass")) for n, v in params]
    if url.endswith("/complete"):
        body = data.draw(
            st.one_of(
                encoded_bodies(),
                st.builds(lambda u: json.dumps({"user": u}).encode(), st.one_of(odd_text, ids)),
            ),
            label="body",
        )
        check(app, lambda: client.post(url, data=body, headers=headers))
    else:
        check(app, lambda: client.get(url, query_string=query, headers=headers))


def test_ten_megabyte_body_is_413_and_stores_nothing(api):
    app, client, secret = api
    body = b'{"user": {"id": "big"}, "value": 1, "pad": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = check(
        app,
        lambda: client.post(
            f"/api/v1/metrics/{FLIPPED}/event",
            data=body,
            headers={"X-API-KEY": secret, "Content-Type": "application/json"},
        ),
    )
    assert response.status_code == 413
    assert "at most" in response.get_json()["error"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(XpUser.external_id == "big")) == 0
        db.session.remove()


def test_metric_key_with_slash(api):
    """A metric key ending in a slash is an unknown metric: 404 JSON, not an HTML redirect."""
    app, client, secret = api
    check(
        app,
        lambda: client.post(
            "/api/v1/metrics/flashcards-flipped%2F/event",
            json={"user": {"id": "slash"}, "value": 1},
            headers={"X-API-KEY": secret},
        ),
    )
