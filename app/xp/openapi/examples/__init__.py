"""The OpenAPI document's examples: one story, told in two chapters by StudyXP's real answers.

points.py is the first chapter (events, users, points and levels); achievements_streaks_boosts.py
the second. The contract tests replay each chapter and compare every example with the answer.
"""
