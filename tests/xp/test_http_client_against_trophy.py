"""HttpXpClient (app/xp/client/http.py) speaks Trophy's Application API, so the study app can
use hosted Trophy (XP_API_URL=https://api.trophy.so/v1) instead of StudyXP's own service.

A stand-in for api.trophy.so answers every operation with Trophy's own documented example
(tests/xp/trophy-application-api.openapi.json) and checks what the client sent against the
same description: the path is one of Trophy's operations, every query parameter and header
is one the operation declares, with a valid value, every required one is there, the API key
travels in X-API-KEY, and a body validates against the operation's request schema.
"""

import ast
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import pytest
from jsonschema import Draft202012Validator
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from app.xp.client.http import HttpXpClient
from tests.xp.contract import (
    FORMAT_CHECKER,
    TROPHY_URI,
    assert_valid,
    pointer_validator,
    trophy_document,
)
from tests.xp.live_service import SHUTDOWN_POLL_SECONDS

# Left out of the calendar sweep (.ci/run): requests on the wire, no calendar.
pytestmark = pytest.mark.calendar_free

API_KEY = "trophy-api-key"
USER = {"id": "18", "email": "ana@example.com", "name": "Ana", "tz": "Europe/London"}


def operations() -> list[tuple[str, str, re.Pattern, dict]]:
    """(method, path template, its regex, operation) for each of Trophy's operations."""
    found = []
    for template, item in trophy_document()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "([^/]+)", template) + "$")
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                found.append((method.upper(), template, pattern, operation))
    return found


def documented_example(operation: dict) -> tuple[int, object]:
    """The status and body of the operation's documented success example."""
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            content = response["content"]["application/json"]
            if "examples" in content:
                return int(status), next(iter(content["examples"].values()))["value"]
            # Identify (PUT /users/{id}) documents only its schema (User): its fields' examples.
            schema = content["schema"]["$ref"].rsplit("/", 1)[-1]
            fields = trophy_document()["components"]["schemas"][schema]["properties"]
            return int(status), {
                name: spec["example"] for name, spec in fields.items() if "example" in spec
            }
    raise AssertionError(f"{operation['operationId']} documents no success answer")


def check_parameter(operation: str, parameter: dict, raw: str) -> list[str]:
    """What is wrong with the text `raw` sent for `parameter` (an empty list: nothing)."""
    schema = parameter.get("schema", {})
    kind = schema.get("type")
    value: object = raw
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            return [f"{operation}: {parameter['name']}={raw!r} is not an integer"]
        value = int(raw)
    elif kind == "boolean":
        if raw not in ("true", "false"):
            return [f"{operation}: {parameter['name']}={raw!r} is not true or false"]
        value = raw == "true"
    elif kind == "array":  # OpenAPI's default style (form, exploded): one item per occurrence
        value = [raw]
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    return [f"{operation}: {parameter['name']}: {e.message}" for e in validator.iter_errors(value)]


@dataclass
class Sent:
    """What the client sent, and what was wrong with it by Trophy's description."""

    operation_id: str
    method: str
    path: str
    problems: list[str] = field(default_factory=list)


class TrophyStandIn:
    """A WSGI app answering each Trophy operation with its documented example."""

    def __init__(self):
        self.operations = operations()
        self.sent: list[Sent] = []

    def __call__(self, environ, start_response):
        request = Request(environ)
        answer = self.answer(request)
        return answer(environ, start_response)

    def answer(self, request: Request) -> Response:
        path = request.path.removeprefix("/v1")
        for method, template, pattern, operation in self.operations:
            match = pattern.match(path)
            if match and method == request.method:
                sent = Sent(operation["operationId"], method, template)
                sent.problems = self.problems(request, operation, match)
                self.sent.append(sent)
                status, example = documented_example(operation)
                return Response(json.dumps(example), status, mimetype="application/json")
        self.sent.append(Sent("(none)", request.method, path, ["no such Trophy operation"]))
        return Response(json.dumps({"error": "Not found"}), 404, mimetype="application/json")

    def problems(self, request: Request, operation: dict, match: re.Match) -> list[str]:
        name = operation["operationId"]
        declared = {(p["in"], p["name"].lower()): p for p in operation.get("parameters", [])}
        found = []
        for value in match.groups():
            if not unquote(value):
                found.append(f"{name}: an empty path segment")
        query = parse_qsl(request.query_string.decode(), keep_blank_values=True)
        for key, raw in query:
            parameter = declared.get(("query", key.lower()))
            if parameter is None:
                found.append(f"{name}: query parameter {key!r} is not Trophy's")
            else:
                found += check_parameter(name, parameter, raw)
        sent_query = {key.lower() for key, _ in query}
        for (where, key), parameter in declared.items():
            if where == "header" and key in request.headers:
                found += check_parameter(name, parameter, request.headers[key])
            if parameter.get("required") and where == "query" and key not in sent_query:
                found.append(f"{name}: required query parameter {key!r} missing")
        for header in ("Idempotency-Key",):
            if header in request.headers and ("header", header.lower()) not in declared:
                found.append(f"{name}: Trophy does not take {header} here")
        if request.headers.get("X-API-KEY") != API_KEY:
            found.append(f"{name}: the API key did not travel in X-API-KEY")
        body = operation.get("requestBody")
        if body is not None:
            if request.mimetype != "application/json":
                found.append(f"{name}: the body is {request.mimetype!r}, not JSON")
            else:
                template = next(
                    t
                    for t, item in trophy_document()["paths"].items()
                    if operation in item.values()
                )
                method = next(
                    m for m, op in trophy_document()["paths"][template].items() if op is operation
                )
                validator = pointer_validator(
                    trophy_document(),
                    TROPHY_URI,
                    "paths",
                    template,
                    method,
                    "requestBody",
                    "content",
                    "application/json",
                    "schema",
                )
                try:
                    assert_valid(validator, request.get_json(), f"{name}'s request body")
                except AssertionError as error:
                    found.append(str(error))
        elif request.get_data():
            found.append(f"{name}: Trophy takes no body here")
        return found


