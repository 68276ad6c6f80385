"""The XP service's write side: everything that turns what happens into points.

transaction serializes writers per user; events.record_event is the event's transaction; one
module per trigger type (metric, streaks, achievements, seen: time and user_creation) says
what each owes as Grants; payout pays grants (boosts, levels, the system's maximum); users
creates and updates users, preferences their notification preferences; dating keeps the
zone that dates a user's activity; marks holds the statements for triggers' high-water marks.

The engine imports the models, payloads (the responses it builds), inputs, errors and the
pure streak rules; never the read side (queries), the API, OpenAPI, the clients,
admin or ops.
"""
