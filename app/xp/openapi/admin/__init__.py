"""StudyXP's OpenAPI 3.1 document for /admin/v1 (document.py builds and serves it).

One module per resource holds its paths and schemas (metrics, events, points systems,
levels, triggers, boosts, leaderboards, achievements); components.py the shared parameters,
error responses, per-item issues and the builders of Trophy's bulk endpoints. Limits are
imported from the code that enforces them (admin, admin_api, models, inputs), never copied;
schema names and operationIds are Trophy's.

Unlike the application document, this one reads admin and admin_api: the layer contract puts
openapi above both APIs, never below anything it describes.
"""
