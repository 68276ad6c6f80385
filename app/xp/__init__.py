"""The XP service: metric events in, points awards out, with Trophy's API and JSON.

It knows nothing about flashcards, decks or HTML; the study app reaches it through XpClient.

Packages, each over the ones after it (import-linter's layers in pyproject.toml): ops (the
flask xp commands); api, client, openapi and admin, independent of each other; queries (the
read side); engine (the write side); payloads (the wire format); models (the tables).
Beside them, used by any: errors.py (what the service refuses), inputs.py (what a caller may
send) and streak_rules.py (the pure streak and time-zone rules). Nothing in app.xp imports
the study app, the dashboard or the pages.
"""
