"""What operators change, with its rules: metrics, points systems and levels, triggers,
achievements and their badge images, streak settings, boosts, API keys and webhook
endpoints.

Each function takes plain values, validates, writes and commits, or raises FieldErrors (422)
naming every wrong field (fields.py), so nothing is half-written. The dashboard and the admin
API (admin_api/) share them.

Admin imports the models, errors and the pure streak rules; never the engine, the API,
OpenAPI, the clients or ops.
"""
