"""Which flips are XP events: a card's flip counts at most once per learner an hour.

The rule is the study app's, not the XP service's: as with Trophy, the integrator decides what
is a metric event. A flip of a card whose last counted flip is less than FLIP_REPEAT_MINUTES
old (a rolling window) is not counted: it sends no XP event and writes no flip row. Going
through a deck earns for every card; turning a card back and forth, going back to re-check it
or running the deck again straight away earns nothing more; coming back later earns again.

Each learner and card has one row (FlipCredit) holding the last counted flip's time and
idempotency key. A flip claims it with one upsert, atomic on SQLite and PostgreSQL however
many requests race for it: a new row, or a row whose flip is older than the window, becomes
this flip's; a row holding this flip's own key (the browser retrying a counted flip) counts
again, keeping its time, and the XP service answers that retry as a replay.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app import clock
from app.extensions import db
from app.study.models import FlipCredit


def repeat_window() -> timedelta:
    """How long a card's counted flip holds back its next one (FLIP_REPEAT_MINUTES)."""
    return timedelta(minutes=current_app.config["FLIP_REPEAT_MINUTES"])


@dataclass(frozen=True)
class Claim:
    counted: bool
    counts_again_in: timedelta = timedelta(0)  # when not counted: the rest of the window


def claim(account_id: int, card_id: int, idempotency_key: str) -> Claim:
    """Claim the card's credit for this flip, committed at once so other requests see it.

    Call outside a transaction (record_flip commits first): on SQLite the upsert then starts
    its own, which waits for a concurrent writer instead of failing.
    """
    # Twice at most: a credit can vanish between the upsert and reading it back, when the
    # flip that held it earned nothing (release); the card is free again then.
    for _ in range(2):
        if _upsert(account_id, card_id, idempotency_key):
            return Claim(counted=True)
        counted_at = db.session.scalar(
            select(FlipCredit.counted_at).where(
                FlipCredit.account_id == account_id, FlipCredit.card_id == card_id
            )
        )
        db.session.commit()
        if counted_at is not None:
            wait = counted_at + repeat_window() - clock.now()
            return Claim(counted=False, counts_again_in=max(wait, timedelta(0)))
    return Claim(counted=False)


def release(account_id: int, card_id: int, idempotency_key: str) -> None:
    """Give the card's credit back after its flip earned nothing (the XP service refused or
    did not answer), so the learner is not held back an hour for it. Only this flip's own
    claim is released, and only if it still holds the credit."""
    db.session.execute(
        delete(FlipCredit).where(
            FlipCredit.account_id == account_id,
            FlipCredit.card_id == card_id,
            FlipCredit.idempotency_key == idempotency_key,
        )
    )
    db.session.commit()


def _upsert(account_id: int, card_id: int, idempotency_key: str) -> bool:
    """INSERT ... ON CONFLICT DO UPDATE ... WHERE the window has ended or the key is this
    flip's ... RETURNING: a row back means the flip counts."""
    now = clock.now()
    table = FlipCredit.__table__
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).values(
        account_id=account_id,
        card_id=card_id,
        counted_at=now,
        idempotency_key=idempotency_key,
    )
    new = statement.excluded
    same_flip = table.c.idempotency_key == new.idempotency_key
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.account_id, table.c.card_id],
        set_={
            # A retry of the counted flip keeps its time: retrying does not extend the window.
            "counted_at": case((same_flip, table.c.counted_at), else_=new.counted_at),
            "idempotency_key": new.idempotency_key,
        },
        where=(table.c.counted_at <= now - repeat_window()) | same_flip,
    ).returning(table.c.card_id)
    claimed = db.session.execute(statement).first() is not None
    db.session.commit()
    return claimed
