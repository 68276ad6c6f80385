"""A trigger's high-water mark for one user (UserTriggerProgress): the statements that write it.

Metric triggers (engine.metric) and time triggers (engine.seen) keep one mark per user; both
write it with these statements, built once.
"""

from sqlalchemy import bindparam, insert, update

from app.xp.models.points import UserTriggerProgress

_marks = UserTriggerProgress.__table__
NEW_MARK = insert(_marks)
MOVE_MARK = (
    update(_marks)
    .where(_marks.c.user_id == bindparam("user"), _marks.c.trigger_id == bindparam("trigger"))
    .values(paid_through=bindparam("mark"), activation=bindparam("seen_activation"))
)
