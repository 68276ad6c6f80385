"""The shared parts of the admin document: parameters, error responses, per-item issues, and
the builders of Trophy's bulk endpoints (list, create, update, delete, get).

Trophy's bulk endpoints all take a JSON array of 1 to MAX_ITEMS items, answer what they did
with `created`/`updated`/`deleted` beside the per-item `issues`, and page their lists with
`limit` and `skip`: one builder here writes those paths and schemas for every resource.
"""

from dataclasses import dataclass, field

from app.xp.admin.fields import DESCRIPTION_MAX, NAME_MAX, URL_MAX
from app.xp.admin.fields import KEY_PATTERN as KEY_RULE
from app.xp.admin_api.bulk import INVALID_ID, LIMIT_DEFAULT, LIMIT_MAX, MAX_ITEMS
from app.xp.models.metrics import METRIC_KEY_MAX
from app.xp.openapi.components import RATE_HEADERS, error_response, header_refs, json_content
from app.xp.openapi.fields import closed, ref, text

KEY_PATTERN = f"^{KEY_RULE.pattern}$"
UUID = {"type": "string", "format": "uuid"}

# The shared error responses (components.responses), by status.
ERROR_RESPONSES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    413: "PayloadTooLarge",
    422: "Unprocessable",
    429: "TooManyRequests",
}


def uuid(description: str) -> dict:
    return {**UUID, "description": description}


def key(description: str) -> dict:
    return text(description, minLength=1, maxLength=METRIC_KEY_MAX, pattern=KEY_PATTERN)


def name(description: str = "Its name, shown to learners.") -> dict:
    return text(description, minLength=1, maxLength=NAME_MAX)


def description(what: str) -> dict:
    return text(f"{what} (at most {DESCRIPTION_MAX} characters).", maxLength=DESCRIPTION_MAX)


def badge(nullable: bool = True) -> dict:
    """Trophy's badge object: {url}, an http(s) URL or a path on this site."""
    schema = closed(
        {"url": text("The badge image: http(s)://... or /static/...", maxLength=URL_MAX)},
        "A badge image.",
    )
    return {**schema, "type": ["object", "null"]} if nullable else schema


def request_item(properties: dict, description: str, required: list[str]) -> dict:
    """An item of a request: open, since fields StudyXP does not know are ignored (Trophy's
    SDKs may send them)."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
    }


def errors(*statuses: int) -> dict:
    """The shared error responses for these statuses, always with 401, 403 and 429."""
    return {
        str(status): {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"}
        for status in sorted({401, 403, 429, *statuses})
    }


def ok(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "headers": header_refs(*RATE_HEADERS),
        "content": json_content(ref(schema_name)),
    }


def path_id(param: str, noun: str) -> dict:
    return {
        "name": param,
        "in": "path",
        "required": True,
        "description": f"The {noun}'s id, a UUID (any case; answers are lower case).",
        "schema": UUID,
    }


PARAMETERS = {
    "Limit": {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "How many to return.",
        "schema": {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": LIMIT_DEFAULT},
    },
    "Skip": {
        "name": "skip",
        "in": "query",
        "required": False,
        "description": "How many to pass over first (the list is in a stable order).",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
    "Ids": {
        "name": "ids",
        "in": "query",
        "required": True,
        "description": (
            f"The ids to delete, 1 to {MAX_ITEMS}: repeated (?ids=ID1&ids=ID2), "
            "comma-separated (?ids=ID1,ID2) or both. An id that is not a UUID or names "
            "nothing is an issue of its own."
        ),
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS, "items": UUID},
    },
    "SystemId": path_id("systemId", "points system"),
}


def params(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def responses(rate_limit: str, body_limit: int) -> dict:
    """components.responses: the errors, with the deployment's limits in their text."""
    return {
        "BadRequest": error_response(
            "The body is not a JSON object where one is asked for (streaks, settings, webhooks).",
            "The body must be a JSON object of streak settings",
            *RATE_HEADERS,
        ),
        "Unauthorized": error_response(
            "X-API-KEY is missing, unknown or revoked.",
            "Missing API key: send it in the X-API-KEY header",
        ),
        "Forbidden": error_response(
            "X-API-KEY is an application key: /admin/v1 takes admin keys only.",
            "This is an application API key: it calls /api/v1 only.",
        ),
        "NotFound": error_response(
            "Nothing with that id (or its points system is not found).",
            "Points system not found by ID",
            *RATE_HEADERS,
        ),
        "PayloadTooLarge": error_response(
            f"The body is over {body_limit} bytes (API_MAX_CONTENT_LENGTH), or over the "
            "events batch's own limit.",
            f"The request body must be at most {body_limit} bytes",
            *RATE_HEADERS,
        ),
        "Unprocessable": error_response(
            f"The request as a whole is wrong: a body that is not a JSON array of 1 to "
            f"{MAX_ITEMS} items, no ids or more than {MAX_ITEMS}, a bad limit or skip, a path "
            "id that is not a UUID. A wrong item is an issue of its own in a 200 answer.",
            INVALID_ID,
            *RATE_HEADERS,
        ),
        "TooManyRequests": error_response(
            f"This key made more requests than its limit ({rate_limit}): wait Retry-After "
            "seconds and try again.",
            "Rate limit exceeded: 6000 requests per minute per API key. Retry after 12 seconds.",
            "Retry-After",
            *RATE_HEADERS,
        ),
    }


