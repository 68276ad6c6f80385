"""The operator dashboard: metrics, points systems, triggers, API keys and XP analytics.

Operators only: learners get 403, visitors the login page. It calls the XP service's admin
and analytics modules directly (it is part of running the service, not a client of it).
"""
