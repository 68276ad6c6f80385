"""XP counts studying, not clicking (issue 14): a card's flip is an XP event at most once per
learner an hour (app/study/flip_credits.py), and a learner's flips are rate-limited (20 in
10 seconds, app/ratelimit.py). Each test freezes the clock, so "at once" means at once.

seed.py's triggers pay +10 XP every 5 flashcards flipped and +50 every 25.
"""

import json
import threading

from sqlalchemy import func, select

from app.extensions import db
from app.study.models import CardFlip, FlipCredit
from app.xp.client.in_process import InProcessXpClient
from app.xp.errors import BadRequest, XpUnavailable
from app.xp.models.metrics import MetricEvent, UserMetricTotal
from tests.support.databases import count
from tests.support.learners import (
    AuthActions,
    card_ids_of,
    create_deck,
    flip,
    flip_many,
    flips_of,
    get_account,
    xp_points_of,
)

HOUR_LATER = (
    "Not counted: this card already counted towards XP in the last hour. "
    "It counts again in 60 minutes."
)
SLOW_DOWN = "Slow down: that is faster than anyone can read. Flips count again in {}."


def hx_events(response) -> dict | None:
    header = response.headers.get("HX-Trigger")
    return json.loads(header) if header is not None else None


def not_counted(message: str, card_id: int) -> dict:
    return {"flip-not-counted": {"message": message, "cardId": card_id}}


def flips_counted(app) -> float:
    """The flashcards-flipped total the XP service holds for everyone: one learner here."""
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.sum(UserMetricTotal.total), 0)))


def credit_of(app, card_id: int) -> FlipCredit | None:
    """Ana's credit for the card (loaded and detached), or None."""
    account = get_account(app)
    with app.app_context():
        return db.session.get(FlipCredit, (account.id, card_id))


class CountingXp(InProcessXpClient):
    """The in-process client, counting the events it is asked to record."""

    def __init__(self):
        self.events = 0

    def record_event(self, *args, **kwargs):
        self.events += 1
        return super().record_event(*args, **kwargs)


class RefusingXp(InProcessXpClient):
    """An XP service that does not take events: `error` is raised for each."""

    def __init__(self, error):
        self.error = error

    def record_event(self, *args, **kwargs):
        raise self.error


# The review's scripts


def test_a_hundred_flips_of_one_card_count_once(app, learner, client, capitals, clock):
    card = capitals.card_ids[0]

    responses = [flip(client, capitals.id, card, f"spam-{n}") for n in range(100)]

    assert [r.status_code for r in responses] == [200] * 20 + [429] * 80
    assert hx_events(responses[0]) is None  # counted: one flip, no award yet
    assert [hx_events(r) for r in responses[1:20]] == [not_counted(HOUR_LATER, card)] * 19
    assert flips_counted(app) == 1
    assert count(app, MetricEvent) == 1
    assert flips_of(app) == 1
    assert xp_points_of(app)["total"] == 0
    for refused in responses[20:]:
        assert refused.headers["Retry-After"] == "10"
        assert refused.get_json() == {"error": SLOW_DOWN.format("10 seconds")}
        assert "HX-Trigger" not in refused.headers


def test_a_hundred_flips_of_different_cards_count_twenty_then_slow_down(
    app, learner, client, clock
):
    deck_id = create_deck(client, "Hundred", cards=[(f"Q{n}", f"A{n}") for n in range(100)])
    cards = card_ids_of(app, deck_id)
    spy = app.extensions["xp_client"] = CountingXp()

    responses = [flip(client, deck_id, card, f"fast-{n}") for n, card in enumerate(cards)]

    assert [r.status_code for r in responses] == [200] * 20 + [429] * 80
    assert spy.events == 20  # a refused flip never reaches the XP service
    assert flips_counted(app) == 20
    assert flips_of(app) == 20
    assert xp_points_of(app)["total"] == 4 * 10  # 20 flips: four times +10 for 5
    assert [r.headers["Retry-After"] for r in responses[20:]] == ["10"] * 80
    assert [r.get_json() for r in responses[20:]] == [
        {"error": SLOW_DOWN.format("10 seconds")}
    ] * 80

    # The window opened with the first flip: 4 seconds on, 6 are left; at 10 it is over.
    clock.shift(seconds=4)
    still = flip(client, deck_id, cards[20], "still-fast")
    clock.shift(seconds=6)
    later = flip(client, deck_id, cards[20], "later")

    assert (still.status_code, still.headers["Retry-After"]) == (429, "6")
    assert still.get_json() == {"error": SLOW_DOWN.format("6 seconds")}
    assert later.status_code == 200
    assert (spy.events, flips_counted(app), flips_of(app)) == (21, 21, 21)


