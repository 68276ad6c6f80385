"""The API reference page, /api/v1/docs: every operation of the OpenAPI document, escaped,
with no inline script or style (the Content-Security-Policy allows none)."""

import json
import re
import shlex

from markupsafe import escape

from app.api_docs import ExampleCall, curl, example_call, resolve
from app.xp.openapi.document import build_document

DOCUMENT = json.loads(json.dumps(build_document()))
OPERATIONS = [
    (path, method, op) for path, item in DOCUMENT["paths"].items() for method, op in item.items()
]


def test_reference_page_shows_every_operation_schema_error_and_limit(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for path, method, op in OPERATIONS:
        section = html.split(f'data-operation-id="{op["operationId"]}"', 1)[1]
        section = section.split("</section>", 1)[0]
        assert f">{method.upper()}</span>" in section, op["operationId"]
        assert f'<code class="api-path">{path}</code>' in section, op["operationId"]
        assert str(escape(op["summary"])) in section
        assert str(escape(op["description"])) in section
        for parameter in (resolve(DOCUMENT, p) for p in op.get("parameters", [])):
            assert f"<code>{parameter['name']}</code>" in section, (op["operationId"], parameter)
        for status in op["responses"]:
            assert f'<td class="status-code">{status}</td>' in section, (op["operationId"], status)
        call = example_call(DOCUMENT, method, path, op)
        assert f"curl -X {method.upper()} " in section
        assert str(escape("http://localhost/api/v1" + call.path)) in section
    for name in DOCUMENT["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert html.count('data-testid="api-error"') == 6
    assert "Alias, deprecated: <code>POST /api/metrics/{key}/event</code>" in html
    assert "X-API-KEY: $STUDYXP_API_KEY" in html
    assert "6000/minute (429, with Retry-After)" in html
    assert '<a href="/api/v1/openapi.json" data-testid="openapi-link">' in html


def test_reference_page_has_no_inline_script_or_style(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert re.findall(r"\sstyle=|\son[a-z]+=", html) == []
    assert '<link rel="stylesheet" href="/static/css/api.css">' in html


HOSTILE = '<script>alert("x")</script>'


def test_reference_page_escapes_the_documents_text(app, client, monkeypatch):
    def hostile_document(settings=None):
        document = build_document(settings)
        op = document["paths"]["/metrics/{key}/event"]["post"]
        op["summary"] = HOSTILE
        op["description"] = f'"><img src=x onerror=alert(1)>{HOSTILE}'
        op["requestBody"]["content"]["application/json"]["examples"]["example"]["value"] = {
            "user": {"id": HOSTILE}
        }
        document["components"]["parameters"]["MetricKey"]["example"] = "'; rm -rf / #"
        document["components"]["schemas"]["ErrorBody"]["description"] = HOSTILE
        return document

    monkeypatch.setattr("app.api_docs.build_document", hostile_document)
    html = client.get("/api/v1/docs").get_data(as_text=True)

    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    # The path parameter is percent-encoded into the URL, which the shell quoting wraps.
    assert (
        "curl -X POST http://localhost/api/v1/metrics/%27%3B%20rm%20-rf%20%2F%20%23/event" in html
    )


def test_example_request_is_a_shell_command_that_sends_exactly_the_example():
    call = ExampleCall(
        "PUT", "/users/o%27brien?x=1&y=2", {"Idempotency-Key": "it's $HOME"}, {"name": "O'Brien"}
    )

    command = curl(call, "http://localhost/api/v1", needs_key=True)

    assert shlex.split(command.replace("\\\n", "")) == [
        "curl",
        "-X",
        "PUT",
        "http://localhost/api/v1/users/o%27brien?x=1&y=2",
        "-H",
        "X-API-KEY: $STUDYXP_API_KEY",
        "-H",
        "Idempotency-Key: it's $HOME",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"name": "O\'Brien"}',
    ]