@pytest.fixture
def trophy():
    """The stand-in on a free port: (its /v1 base URL, the app recording what it was sent)."""
    stand_in = TrophyStandIn()
    server = make_server("127.0.0.1", 0, stand_in, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1", stand_in
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def client(trophy):
    base_url, _ = trophy
    client = HttpXpClient(base_url, API_KEY, retries=0)
    yield client
    client.close()


# Every XpClient method the study app uses, as it calls them: (method, arguments, the
# Trophy operation it must reach).
CALLS = [
    ("record_event", ("flashcards-flipped", USER, 1), {"idempotency_key": "k-1"}, "metrics_event"),
    ("record_event", ("flashcards-flipped", USER, 0.5), {}, "metrics_event"),
    ("user_points", ("18", "xp"), {"awards": 10}, "users_points"),
    ("points_system", ("xp",), {}, "points_system"),
    ("points_levels", ("xp",), {}, "points_levels"),
    (
        "points_event_summary",
        ("18", "xp", "weekly", date(2026, 1, 1), date(2026, 12, 31)),
        {},
        "users_points_event_summary",
    ),
    ("achievements", (), {}, "achievements_all"),
    ("user_achievements", ("18",), {"include_incomplete": True}, "users_achievements"),
    ("user_streak", ("18",), {"history_periods": 14}, "users_streak"),
    ("points_boosts", ("xp",), {}, "points_boosts"),
    ("complete_achievement", ("onboarded", {"id": "18"}), {}, "achievements_complete"),
    ("leaderboards", (), {"include_finished": True}, "leaderboards_all"),
    ("leaderboard", ("weekly-words",), {}, "leaderboards_get"),
    (
        "leaderboard",
        ("weekly-words", 20, 50),
        {"run": date(2025, 1, 15), "user_id": "user-123", "user_attributes": "city:London"},
        "leaderboards_get",
    ),
    (
        "user_leaderboard",
        ("user-123", "weekly-words"),
        {"run": "2025-01-15", "num_events": 0},
        "users_leaderboard",
    ),
    ("streaks", (["user-123", "user-456", "user-789"],), {}, "streaks_list"),
    ("streaks", ("user-123,user-456",), {}, "streaks_list"),
    ("user_wrapped", ("user-123",), {}, "users_wrapped"),
    ("user_wrapped", ("user-123",), {"year": 2024}, "users_wrapped"),
    (
        "identify_user",
        ({"id": "user-123", "name": "Ana", "tz": "Europe/Paris"},),
        {},
        "users_identify",
    ),
    ("user_preferences", ("user-123",), {}, "users_get_preferences"),
    (
        "update_user_preferences",
        ("user-123", {"recap": ["email"], "streak_reminder": []}),
        {},
        "users_update_preferences",
    ),
]


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "operation_id"),
    CALLS,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CALLS)],
)
def test_every_call_is_one_of_trophys_operations_as_documented(
    trophy, client, method, args, kwargs, operation_id
):
    _, stand_in = trophy

    answer = getattr(client, method)(*args, **kwargs)

    [sent] = stand_in.sent
    assert (sent.operation_id, sent.problems) == (operation_id, [])
    # The client hands on Trophy's own answer, as the study app reads it.
    _, example = documented_example(
        next(op for _, _, _, op in stand_in.operations if op["operationId"] == operation_id)
    )
    if method == "record_event" and "idempotency_key" not in kwargs:
        example = {
            k: v for k, v in example.items() if k not in ("idempotencyKey", "idempotentReplayed")
        }
    assert answer == example


def test_the_calls_cover_every_method_of_the_client_interface():
    from app.xp.client import XpClient

    interface = {name for name in vars(XpClient) if not name.startswith("_")}
    assert {method for method, *_ in CALLS} == interface


def test_the_client_module_imports_nothing_of_studyxp_but_its_errors():
    """A team can copy app/xp/client/http.py into its own project as it is."""
    source = Path(__file__).resolve().parents[2] / "app" / "xp" / "client" / "http.py"
    imported = {
        node.module
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert {name for name in imported if name.split(".")[0] == "app"} == {"app.xp.errors"}
