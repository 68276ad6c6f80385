"""/admin/v1/metrics (app/xp/admin_api/metrics.py): Trophy's admin metrics endpoints over the
dashboard's own rules (app/xp/admin/metrics.py). Ids are the metrics' UUIDs; bulk requests
answer per-item issues; deleting archives. SQLite and PostgreSQL."""

import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from tests.xp.admin_support import UNKNOWN

# Left out of the calendar sweep (.ci/run): metrics, their keys and ids read no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/metrics"


@pytest.fixture
def admin(client, admin_key):
    """Calls /admin/v1/metrics with the admin key: admin(method, json=..., query_string=...)."""

    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


def create(admin, *items):
    response = admin("POST", json=list(items))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["created"]


def metric(id: str, name: str, key: str, units: str = "") -> dict:
    return {"id": id, "name": name, "key": key, "unitType": "number", "units": units}


def stored(app) -> list[tuple[str, str, str | None, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Metric.key, Metric.name, Metric.unit, Metric.status).order_by(Metric.id)
        )
        return [tuple(row) for row in rows]


# --- POST /metrics -----------------------------------------------------------------------


def test_create_answers_201_with_each_metric_and_its_uuid(app, admin):
    response = admin(
        "POST",
        json=[
            {"name": "Invites Sent", "key": "invites-sent"},
            {
                "name": "Minutes Studied",
                "key": "minutes-studied",
                "unitType": "number",
                "units": "min",
            },
        ],
    )

    assert response.status_code == 201
    body = response.get_json()
    first, second = (item["id"] for item in body["created"])
    assert body == {
        "created": [
            metric(first, "Invites Sent", "invites-sent"),
            metric(second, "Minutes Studied", "minutes-studied", "min"),
        ],
        "issues": [],
    }
    assert str(uuid.UUID(first)) == first
    with app.app_context():
        assert db.session.scalar(select(Metric.uuid).where(Metric.key == "invites-sent")) == first
    assert stored(app) == [
        ("invites-sent", "Invites Sent", None, "active"),
        ("minutes-studied", "Minutes Studied", "min", "active"),
    ]


def test_create_reports_each_refused_item_by_index_and_creates_the_rest(app, admin):
    create(admin, {"name": "Taken", "key": "taken"})

    response = admin(
        "POST",
        json=[
            {"name": "Taken again", "key": "taken"},
            "not an object",
            {"name": 7, "key": "seven"},
            {"name": "No key"},
            {"name": "Upper", "key": "Invites_Sent"},
            {"name": "Revenue", "key": "revenue", "unitType": "currency", "units": "USD"},
            {"name": "Odd", "key": "odd", "unitType": "percent"},
            {"name": "Units", "key": "units", "units": 5},
            {"name": "  ", "key": "blank", "units": "u" * 51},
            {"name": "Signups", "key": "signups"},
        ],
    )

    assert response.status_code == 201
    body = response.get_json()
    assert body["created"] == [metric(body["created"][0]["id"], "Signups", "signups")]
    assert body["issues"] == [
        {"index": 0, "severity": "error", "message": "key: The key 'taken' is already used."},
        {"index": 1, "severity": "error", "message": "A metric must be a JSON object"},
        {"index": 2, "severity": "error", "message": "Name not a string"},
        {"index": 3, "severity": "error", "message": "Key not a string"},
        {
            "index": 4,
            "severity": "error",
            "message": "key: Use lower-case letters, digits and single hyphens, "
            "e.g. quiz-answered.",
        },
        {
            "index": 5,
            "severity": "error",
            "message": "unitType 'currency' is not supported: StudyXP metrics count numbers",
        },
        {"index": 6, "severity": "error", "message": "unitType must be number or currency"},
        {"index": 7, "severity": "error", "message": "Units not a string"},
        {
            "index": 8,
            "severity": "error",
            "message": "name: This field is required.; units: Use at most 50 characters.",
        },
    ]
    assert [row[0] for row in stored(app)] == ["taken", "signups"]


def test_create_answers_200_when_no_metric_was_created(app, admin):
    response = admin("POST", json=[{"name": "A", "key": "dup"}, {"name": "B", "key": "dup"}])

    assert response.status_code == 201
    assert response.get_json()["issues"] == [
        {"index": 1, "severity": "error", "message": "key: The key 'dup' is already used."}
    ]
    again = admin("POST", json=[{"name": "C", "key": "dup"}])
    assert again.status_code == 200
    assert again.get_json() == {
        "created": [],
        "issues": [
            {"index": 0, "severity": "error", "message": "key: The key 'dup' is already used."}
        ],
    }
    assert stored(app) == [("dup", "A", None, "active")]


