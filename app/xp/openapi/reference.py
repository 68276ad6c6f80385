"""The two public Reference operations: this document and the reference page."""

from app.xp.openapi.components import json_content, operation

PUBLIC = []

PATHS = {
    "/openapi.json": {
        "get": operation(
            "openapi_document",
            "Reference",
            "Get this OpenAPI document",
            "This document, OpenAPI 3.1. Public: it needs no API key.",
            security=PUBLIC,
            responses={
                "200": {
                    "description": "The document.",
                    "content": json_content({"type": "object", "required": ["openapi", "paths"]}),
                }
            },
        )
    },
    "/docs": {
        "get": operation(
            "api_reference",
            "Reference",
            "Read the API reference",
            "This document as a web page. Public: it needs no API key.",
            security=PUBLIC,
            responses={"200": {"description": "The page.", "content": {"text/html": {}}}},
        )
    },
}
