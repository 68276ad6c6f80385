"""Trophy-shaped JSON built from the models: the one place that knows the wire format.

Every dict here satisfies the `required` list, types and nullability of the matching schema
in Trophy's Application API (reference/trophy-application-api.openapi.json), so Trophy's
generated SDKs can parse StudyXP's answers unchanged. One module per resource, and values.py
for how instants, dates and numbers are written.

Payloads import the models and the pure streak rules (app.xp.streak_rules), nothing else.
"""
