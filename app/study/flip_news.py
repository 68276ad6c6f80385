"""What a flip's answer tells the page: the HX-Trigger events htmx fires on <body>.

    xp-news         {toasts: [{kind, title, lines, badge?}], sound, level?, streak?}
                    the toasts in the order they appear, worded by app.wording; `sound` is
                    the kind of the biggest news, the one sound the flip plays; `level` the
                    header's new level name; `streak` {length, label, frequency} when the
                    flip extended the streak
    xp-changed      {xpTotal}: the header counts up to it, the panel and chart reload
    xp-unavailable  {message}: the flip was saved, but the XP service did not take it
    flip-not-counted
                    {message, cardId}: the card already counted within FLIP_REPEAT_MINUTES,
                    so this flip earned nothing (app/study/flip_credits.py); the study page
                    shows the message while that card is shown (static/js/study.js)

The browser renders these as they come (static/js/xp.js, and static/js/study.js for the last
two) and words nothing itself.
"""

from app import wording
from app.accounts.models import Account
from app.study.learning import XP_UNAVAILABLE, FlipResult, points_key
from app.study.standings import board_key as learner_board_key
from app.study.streaks_and_badges import streak_saved_by_freeze

# One flip can bring several kinds of news and plays one sound, the biggest news's: later in
# this list wins (a level up's fanfare over a badge's over a chime).
SOUND_PRIORITY = ["xp", "rank", "streak", "freeze", "achievement", "level"]


def flip_events(account: Account, result: FlipResult, unavailable: str = XP_UNAVAILABLE) -> dict:
    """The HX-Trigger events for an XP event's result, a flip's or a graded review's (none for
    a replay); `unavailable` is the xp-unavailable message (what was saved all the same)."""
    events = {}
    news = flip_news(account, result)
    if news["toasts"] or "streak" in news:
        events["xp-news"] = news
    if result.xp_total is not None:
        events["xp-changed"] = {"xpTotal": result.xp_total}
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
