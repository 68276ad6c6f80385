"""The XP reads pages share: the learner's points are asked once per request (the header and the
panel show the same answer), and what rarely changes is kept a short while in each app process.

Held for READ_CACHE_SECONDS: the points system's levels and its triggers (configuration), and
each learner's streak for the header. An XP event answered in this process (a flip, a graded
review) writes its streak in at once.

What that costs, by design: a change to levels or triggers reaches study pages within
READ_CACHE_SECONDS; the header's streak can lag that long behind an event made through another
app process, or behind a period's end. A flip never waits for a refresh: it takes the levels
held, at any age, and asks the XP service only when this process holds none.

One cache per app (in app.extensions), so tests' apps never share one; time is app.clock's.
"""

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app, g

from app import clock
from app.accounts.models import Account
from app.xp.client import xp_client
from app.xp.errors import NotFound, XpUnavailable

READ_CACHE_SECONDS = 60
# Learners' streaks beyond this many: the expired go first, then the oldest.
MAX_ENTRIES = 10_000
CACHE_KEY = "study_xp_reads"
NO_STREAK = {"length": 0, "frequency": "daily"}


class ReadCache:
    """Values by key, each fresh for `seconds` after it was read."""

    def __init__(self, seconds: int = READ_CACHE_SECONDS):
        self.lifetime = timedelta(seconds=seconds)
        self._entries: dict[object, tuple[datetime, object]] = {}
        self._lock = threading.Lock()

    def get(self, key, load: Callable[[], object], any_age: bool = False):
        """The value held for `key` while fresh (or at any age), else `load()`'s, kept.

        Errors from `load` propagate and nothing is kept: an unavailable XP service is asked
        again next time.
        """
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and (any_age or clock.now() - entry[0] < self.lifetime):
            return entry[1]
        value = load()
        self.put(key, value)
        return value

    def put(self, key, value) -> None:
        now = clock.now()
        with self._lock:
            self._entries[key] = (now, value)
            if len(self._entries) > MAX_ENTRIES:
                self._prune(now)

    def _prune(self, now: datetime) -> None:
        fresh = {k: e for k, e in self._entries.items() if now - e[0] < self.lifetime}
        newest = sorted(fresh.items(), key=lambda item: item[1][0])[-MAX_ENTRIES // 2 :]
        self._entries = dict(newest)


def read_cache() -> ReadCache:
    """The current app's cache, made on first use."""
    extensions = current_app.extensions
    return extensions.get(CACHE_KEY) or extensions.setdefault(CACHE_KEY, ReadCache())


def user_points(account: Account, system_key: str, awards: int = 1) -> dict | None:
    """The learner's GetUserPointsResponse with at least `awards` awards, or None before their
    first event; asked once per request (failures too), with the most awards asked for.

    A page's view reads the panel before its template renders the header, so the header
    takes the panel's answer.
    """
    held = g.get("xp_user_points")
    if held is None or held[0] != (account.id, system_key) or held[1] < awards:
        try:
            answer = xp_client().user_points(account.xp_user_id, system_key, awards=awards)
        except NotFound:
            answer = None
        except XpUnavailable as error:
            answer = error
        g.xp_user_points = held = ((account.id, system_key), awards, answer)
    if isinstance(held[2], XpUnavailable):
        raise held[2]
    return held[2]


def levels(system_key: str, any_age: bool = False) -> list[dict]:
    """The points system's PointsLevels, lowest first ([] without such a system); `any_age`
    takes what this process holds however old (a flip's level bar)."""

    def load() -> list[dict]:
        try:
            return xp_client().points_levels(system_key)
        except NotFound:
            return []

    return read_cache().get(("levels", system_key), load, any_age=any_age)


def points_system(system_key: str) -> dict:
    """The PointsSystemResponse with its active triggers; NotFound without such a system."""
    return read_cache().get(("system", system_key), lambda: xp_client().points_system(system_key))


def learner_streak(account: Account) -> dict:
    """The learner's streak length and frequency (the header shows it, and a streak trigger is
    worded in its period), asked at most once per request; NO_STREAK before the first event or
    while XP is unavailable (neither is held: the first event may come from anywhere)."""
    held = g.get("learner_streak")
    if held is None or held[0] != account.id:

        def load() -> dict:
            streak = xp_client().user_streak(account.xp_user_id, history_periods=1)
            return {"length": streak["length"], "frequency": streak["frequency"]}

        try:
            found = read_cache().get(("streak", account.xp_user_id), load)
        except (NotFound, XpUnavailable):
            found = NO_STREAK
        g.learner_streak = held = (account.id, found)
    return held[1]


def remember_streak(account: Account, streak: dict) -> None:
    """Keep the streak an XP event answered with (EventResponse.currentStreak) for the header,
    so the next page shows it without asking."""
    found = {"length": streak["length"], "frequency": streak["frequency"]}
    read_cache().put(("streak", account.xp_user_id), found)
    g.learner_streak = (account.id, found)
