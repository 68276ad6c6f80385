"""The OpenAPI document's examples: one story, told in three chapters by StudyXP's real answers.

points.py is the first chapter (events, users, points and levels); achievements_streaks_boosts.py
the second; leaderboards.py the third. The contract tests replay each chapter and compare
every example with the answer.
"""
