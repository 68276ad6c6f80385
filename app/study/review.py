"""The review page: FSRS spaced repetition of a deck (app/study/reviews.py is the domain).

One card at a time: its front, "Show answer", then Again / Hard / Good / Easy, each labelled
with the interval it would give. htmx posts the grade and swaps in the next card; the grade's
XP news comes back in HX-Trigger as a flip's does (app/study/flip_news.py). Grades and undos
count against the learner's review rate limit (REVIEW_RATE_LIMIT), a budget of their own.
"""

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
from app.ratelimit import count_review
from app.routing import parse_id
from app.study import reviews
from app.study.decks import visible_deck_or_404
from app.study.flip_news import flip_events
from app.study.forms import ReviewLimitsForm
from app.study.learning import remember_time_zone
from app.study.models import Card, Deck
from app.xp.errors import XpError

bp = Blueprint("review", __name__, url_prefix="/decks/<int:deck_id>/review")
DURATION_MAX_MS = 24 * 3600 * 1000  # longer than a day is not a measured answer time


@bp.before_request
@login_required
def require_login():
    """Reviewing is for logged-in learners."""


def _card_context(deck: Deck, notice: str | None = None) -> dict:
    """What templates/review/_card.html shows: what is left today (new, learning, due), the
    next card and its intervals, or when the next card is due."""
    item = reviews.next_card(current_user, deck)
    context = {
        "deck": deck,
        "left": reviews.counts(current_user, [deck.id])[deck.id],
        "item": item,
        "notice": notice,
        "undoable": reviews.undoable(current_user, deck),
        "grades": reviews.GRADES,
    }
    if item is not None:
        context["intervals"] = reviews.preview(current_user, item)
    else:
        due = reviews.next_due(current_user, deck)
        when = None if due is None else reviews.due_in_words(current_user, due)
        context["done_message"] = wording.nothing_due(when)
    return context


def _fragment(deck: Deck, status: int = 200, notice: str | None = None, events: dict = None):
    response = make_response(
        render_template("review/_card.html", **_card_context(deck, notice)), status
    )
    if events:
        response.headers["HX-Trigger"] = json.dumps(events)
    return response


def _error(message: str, status: int):
    """A refused post: {"error": message}, which review.js shows the learner."""
    response = jsonify(error=message)
    response.status_code = status
    return response


@bp.get("/")
def page(deck_id: int):
    """Review a deck: the queue's first card, or when the next one is due."""
    deck = visible_deck_or_404(deck_id)
    limits = reviews.limits(current_user, [deck.id])[deck.id]
    form = ReviewLimitsForm(new_per_day=limits.new_per_day, reviews_per_day=limits.reviews_per_day)
    return render_template("review/review.html", form=form, **_card_context(deck))


@bp.post("/grade")
def grade(deck_id: int):
    """Grade the card shown: card_id, review_number (the one it was shown for), grade (again,
    hard, good, easy), duration_ms (optional). The answer is the next card's fragment; 409
    with the next card when that review was already graded (another tab)."""
    too_fast = _too_fast()
    if too_fast is not None:
        return too_fast
    deck = visible_deck_or_404(deck_id)
    card_id = parse_id(request.form.get("card_id", ""))
    card = db.session.get(Card, card_id) if card_id else None
    if card is None or card.deck_id != deck.id:
        abort(404, "That card is not in this deck.")
    rating = reviews.rating_named(request.form.get("grade", ""))
    if rating is None:
        return _error("Grade a card Again, Hard, Good or Easy.", 400)
    review_number = parse_id(request.form.get("review_number", ""))
    if review_number is None:
        return _error("Each grade names the card's review number (1 or more).", 400)
    raw_duration = request.form.get("duration_ms", "")
    duration = None
    if raw_duration:
        if not raw_duration.isascii() or not raw_duration.isdigit() or len(raw_duration) > 9:
            return _error("The answer time is a whole number of milliseconds.", 400)
        duration = min(int(raw_duration), DURATION_MAX_MS)
    remember_time_zone(current_user, request.form.get("tz"))
    try:
        result = reviews.grade(current_user, card, rating, review_number, duration)
    except reviews.AlreadyGraded:
        return _fragment(deck, 409, notice=wording.ALREADY_GRADED)
    except ValueError as error:
        return _error(str(error), 400)
    except XpError as error:
        abort(error.status_code, error.message)
    events = flip_events(current_user, result.xp, wording.REVIEW_XP_UNAVAILABLE)
    return _fragment(deck, events=events)


@bp.post("/undo")
def undo(deck_id: int):
    """Take back the last grade in this deck; its card comes back first when due."""
    too_fast = _too_fast()
    if too_fast is not None:
        return too_fast
    deck = visible_deck_or_404(deck_id)
    log = reviews.undo(current_user, deck)
    notice = "Grade undone." if log is not None else "Nothing to undo."
    return _fragment(deck, notice=notice)


def _too_fast():
    """Count a grade or an undo against the learner's review rate limit (REVIEW_RATE_LIMIT);
    the 429 answer when over it."""
    limited = count_review(current_user.id)
    if limited is None:
        return None
    response = _error(wording.reviews_too_fast(limited.retry_after), 429)
    response.headers["Retry-After"] = str(limited.retry_after)
    return response


@bp.post("/limits")
def limits(deck_id: int):
    """Change this deck's daily limits (new cards, reviews), each 0 to 9999."""
    deck = visible_deck_or_404(deck_id)
    form = ReviewLimitsForm()
    if not form.validate_on_submit():
        return render_template("review/review.html", form=form, **_card_context(deck)), 400
    reviews.set_limits(current_user, deck, form.new_per_day.data, form.reviews_per_day.data)
    flash("Daily limits saved.", "success")
    return redirect(url_for("review.page", deck_id=deck.id))
