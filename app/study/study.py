"""The study page: one card at a time; a flip to the back is an XP event, at most once an
hour per card (app/study/flip_credits.py) and within the learner's flip rate limit."""

import json

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from app import wording
from app.extensions import db
from app.ratelimit import Usage, count_flip
from app.routing import parse_id
from app.study.decks import visible_deck_or_404
from app.study.flip_news import flip_events
from app.study.learning import panel_context, record_flip, remember_time_zone
from app.study.models import Card, Deck
from app.xp.errors import XpError

bp = Blueprint("study", __name__, url_prefix="/decks/<int:deck_id>/study")


@bp.before_request
@login_required
def require_login():
    """Studying is for logged-in learners."""


def _position(deck: Deck) -> int:
    """The 1-based card position asked for, kept inside the deck."""
    raw = request.args.get("position", "1")
    position = int(raw) if raw.isascii() and raw.isdigit() else 1
    return min(max(position, 1), len(deck.cards))


def _back_to_empty_deck(deck: Deck):
    """An empty deck has nothing to study: back to its page (as a whole page under htmx)."""
    flash("This deck has no cards yet. Add one to start studying.", "info")
    target = url_for("decks.show", deck_id=deck.id)
    if request.headers.get("HX-Request"):
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


@bp.get("/")
def page(deck_id: int):
    """Study a deck, starting at ?position=N."""
    deck = visible_deck_or_404(deck_id)
    if not deck.cards:
        return _back_to_empty_deck(deck)
    return render_template(
        "study/study.html",
        deck=deck,
        position=_position(deck),
        **panel_context(current_user, compact=True),
    )


@bp.get("/card")
def card(deck_id: int):
    """The card fragment htmx swaps in for Next and Previous."""
    deck = visible_deck_or_404(deck_id)
    if not deck.cards:
        return _back_to_empty_deck(deck)
    position = _position(deck)
    response = make_response(render_template("study/_card.html", deck=deck, position=position))
    # Keep the address bar on the card shown, so a reload stays there.
    response.headers["HX-Replace-Url"] = url_for("study.page", deck_id=deck.id, position=position)
    return response


@bp.post("/flip")
def flip(deck_id: int):
    """Record a flip to the back; its news goes in HX-Trigger (app/study/flip_news.py).

    Every flip counts against the learner's rate limit first: past it the answer is 429 and
    nothing else happens (no XP event, no flip row).
    """
    limited = count_flip(current_user.id)
    if limited is not None:
        return _too_fast(limited)
    deck = visible_deck_or_404(deck_id)
    card_id = parse_id(request.form.get("card_id", ""))
    key = request.form.get("idempotency_key", "").strip()
    card = db.session.get(Card, card_id) if card_id else None
    if card is None or card.deck_id != deck.id:
        abort(404, "That card is not in this deck.")
    if not 1 <= len(key) <= 255:
        abort(400, "Each flip needs an idempotency_key of 1 to 255 characters.")
    remember_time_zone(current_user, request.form.get("tz"))
    try:
        result = record_flip(current_user, card, key)
    except XpError as error:
        abort(error.status_code, error.message)

    response = make_response("", 200)
    events = flip_events(current_user, result)
    if events:
        response.headers["HX-Trigger"] = json.dumps(events)
    return response


def _too_fast(usage: Usage):
    """429 with Retry-After and {"error": ...}, the words study.js shows the learner."""
    response = jsonify(error=wording.flips_too_fast(usage.retry_after))
    response.status_code = 429
    response.headers["Retry-After"] = str(usage.retry_after)
    return response
