"""Dashboard fixtures: a seeded app (CSRF off unless asked for), an operator and a learner.

Every app holds seed.py's XP setup (metric flashcards-flipped; points system xp paying +10
every 5 and +50 every 25), an operator account and a learner account. Badge uploads go to
the test's own instance folder, never the repository's.
"""

import re
from dataclasses import dataclass
from functools import partial
from html import unescape
from html.parser import HTMLParser

import pytest
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.study import models
from app.study.models import Account
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger
from seed import seed_xp
from tests.study.conftest import csrf_token_from
from tests.support import build_app

OPERATOR_EMAIL = "olga@example.com"
LEARNER_EMAIL = "lena@example.com"
PASSWORD = "correct-horse"
FORBIDDEN = "The dashboard is for operators."
CSRF_REFUSED = "This form has expired or did not come from StudyXP."


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """One PBKDF2 round instead of scrypt: the same code path, without 0.1 s per account."""
    monkeypatch.setattr(
        models, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1")
    )


@pytest.fixture(scope="session")
def template_cache(tmp_path_factory) -> FileSystemBytecodeCache:
    """Compiled templates shared by every test's app; each app would otherwise compile its own."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("jinja-bytecode")))


def add_account(email: str, name: str, operator: bool = False) -> None:
    account = Account(email=email, display_name=name, tz="UTC", is_operator=operator)
    account.set_password(PASSWORD)
    db.session.add(account)
    db.session.commit()


def seed_xp_and_accounts() -> None:
    """seed.py's XP setup, an operator and a learner."""
    seed_xp()
    add_account(OPERATOR_EMAIL, "Olga Operator", operator=True)
    add_account(LEARNER_EMAIL, "Lena Learner")


def make_app(database_url: str, instance_path, csrf: bool, template_cache):
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": csrf,
        },
        prepare=seed_xp_and_accounts,
    )
    instance_path.mkdir(parents=True, exist_ok=True)
    app.instance_path = str(instance_path)
    app.jinja_env.bytecode_cache = template_cache
    return app


def close_app(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path, template_cache):
    """The seeded app with CSRF off, so tests post forms without scraping tokens."""
    app = make_app(database_url, tmp_path / "instance", csrf=False, template_cache=template_cache)
    yield app
    close_app(app)


@pytest.fixture
def csrf_app(database_url, tmp_path, template_cache):
    """The seeded app as it runs for real: every POST needs a CSRF token."""
    app = make_app(database_url, tmp_path / "instance", csrf=True, template_cache=template_cache)
    yield app
    close_app(app)


def log_in(client, email: str, token: str | None = None):
    data = {"email": email, "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def operator(client):
    """`client`, logged in as the operator."""
    return log_in(client, OPERATOR_EMAIL)


@pytest.fixture
def learner(client):
    """`client`, logged in as the learner."""
    return log_in(client, LEARNER_EMAIL)


@pytest.fixture
def csrf_operator(csrf_app):
    """A client of the CSRF-checking app, logged in as the operator."""
    client = csrf_app.test_client()
    return log_in(client, OPERATOR_EMAIL, csrf_token_from(client.get("/login").text))


# --- the seeded rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    metric_id: int  # flashcards-flipped
    system_id: int  # xp
    every_5_id: int  # +10 XP every 5 flashcards flipped
    every_25_id: int  # +50 XP every 25 flashcards flipped


@pytest.fixture
def seeded_ids(app) -> Seeded:
    with app.app_context():
        return seeded_rows()


@pytest.fixture
def csrf_seeded_ids(csrf_app) -> Seeded:
    with csrf_app.app_context():
        return seeded_rows()


def seeded_rows() -> Seeded:
    system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
    triggers = {t.metric_threshold: t.id for t in system.triggers}
    return Seeded(
        metric_id=db.session.scalar(select(Metric.id).where(Metric.key == "flashcards-flipped")),
        system_id=system.id,
        every_5_id=triggers[5],
        every_25_id=triggers[25],
    )


# --- reading and writing the database ----------------------------------------------------


def send_event(app, value, user="ana", tz=None, metric="flashcards-flipped", at=None) -> dict:
    """Record a metric event through the XP engine, as the API would; its EventResponse."""
    payload = {"id": user} if tz is None else {"id": user, "tz": tz}
    with app.app_context():
        return record_event(metric, payload, value, at=at)


def metric_by_key(app, key: str) -> Metric | None:
    with app.app_context():
        return db.session.scalar(select(Metric).where(Metric.key == key))


def system_by_key(app, key: str) -> PointsSystem | None:
    with app.app_context():
        return db.session.scalar(select(PointsSystem).where(PointsSystem.key == key))


def trigger_by_id(app, trigger_id: int) -> PointsTrigger | None:
    with app.app_context():
        return db.session.get(PointsTrigger, trigger_id)


def triggers_of(app, system_id: int) -> list[tuple[int, int, int, str]]:
    """(points, metric_id, threshold, status) of each trigger of a system, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(PointsTrigger)
            .where(PointsTrigger.system_id == system_id)
            .order_by(PointsTrigger.id)
        )
        return [(t.points, t.metric_id, t.metric_threshold, t.status) for t in rows]


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- reading pages -----------------------------------------------------------------------


class _Tables(HTMLParser):
    """Collects the text of each cell of the table rows carrying one data-testid."""

    def __init__(self, testid: str):
        super().__init__()
        self.testid = testid
        self.rows: list[list[str]] = []
        self.in_row = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("data-testid") == self.testid:
            self.in_row = True
            self.rows.append([])
        elif tag in ("td", "th") and self.in_row:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.in_row and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.in_row = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, testid: str) -> list[list[str]]:
    """The cells' text of every `<tr data-testid=testid>`, whitespace collapsed."""
    parser = _Tables(testid)
    parser.feed(html)
    return parser.rows


def row_starting(html: str, testid: str, first_cell: str) -> list[str]:
    rows = [row for row in table_rows(html, testid) if row and row[0] == first_cell]
    assert len(rows) == 1, (
        f"no single {testid} row for {first_cell!r} in {table_rows(html, testid)}"
    )
    return rows[0]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.by_testid: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        attributes = {"tag": tag, **{name: value for name, value in attrs}}
        if "id" in attributes:
            self.by_id.setdefault(attributes["id"], attributes)
        if "data-testid" in attributes:
            self.by_testid.setdefault(attributes["data-testid"], attributes)

    handle_startendtag = handle_starttag


def element(html: str, element_id: str) -> dict:
    """The attributes of the element with this id (readonly="" when set without a value)."""
    parser = _Elements()
    parser.feed(html)
    assert element_id in parser.by_id, f"no element #{element_id}"
    return parser.by_id[element_id]


def field_errors(html: str, field: str) -> list[str]:
    """The inline error messages shown under a form field."""
    block = re.search(rf'<ul class="field-error" id="{field}-errors">(.*?)</ul>', html, re.S)
    return [unescape(text) for text in re.findall(r"<li>(.*?)</li>", block[1])] if block else []


def flashes(html: str) -> list[str]:
    """The flash messages at the top of a page."""
    return [
        unescape(text)
        for text in re.findall(r'<p class="flash flash-\w+" role="status">(.*?)</p>', html, re.S)
    ]


def text_of_testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, f"no data-testid={testid}"
    return unescape(match[1]).strip()
