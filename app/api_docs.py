"""The API reference page, /api/v1/docs: the OpenAPI document as a readable web page.

Everything on the page comes from app.xp.openapi.build_document(), the same dict served as
/api/v1/openapi.json; this module only reshapes it for the template (resolving $refs and
spelling out types and limits). The XP service itself stays free of HTML.
"""

import json
import shlex
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, render_template, request

from app.xp.openapi.components import ERROR_RESPONSES
from app.xp.openapi.document import build_document

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class TypeText:
    """A schema spelled out: "string or null", "array of" + a link to a schema, its limits."""

    label: str = ""
    ref: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Field:
    name: str
    type: TypeText
    required: bool
    description: str = ""


def schema_name(node: dict) -> str | None:
    ref = node.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None


def resolve(document: dict, node: dict) -> dict:
    """Follow a local $ref such as #/components/parameters/UserId."""
    while "$ref" in node and node["$ref"].startswith("#/components/") and not schema_name(node):
        section, name = node["$ref"].split("/")[2:4]
        node = document["components"][section][name]
    return node


def limits(schema: dict) -> list[str]:
    notes = []
    if "enum" in schema:
        notes.append(
            "one of "
            + ", ".join(v if isinstance(v, str) else json.dumps(v) for v in schema["enum"])
        )
    if "const" in schema:
        notes.append(f"always {json.dumps(schema['const'])}")
    if "format" in schema:
        notes.append(schema["format"])
    low, high = schema.get("minLength"), schema.get("maxLength")
    if high == 0:
        notes.append("must be empty")
    elif low is not None and high is not None:
        notes.append(f"{low} to {high} characters")
    elif high is not None:
        notes.append(f"at most {high} characters")
    if "minimum" in schema and "maximum" in schema:
        notes.append(f"{schema['minimum']:,} to {schema['maximum']:,}")
    elif "minimum" in schema:
        notes.append(f"at least {schema['minimum']:,}")
    if schema.get("not") == {"const": 0}:
        notes.append("not 0")
    if "pattern" in schema:
        notes.append(f"matches {schema['pattern']}")
    if schema.get("maxItems") == 0:
        notes.append("always empty")
    elif "maxItems" in schema:
        count = f"{schema['minItems']} to " if "minItems" in schema else "at most "
        notes.append(f"{count}{schema['maxItems']} items")
    if schema.get("maxProperties") == 0:
        notes.append("always {}")
    if "default" in schema:
        notes.append(f"default {json.dumps(schema['default'])}")
    return notes


def type_text(schema: dict) -> TypeText:
    name = schema_name(schema)
    if name:
        return TypeText(ref=name)
    types = schema.get("type", "any")
    types = types if isinstance(types, list) else [types]
    label = " or ".join(types)
    if "array" in types and "items" in schema:
        inner = type_text(schema["items"])
        return TypeText(f"array of {inner.label}".strip(), inner.ref, limits(schema))
    if "object" in types and isinstance(schema.get("additionalProperties"), dict):
        inner = type_text(schema["additionalProperties"])
        return TypeText(f"object: key → {inner.label}".strip(), inner.ref, limits(schema))
    return TypeText(label, None, limits(schema))


