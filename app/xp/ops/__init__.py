"""Operating the XP service: the `flask --app app xp ...` commands (cli.py: API keys, tick,
verify, bench), the ledger check (verify.py) and the benchmark (bench.py on bench_data.py's
scratch data).

Ops is the top of app.xp: it may import any of its packages, and nothing in app.xp imports
it. It never imports the app factory (create_app hands itself over; see cli.APP_FACTORY).
"""