@pytest.mark.parametrize(
    "body",
    [{"name": "A", "key": "a"}, [], [{"name": "A", "key": "a"}] * 101, "[", None],
    ids=["object", "empty", "101 items", "not JSON", "no body"],
)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_bulk_body_must_be_an_array_of_1_to_100_items(app, admin, method, body):
    kwargs = {"data": body} if isinstance(body, str) or body is None else {"json": body}

    response = admin(method, **kwargs)

    noun = "metrics" if method == "POST" else "metric updates"
    assert response.status_code == 422
    assert response.get_json() == {"error": f"The body must be a JSON array of 1 to 100 {noun}"}
    assert stored(app) == []


# --- GET /metrics and /metrics/{id} -------------------------------------------------------


def test_list_pages_the_active_metrics_oldest_first(admin):
    made = create(admin, *({"name": f"M{n}", "key": f"m{n}"} for n in range(12)))
    keys = lambda response: [item["key"] for item in response.get_json()]  # noqa: E731

    first_page = admin("GET")
    assert first_page.status_code == 200
    assert first_page.get_json()[0] == made[0]
    assert keys(first_page) == [f"m{n}" for n in range(10)]
    assert keys(admin("GET", query_string={"skip": 10})) == ["m10", "m11"]
    assert keys(admin("GET", query_string={"limit": 3, "skip": 4})) == ["m4", "m5", "m6"]
    assert keys(admin("GET", query_string={"limit": 100})) == [f"m{n}" for n in range(12)]
    assert admin("GET", query_string={"skip": 12}).get_json() == []


@pytest.mark.parametrize(
    "query, message",
    [
        ({"limit": "0"}, "'limit' must be a whole number from 1 to 100, not '0'"),
        ({"limit": "101"}, "'limit' must be a whole number from 1 to 100, not '101'"),
        ({"limit": "ten"}, "'limit' must be a whole number from 1 to 100, not 'ten'"),
        ({"skip": "-1"}, "'skip' must be a whole number from 0 or more, not '-1'"),
    ],
)
def test_list_refuses_a_bad_limit_or_skip(admin, query, message):
    response = admin("GET", query_string=query)
    assert (response.status_code, response.get_json()) == (422, {"error": message})


def test_get_answers_one_metric_by_its_uuid_in_any_case(admin):
    made = create(admin, {"name": "Invites Sent", "key": "invites-sent", "units": "invites"})[0]

    response = admin("GET", f"{URL}/{made['id'].upper()}")

    assert response.status_code == 200
    assert response.get_json() == metric(made["id"], "Invites Sent", "invites-sent", "invites")


def test_get_answers_404_for_an_unknown_id_and_422_for_a_non_uuid(admin):
    unknown = admin("GET", f"{URL}/{UNKNOWN}")
    bad = admin("GET", f"{URL}/42")

    assert (unknown.status_code, unknown.get_json()) == (404, {"error": "Metric not found by ID"})
    assert (bad.status_code, bad.get_json()) == (422, {"error": "id must be a valid UUID"})


# --- PATCH /metrics ----------------------------------------------------------------------


def test_update_changes_name_and_units_and_keeps_the_key(app, admin):
    first, second = create(admin, {"name": "A", "key": "a"}, {"name": "B", "key": "b"})

    response = admin(
        "PATCH",
        json=[
            {"id": first["id"], "name": "Invites Completed", "units": "invites"},
            {"id": second["id"], "key": "b", "unitType": "number", "units": ""},
        ],
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "updated": [
            metric(first["id"], "Invites Completed", "a", "invites"),
            metric(second["id"], "B", "b"),
        ],
        "issues": [],
    }
    assert stored(app) == [
        ("a", "Invites Completed", "invites", "active"),
        ("b", "B", None, "active"),
    ]


