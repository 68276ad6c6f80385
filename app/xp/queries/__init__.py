"""The XP service's read side: what the API's GETs, the clients and the dashboard show.

lookup finds what a request names (404 when nothing); points, users, levels, achievements,
boosts and streaks answer Trophy's reads; summaries sums a user's points or metric per period;
analytics aggregates across users for the dashboard. Nothing here writes.

Queries import the models, the payloads and the engine's pure helpers and stored state
(dating, the streak store's load), never the API, OpenAPI, clients, admin or ops.
"""
