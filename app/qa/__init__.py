"""QA tools for test environments: `flask qa learner` and `flask qa reset` (app/qa/cli.py).

An ops tool, like seed.py: it may import accounts, the XP client (app.xp.client), the engine's
back-dating record_event and the XP models it reads to plan a learner's history. Nothing in
the app imports it except create_app's command registration. Every command refuses to run
unless QA_TOOLS is on (STUDYXP_QA_TOOLS=1).
"""