def test_update_reports_each_refused_item_and_updates_the_rest(app, admin):
    kept, changed, archived = create(
        admin,
        {"name": "Kept", "key": "kept"},
        {"name": "Changed", "key": "changed"},
        {"name": "Gone", "key": "gone"},
    )
    admin("DELETE", query_string={"ids": archived["id"]})

    response = admin(
        "PATCH",
        json=[
            {"id": kept["id"], "key": "renamed"},
            {"id": UNKNOWN, "name": "Nobody"},
            {"id": "not-a-uuid"},
            {"name": "No id"},
            [kept["id"]],
            {"id": kept["id"], "name": ""},
            {"id": kept["id"], "name": 5},
            {"id": kept["id"], "unitType": "currency", "units": "USD"},
            {"id": archived["id"], "name": "Back"},
            {"id": changed["id"], "name": "Changed again"},
        ],
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "updated": [metric(changed["id"], "Changed again", "changed")],
        "issues": [
            {
                "id": kept["id"],
                "severity": "error",
                "message": "key cannot be changed through this endpoint",
            },
            {"id": UNKNOWN, "severity": "error", "message": "Metric not found by ID"},
            {"id": "not-a-uuid", "severity": "error", "message": "id must be a valid UUID"},
            {"index": 3, "severity": "error", "message": "id is required, as a string"},
            {"index": 4, "severity": "error", "message": "A metric update must be a JSON object"},
            {"id": kept["id"], "severity": "error", "message": "name: This field is required."},
            {"id": kept["id"], "severity": "error", "message": "Name not a string"},
            {
                "id": kept["id"],
                "severity": "error",
                "message": "unitType 'currency' is not supported: StudyXP metrics count numbers",
            },
            {"id": archived["id"], "severity": "error", "message": "Metric not found by ID"},
        ],
    }
    assert stored(app) == [
        ("kept", "Kept", None, "active"),
        ("changed", "Changed again", None, "active"),
        ("gone", "Gone", None, "archived"),
    ]


def test_a_metric_with_events_can_be_renamed_as_on_the_dashboard(app, admin):
    made = create(admin, {"name": "Flips", "key": "flips"})[0]
    with app.app_context():
        record_event("flips", {"id": "learner-1"}, 3)

    response = admin("PATCH", json=[{"id": made["id"], "name": "Cards flipped"}])

    assert response.get_json()["updated"] == [metric(made["id"], "Cards flipped", "flips")]


# --- DELETE /metrics ---------------------------------------------------------------------


def test_delete_archives_each_metric_and_keeps_its_events(app, admin):
    a, b, c = create(admin, *({"name": n.upper(), "key": n} for n in "abc"))
    with app.app_context():
        record_event("a", {"id": "learner-1"}, 2)

    response = admin("DELETE", query_string=[("ids", f"{a['id']},{b['id'].upper()}")])

    assert response.status_code == 200
    assert response.get_json() == {"deleted": [{"id": a["id"]}, {"id": b["id"]}], "issues": []}
    assert [row[3] for row in stored(app)] == ["archived", "archived", "active"]
    assert [item["key"] for item in admin("GET").get_json()] == ["c"]
    assert admin("GET", f"{URL}/{a['id']}").status_code == 404
    with app.app_context():
        from app.xp.models.metrics import MetricEvent

        assert db.session.scalar(select(func.count()).select_from(MetricEvent)) == 1
    # An archived metric keeps its key: a new metric cannot take it.
    again = admin("POST", json=[{"name": "A again", "key": "a"}])
    assert again.get_json()["issues"] == [
        {"index": 0, "severity": "error", "message": "key: The key 'a' is already used."}
    ]


def test_delete_reports_unknown_and_malformed_ids_and_deletes_the_rest(app, admin):
    made = create(admin, {"name": "A", "key": "a"})[0]

    response = admin(
        "DELETE",
        query_string=[
            ("ids", "not-a-uuid"),
            ("ids", made["id"]),
            ("ids", UNKNOWN),
            ("ids", made["id"]),
        ],
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "deleted": [{"id": made["id"]}],
        "issues": [
            {"id": "not-a-uuid", "severity": "error", "message": "id must be a valid UUID"},
            {"id": UNKNOWN, "severity": "error", "message": "Metric not found by ID"},
            {"id": made["id"], "severity": "error", "message": "Metric not found by ID"},
        ],
    }


@pytest.mark.parametrize(
    "query",
    [None, [("ids", "")], [("ids", " , ")], [("ids", ",".join([UNKNOWN] * 101))]],
    ids=["none", "empty", "commas", "101"],
)
def test_delete_needs_1_to_100_ids(app, admin, query):
    made = create(admin, {"name": "A", "key": "a"})

    response = admin("DELETE", query_string=query)

    assert response.status_code == 422
    assert response.get_json() == {
        "error": "'ids' must name 1 to 100 metrics to delete, e.g. ?ids=ID1&ids=ID2"
    }
    assert made and stored(app) == [("a", "A", None, "active")]