def fields(schema: dict) -> list[Field]:
    required = set(schema.get("required", []))
    return [
        Field(name, type_text(prop), name in required, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]


def pretty(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def first_example(media: dict):
    examples = media.get("examples") or {}
    return next(iter(examples.values()))["value"] if examples else None


@dataclass
class ExampleCall:
    """An operation's example request, from its parameters' and body's examples."""

    method: str
    path: str  # below the server URL, with the path and query parameters filled in
    headers: dict[str, str]
    body: object = None


def example_call(document: dict, method: str, path: str, op: dict) -> ExampleCall:
    url_path, query, headers = path, [], {}
    for p in (resolve(document, p) for p in op.get("parameters", [])):
        if "example" not in p:
            continue
        if p["in"] == "path":
            url_path = url_path.replace("{" + p["name"] + "}", quote(str(p["example"]), safe=""))
        elif p["in"] == "query":
            query.append((p["name"], p["example"]))
        elif p["in"] == "header":
            headers[p["name"]] = str(p["example"])
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    url_path += f"?{urlencode(query)}" if query else ""
    return ExampleCall(method.upper(), url_path, headers, first_example(body) if body else None)


def curl(call: ExampleCall, base_url: str, needs_key: bool) -> str:
    """The example call as a curl command, the API key read from $STUDYXP_API_KEY."""
    lines = [f"curl -X {call.method} {shlex.quote(base_url + call.path)}"]
    if needs_key:
        lines.append('-H "X-API-KEY: $STUDYXP_API_KEY"')
    lines += [f"-H {shlex.quote(f'{name}: {value}')}" for name, value in call.headers.items()]
    if call.body is not None:
        lines.append("-H 'Content-Type: application/json'")
        lines.append(f"-d {shlex.quote(json.dumps(call.body, ensure_ascii=False))}")
    return " \\\n  ".join(lines)


def operation_view(document: dict, base_url: str, method: str, path: str, op: dict) -> dict:
    parameters = []
    for p in (resolve(document, p) for p in op.get("parameters", [])):
        parameters.append(
            {
                "field": Field(p["name"], type_text(p["schema"]), p["required"], p["description"]),
                "in": p["in"],
            }
        )
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    public = op.get("security", document["security"]) == []
    responses, examples = [], []
    for status, response in op["responses"].items():
        response = resolve(document, response)
        media = response.get("content", {}).get("application/json", {})
        schema = type_text(media["schema"]) if "schema" in media else None
        responses.append({"status": status, "description": response["description"], "type": schema})
        example = first_example(media)
        if example is not None and status.startswith("2"):
            examples.append({"status": status, "json": pretty(example)})
    return {
        "id": op["operationId"],
        "method": method.upper(),
        "path": path,
        "summary": op["summary"],
        "description": op["description"],
        "public": public,
        "aliases": op.get("x-legacy-paths", []),
        "parameters": parameters,
        "body": type_text(body["schema"]) if body else None,
        "responses": responses,
        "request": curl(example_call(document, method, path, op), base_url, not public),
        "examples": examples,
    }


def reference(document: dict, base_url: str) -> dict:
    """The page's content: operations grouped by tag, errors, limits and schemas."""
    groups = {tag["name"]: {**tag, "operations": []} for tag in document["tags"]}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                view = operation_view(document, base_url, method, path, op)
                groups[op["tags"][0]]["operations"].append(view)
    errors = []
    for status, name in ERROR_RESPONSES.items():
        response = document["components"]["responses"][name]
        example = first_example(response["content"]["application/json"])
        errors.append(
            {
                "status": status,
                "description": response["description"],
                "json": json.dumps(example, ensure_ascii=False),
            }
        )
    schemas = [
        {
            "name": name,
            "description": schema.get("description", ""),
            "type": type_text({k: v for k, v in schema.items() if k != "description"}),
            "fields": fields(schema) or fields(schema.get("items", {})),
        }
        for name, schema in document["components"]["schemas"].items()
    ]
    return {
        "info": document["info"],
        "base_url": base_url,
        "security": document["components"]["securitySchemes"]["ApiKeyAuth"],
        "groups": [g for g in groups.values() if g["operations"]],
        "errors": errors,
        "limits": document["info"].get("x-limits", []),
        "schemas": schemas,
    }


@bp.get("/docs")
def page():
    """The API reference: every operation, its parameters, examples and errors (public)."""
    document = build_document(current_app.config)
    base_url = request.url_root.rstrip("/") + document["servers"][0]["url"]
    return render_template("api/reference.html", **reference(document, base_url))
