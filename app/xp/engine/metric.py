"""The `metric` trigger type: "+N points for every T units of a metric".

Each active metric trigger pays for the multiples of its threshold that the user's new metric
total has passed and that it has not paid for before; its high-water mark per user
(UserTriggerProgress) moves in the event's transaction (engine.marks).
"""

import math

from sqlalchemy import Connection, Row

from app.xp.engine.marks import MOVE_MARK, NEW_MARK
from app.xp.engine.payout import Grant


def grants(
    conn: Connection,
    user_id: int,
    rules: list[Row],
    marks: dict[int, Row],
    previous_total: float,
    new_total: float,
) -> list[Grant]:
    """What every active metric trigger (`rules`, from lock_event_user) owes for the
    multiples newly reached, given the user's `marks` by trigger id; moves the marks."""
    if not rules:
        return []
    new_marks, moved_marks, grants = [], [], []
    for rule in rules:
        threshold = rule.metric_threshold
        mark = marks.get(rule.trigger_id)
        # A trigger this user has never met, or one switched back on since, pays only for
        # what happens from now on: not for multiples passed before it existed or while it
        # was off. The mark never moves down, so nothing already paid is paid again.
        reached = max(0, math.floor(previous_total / threshold) * threshold)
        if mark is None:
            paid_through = reached
        elif mark.activation != rule.activation:
            paid_through = max(mark.paid_through, reached)
        else:
            paid_through = mark.paid_through
        crossings = math.floor(new_total / threshold) - math.floor(paid_through / threshold)
        if crossings > 0:
            paid_through = math.floor(new_total / threshold) * threshold
            grants.append(
                Grant(rule.trigger_id, rule.system_id, rule.points * crossings, rule.max_points)
            )
        if mark is None:
            new_marks.append(
                {
                    "user_id": user_id,
                    "trigger_id": rule.trigger_id,
                    "paid_through": paid_through,
                    "activation": rule.activation,
                }
            )
        elif (mark.paid_through, mark.activation) != (paid_through, rule.activation):
            moved_marks.append(
                {
                    "user": user_id,
                    "trigger": rule.trigger_id,
                    "mark": paid_through,
                    "seen_activation": rule.activation,
                }
            )
    if new_marks:
        conn.execute(NEW_MARK, new_marks)
    if moved_marks:
        conn.execute(MOVE_MARK, moved_marks)
    return grants