def test_the_flip_rate_limit_is_each_learners_own(
    app, learner, client, other_client, capitals, clock
):
    flip_many(client, capitals.id, capitals.card_ids[:20])
    refused = flip(client, capitals.id, capitals.card_ids[20], "one-too-many")

    others = flip(other_client, capitals.id, capitals.card_ids[0], "bob-0")

    assert refused.status_code == 429
    assert others.status_code == 200
    assert flips_of(app, "bob@example.com") == 1


# The card's hour


def test_the_same_card_counts_again_an_hour_after_its_counted_flip(
    app, learner, client, capitals, clock
):
    card = capitals.card_ids[0]
    first = flip(client, capitals.id, card, "first")

    clock.shift(minutes=18, seconds=30)
    soon = flip(client, capitals.id, card, "soon")
    clock.shift(minutes=41)  # 59 min 30 s after the counted flip
    almost = flip(client, capitals.id, card, "almost")
    clock.shift(seconds=30)  # an hour to the second
    again = flip(client, capitals.id, card, "again")

    assert [r.status_code for r in (first, soon, almost, again)] == [200] * 4
    assert hx_events(first) is None
    assert hx_events(soon) == not_counted(
        "Not counted: this card already counted towards XP in the last hour. "
        "It counts again in 42 minutes.",
        card,
    )
    assert hx_events(almost) == not_counted(
        "Not counted: this card already counted towards XP in the last hour. "
        "It counts again in 1 minute.",
        card,
    )
    assert hx_events(again) is None
    assert flips_counted(app) == 2
    with app.app_context():
        keys = db.session.scalars(select(CardFlip.idempotency_key).order_by(CardFlip.id)).all()
    assert keys == ["first", "again"]
    assert credit_of(app, card).idempotency_key == "again"


def test_other_cards_count_while_one_waits_for_its_hour(app, learner, client, capitals, clock):
    first, second = capitals.card_ids[:2]
    flip(client, capitals.id, first, "first")

    held = flip(client, capitals.id, first, "first-again")
    other = flip(client, capitals.id, second, "second")

    assert hx_events(held) == not_counted(HOUR_LATER, first)
    assert hx_events(other) is None
    assert (flips_counted(app), flips_of(app)) == (2, 2)


def test_a_longer_window_from_the_config_is_kept_and_worded(app, learner, client, capitals, clock):
    app.config["FLIP_REPEAT_MINUTES"] = 90
    card = capitals.card_ids[0]
    flip(client, capitals.id, card, "first")

    clock.shift(minutes=61)
    held = flip(client, capitals.id, card, "after-an-hour")
    clock.shift(minutes=29)
    again = flip(client, capitals.id, card, "after-90-minutes")

    assert hx_events(held) == not_counted(
        "Not counted: this card already counted towards XP in the last 90 minutes. "
        "It counts again in 29 minutes.",
        card,
    )
    assert hx_events(again) is None
    assert flips_counted(app) == 2


# The browser's retry, and flips the XP service did not take


