"""Webhooks out of StudyXP: signing (Trophy's X-Trophy-Signature and the Standard Webhooks
headers), the delivery worker (`flask xp webhooks work`) with its retries and log, and the
time-based news `flask xp tick` tells (boosts and leaderboard runs starting and finishing,
emails falling due).

The messages themselves are written by the write side (engine/outbox.py) in the transaction
of the change they report. This package may import admin, queries, engine, payloads and
models; the dashboard never imports it (it manages endpoints through admin).
"""