def outcome(done: str, schema_name: str, what: str) -> dict:
    """A bulk answer: what was done, and the issues of the items that were not."""
    return closed(
        {
            done: {"type": "array", "items": ref(schema_name), "description": what},
            "issues": {
                "type": "array",
                "items": ref("AdminIssue"),
                "description": "One per item that could not be done (or was done with a warning).",
            },
        },
        f"The {done} items and the issues of the others.",
    )


def items_of(schema_name: str, what: str) -> dict:
    return {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_ITEMS,
        "items": ref(schema_name),
        "description": f"1 to {MAX_ITEMS} {what}.",
    }


SCHEMAS = {
    # Trophy's AdminErrorBody, named as in the application document (error_response's $ref).
    "ErrorBody": closed(
        {"error": text("What was wrong, in a sentence.", minLength=1)},
        "Every error: a JSON object with one message, never an HTML page.",
    ),
    "AdminIssue": closed(
        {
            "id": text("The id of the item the issue is about (updates and deletes)."),
            "userId": text("The user the issue is about (streaks, application keys)."),
            "index": {
                "type": "integer",
                "minimum": 0,
                "description": "The position in the request of the item (creates, events).",
            },
            "severity": {
                "type": "string",
                "enum": ["error", "warning"],
                "description": "error: not done; warning: done, with something to know.",
            },
            "message": text("What was wrong, in a sentence.", minLength=1),
        },
        "An item that could not be done, named by its index or its id.",
        required=["severity", "message"],
    ),
    "DeletedResource": closed({"id": uuid("The id of what was deleted.")}, "A deleted item."),
}


