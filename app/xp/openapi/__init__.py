"""StudyXP's own OpenAPI 3.1 document for /api/v1 (document.py builds and serves it).

One module per resource holds its paths and schemas (events, users, points, reference,
achievements, streaks, boosts, leaderboards, preferences, year_in_review); components.py the shared
parameters, error responses and builders; fields.py the schema building blocks; examples/
the real answers of the document's story. Limits are imported from the code that enforces
them (inputs, models, queries), never copied.

OpenAPI imports inputs, models, the pure streak and leaderboard rules and the read side's
limits; never the engine, the clients or ops. The admin API's document (admin/) also reads
admin and admin_api for their limits, which is why openapi is the top layer beside ops.
"""
