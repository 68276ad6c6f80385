"""Accounts, shared by the study app and the dashboard: the Account and LoginSession models,
login sessions that can be ended (sessions.py), the password rules (passwords.py) and the
guard that asks for the password again before a sensitive action (guards.py).

It imports neither the study app, the dashboard nor the XP service; the pages that use it
(logging in, the account page, the dashboard's accounts page) are theirs.
"""