@dataclass(frozen=True)
class Bulk:
    """One of Trophy's bulk resources: its path, names and what StudyXP says about each call.

    `schema` is the plural in Trophy's schema names (Metrics: CreateMetricsRequest), `item`
    the singular (Metric: CreateMetricRequestItem), `answer` the schema of one item answered.
    `update` is Trophy's verb for the PATCH schemas (Update, or Patch for nested resources).
    """

    tag: str
    path: str
    operation_id: str
    noun: str
    plural: str
    schema: str
    item: str
    answer: str
    update: str = "Update"
    parent: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    created_answer: str | None = None
    verbs: tuple[str, ...] = ("list", "create", "update", "delete", "get")

    def schemas(self, create_item: dict, update_item: dict | None = None) -> dict:
        """Trophy's request and response schemas of the resource, around its item schemas
        (those of its `verbs` only)."""
        schemas = {
            f"Create{self.item}RequestItem": create_item,
            f"Create{self.schema}Request": items_of(
                f"Create{self.item}RequestItem", f"{self.plural} to create"
            ),
            f"Create{self.schema}Response": outcome(
                "created", self.created_answer or self.answer, f"The {self.plural} created."
            ),
        }
        if "update" in self.verbs:
            schemas[f"Update{self.item}RequestItem"] = update_item
            schemas[f"{self.update}{self.schema}Request"] = items_of(
                f"Update{self.item}RequestItem", f"changes, each naming its {self.noun} by id"
            )
            schemas[f"{self.update}{self.schema}Response"] = outcome(
                "updated", self.answer, f"The {self.plural} as they are now."
            )
        schemas[f"Delete{self.schema}Response"] = outcome(
            "deleted", "DeletedResource", f"The {self.plural} deleted."
        )
        if "list" in self.verbs:
            schemas[f"List{self.schema}Response"] = {
                "type": "array",
                "items": ref(self.answer),
                "description": f"A page of {self.plural}.",
            }
        return schemas

    def _operation(self, verb: str, summary: str, description: str, **fields) -> dict:
        note = self.notes.get(verb)
        return {
            "operationId": f"{self.operation_id}_{verb}",
            "tags": [self.tag],
            "summary": summary,
            "description": f"{description} {note}" if note else description,
            **fields,
        }

    def paths(self) -> dict:
        """The collection's list, create, update and delete, and the item's get."""
        parent = params(*self.parent)
        not_found = (404,) if self.parent else ()
        operations = {
            self.path: {
                "get": self._operation(
                    "list",
                    f"List {self.plural}",
                    f"A page of the {self.plural}, `limit` of them after the first `skip`.",
                    parameters=parent + params("Limit", "Skip"),
                    responses={
                        "200": ok(f"The {self.plural}.", f"List{self.schema}Response"),
                        **errors(422, *not_found),
                    },
                ),
                "post": self._operation(
                    "create",
                    f"Create {self.plural}",
                    f"Create each {self.noun} of the array, item by item: each is saved, or "
                    "refused as an issue naming its index, and the others go on.",
                    parameters=parent,
                    requestBody=request_body(f"Create{self.schema}Request"),
                    responses={
                        "201": ok(
                            f"At least one {self.noun} was created.",
                            f"Create{self.schema}Response",
                        ),
                        "200": ok(
                            f"No {self.noun} was created: every item is an issue.",
                            f"Create{self.schema}Response",
                        ),
                        **errors(413, 422, *not_found),
                    },
                ),
                "patch": self._operation(
                    "update",
                    f"Update {self.plural}",
                    f"Change each {self.noun} the array names by `id`; fields left out keep "
                    "their value. A wrong item is an issue naming its id.",
                    parameters=parent,
                    requestBody=request_body(f"{self.update}{self.schema}Request"),
                    responses={
                        "200": ok(
                            f"The {self.plural} changed, and the issues.",
                            f"{self.update}{self.schema}Response",
                        ),
                        **errors(413, 422, *not_found),
                    },
                ),
                "delete": self._operation(
                    "delete",
                    f"Delete {self.plural}",
                    f"Delete each {self.noun} named in `ids`.",
                    parameters=parent + params("Ids"),
                    responses={
                        "200": ok(
                            f"The {self.plural} deleted, and the issues.",
                            f"Delete{self.schema}Response",
                        ),
                        **errors(422, *not_found),
                    },
                ),
            },
            f"{self.path}/{{id}}": {
                "get": self._operation(
                    "get",
                    f"Get a {self.noun}",
                    f"One {self.noun} by its id.",
                    parameters=[*parent, path_id("id", self.noun)],
                    responses={
                        "200": ok(f"The {self.noun}.", self.answer),
                        **errors(404, 422),
                    },
                )
            },
        }
        methods = {"list": "get", "create": "post", "update": "patch", "delete": "delete"}
        collection = operations[self.path]
        paths = {self.path: {m: collection[m] for verb, m in methods.items() if verb in self.verbs}}
        if "get" in self.verbs:
            paths[f"{self.path}/{{id}}"] = operations[f"{self.path}/{{id}}"]
        return paths


def request_body(schema_name: str) -> dict:
    return {"required": True, "content": json_content(ref(schema_name))}
