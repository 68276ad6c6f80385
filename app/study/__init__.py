"""The study app: accounts, decks and cards, the study page and the learner's progress.

It reaches the XP service only through XpClient (app.xp.client), never its models.
"""