def test_a_retry_of_a_counted_flip_replays_and_does_not_move_its_hour(
    app, learner, client, capitals, clock
):
    cards = capitals.card_ids
    flip_many(client, capitals.id, cards[1:5])  # four flips: the next one pays +10 XP
    clock.shift(minutes=1)
    fifth = flip(client, capitals.id, cards[0], "fifth")
    counted_at = credit_of(app, cards[0]).counted_at

    clock.shift(seconds=5)
    retry = flip(client, capitals.id, cards[0], "fifth")  # its answer was lost: same key
    clock.shift(minutes=30)
    late_retry = flip(client, capitals.id, cards[0], "fifth")

    assert hx_events(fifth)["xp-changed"] == {"xpTotal": 10}
    # Replays: no news, and no "not counted" either, since that flip did count.
    assert (retry.status_code, hx_events(retry)) == (200, None)
    assert (late_retry.status_code, hx_events(late_retry)) == (200, None)
    assert flips_counted(app) == 5
    assert count(app, MetricEvent) == 5
    assert flips_of(app) == 5
    assert xp_points_of(app)["total"] == 10
    assert credit_of(app, cards[0]).counted_at == counted_at

    # The hour runs from the counted flip, not from its retries.
    clock.shift(minutes=29, seconds=55)
    assert hx_events(flip(client, capitals.id, cards[0], "an-hour-on")) is None
    assert flips_counted(app) == 6


def test_a_flip_while_xp_is_unavailable_gives_the_card_back(app, learner, client, capitals, clock):
    card = capitals.card_ids[0]
    app.extensions["xp_client"] = RefusingXp(XpUnavailable("down"))

    offline = flip(client, capitals.id, card, "offline")

    assert offline.status_code == 200
    assert set(hx_events(offline)) == {"xp-unavailable"}
    assert credit_of(app, card) is None
    assert flips_of(app) == 1  # saved for deck progress all the same

    app.extensions["xp_client"] = InProcessXpClient()
    back = flip(client, capitals.id, card, "back-online")

    assert (back.status_code, hx_events(back)) == (200, None)
    assert flips_counted(app) == 1
    assert flips_of(app) == 2
    assert credit_of(app, card).idempotency_key == "back-online"


def test_a_flip_the_xp_service_refuses_gives_the_card_back(app, learner, client, capitals, clock):
    card = capitals.card_ids[0]
    app.extensions["xp_client"] = RefusingXp(BadRequest("Idempotency-Key must be printable"))

    refused = flip(client, capitals.id, card, "refused")

    assert refused.status_code == 400
    assert "Idempotency-Key must be printable" in refused.text
    assert credit_of(app, card) is None
    assert flips_of(app) == 0

    app.extensions["xp_client"] = InProcessXpClient()
    assert hx_events(flip(client, capitals.id, card, "fine")) is None
    assert flips_counted(app) == 1


# Requests racing for one card


def test_flips_of_one_card_at_the_same_moment_count_once(app, learner, capitals, clock):
    threads_per_card, cards = 4, capitals.card_ids[:5]  # 20 flips: the rate limit allows them
    clients = []
    for _ in range(threads_per_card):
        browser = app.test_client()
        assert AuthActions(browser).login().status_code == 302
        clients.append(browser)
    start = threading.Barrier(threads_per_card)
    answers: dict[int, list] = {card: [] for card in cards}

    def flip_each_card(number: int) -> None:
        for card in cards:
            start.wait(timeout=30)
            response = flip(clients[number], capitals.id, card, f"racer-{number}-{card}")
            answers[card].append((response.status_code, hx_events(response)))

    threads = [threading.Thread(target=flip_each_card, args=(n,)) for n in range(threads_per_card)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    for card in cards:
        statuses = [status for status, _ in answers[card]]
        held = [events for _, events in answers[card] if events and "flip-not-counted" in events]
        assert statuses == [200] * threads_per_card
        assert held == [not_counted(HOUR_LATER, card)] * (threads_per_card - 1), card
    assert flips_counted(app) == len(cards)
    assert count(app, MetricEvent) == len(cards)
    assert flips_of(app) == len(cards)
    assert count(app, FlipCredit) == len(cards)
