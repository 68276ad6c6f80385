"""What a flip's answer tells the page: the HX-Trigger events htmx fires on <body>.

    xp-news         {toasts: [{kind, title, lines, badge?}], sound, level?, streak?}
                    the toasts in the order they appear, worded by app.wording; `sound` is
                    the kind of the biggest news, the one sound the flip plays; `level` the
                    header's new level name; `streak` {length, label, frequency} when the
                    flip extended the streak
    xp-changed      {xpTotal}: the header and the panel's total count up to it
    xp-progress     {awards: [{iso, when, points, total, reason}], level?: {label, percent},
                    chart: {date, added}} when the flip awarded points in the panel's system:
                    the awards the panel's history puts on top (newest first, worded as the
                    page words them), its level bar, and the points today's bucket of the
                    chart gains; the page applies them in place, asking the server nothing
    xp-unavailable  {message}: the flip was saved, but the XP service did not take it
    flip-not-counted
                    {message, cardId}: the card already counted within FLIP_REPEAT_MINUTES,
                    so this flip earned nothing (app/study/flip_credits.py); the study page
                    shows the message while that card is shown (static/js/study.js)

The browser renders these as they come (static/js/xp.js and static/js/xp/panel.js,
static/js/progress-chart.js for the chart, static/js/study.js for the last two) and words
nothing itself. Everything here comes from the XP event's answer, plus the points system's
levels held by app/study/xp_reads.py: a flip makes one XP call (the exception is a freeze's
"Streak saved", streaks_and_badges.streak_saved_by_freeze).
"""

from dataclasses import asdict
from datetime import datetime
from zoneinfo import ZoneInfo

from app import wording
from app.accounts.models import Account
from app.study import xp_reads
from app.study.learning import XP_UNAVAILABLE, FlipResult, history_item, level_progress, points_key
from app.study.standings import board_key as learner_board_key
from app.study.streaks_and_badges import streak_saved_by_freeze

# One flip can bring several kinds of news and plays one sound, the biggest news's: later in
# this list wins (a level up's fanfare over a badge's over a chime).
SOUND_PRIORITY = ["xp", "rank", "streak", "freeze", "achievement", "level"]


def flip_events(account: Account, result: FlipResult, unavailable: str = XP_UNAVAILABLE) -> dict:
    """The HX-Trigger events for an XP event's result, a flip's or a graded review's (none for
    a replay); `unavailable` is the xp-unavailable message (what was saved all the same)."""
    events = {}
    if result.streak is not None:
        xp_reads.remember_streak(account, result.streak)
    news = flip_news(account, result)
    if news["toasts"] or "streak" in news:
        events["xp-news"] = news
    if result.xp_total is not None:
        events["xp-changed"] = {"xpTotal": result.xp_total}
    progress = progress_news(account, result)
    if progress is not None:
        events["xp-progress"] = progress
    if result.xp_unavailable:
        events["xp-unavailable"] = {"message": unavailable}
    if result.not_counted is not None:
        not_counted = result.not_counted
        events["flip-not-counted"] = {
            "message": wording.flip_not_counted(not_counted.window, not_counted.counts_again_in),
            "cardId": not_counted.card_id,
        }
    return events


def flip_news(account: Account, result: FlipResult) -> dict:
    """The toasts, the sound and the header's level and streak a flip brings."""
    streak = result.streak if result.streak is not None and result.streak["extended"] else None
    unit = wording.period_word((result.streak or {}).get("frequency"))
    toasts = []
    news: dict = {}
    for system in result.points.values():
        if system.get("awards"):
            toasts.append(wording.xp_toast(system, unit))
    for key, system in result.points.items():
        level = system.get("level")
        if level and level.get("name"):
            toasts.append(wording.level_toast(level))
            if key == points_key():
                news["level"] = level["name"]
    toasts.extend(wording.achievement_toast(a) for a in result.achievements if a.get("name"))
    toasts.extend(rank_toasts(result.leaderboards, learner_board_key()))
    if streak is not None:
        news["streak"] = {
            "length": streak["length"],
            "label": wording.streak_label(streak["length"], streak["frequency"]),
            "frequency": streak["frequency"],
        }
        if streak_saved_by_freeze(account, streak):
            toasts.append(wording.freeze_toast(streak["frequency"], streak.get("freezes")))
        # Day one is a start, not news: the toast begins with the second period in a row.
        if streak["length"] >= 2:
            toasts.append(wording.streak_toast(streak["length"], streak["frequency"]))
    kinds = {t["kind"] for t in toasts}
    sound = next((kind for kind in reversed(SOUND_PRIORITY) if kind in kinds), None)
    return {"toasts": toasts, "sound": sound, **news}


def rank_toasts(leaderboards: dict, key: str) -> list[dict]:
    """The toast when the flip moved the learner up on their board (the one the header links
    to; EventResponse.leaderboards has every board the event moved). Other boards stay quiet:
    near the bottom of an all-time board nearly every flip passes someone."""
    board = leaderboards.get(key)
    if board is None:
        return []
    rank, previous = board.get("rank"), board.get("previousRank")
    # Joining the board (no previous rank) is not news: it comes with a learner's first award
    # of the week, which has its own toast; passing someone is.
    if rank is None or previous is None or rank >= previous:
        return []
    return [wording.rank_toast(board["name"], rank, previous)]


def progress_news(account: Account, result: FlipResult) -> dict | None:
    """What the event changed in the XP panel and chart (xp-progress), or None when it awarded
    nothing in the panel's points system."""
    system = result.points.get(points_key())
    if not system or not system.get("awards"):
        return None
    tz = ZoneInfo(account.tz or "UTC")
    unit = wording.period_word((result.streak or {}).get("frequency"))
    # The event lists its awards oldest first; the history shows the newest first.
    awards = [history_item(a, tz, unit) for a in reversed(system["awards"])]
    news = {
        "awards": [asdict(item) for item in awards],
        "chart": {
            "date": datetime.fromisoformat(awards[0].iso).date().isoformat(),
            "added": system["added"],
        },
    }
    progress = level_progress(xp_reads.levels(points_key(), any_age=True), system["total"])
    if progress is not None:
        news["level"] = {"label": progress.label, "percent": progress.percent}
    return news
