"""Decks and cards: the deck list with progress, a deck's page, and a learner's own decks."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.extensions import db
from app.study import reviews
from app.study.forms import CardForm, DeckForm, EmptyForm
from app.study.learning import card_counts, cards_flipped, visible_decks
from app.study.models import Card, Deck

bp = Blueprint("decks", __name__, url_prefix="/decks")


@bp.before_request
@login_required
def require_login():
    """Every deck page is for logged-in learners."""


def visible_deck_or_404(deck_id: int) -> Deck:
    """A deck this learner may see; someone else's deck is as absent as a missing one."""
    deck = db.get_or_404(Deck, deck_id)
    if not deck.is_visible_to(current_user):
        abort(404)
    return deck


def editable_deck_or_403(deck_id: int) -> Deck:
    deck = visible_deck_or_404(deck_id)
    if not deck.is_editable_by(current_user):
        abort(403, "Shared decks are read-only. Create your own deck to add cards.")
    return deck


def editable_card_or_403(deck_id: int, card_id: int) -> tuple[Deck, Card]:
    deck = editable_deck_or_403(deck_id)
    card = db.get_or_404(Card, card_id)
    if card.deck_id != deck.id:
        abort(404)
    return deck, card


@bp.get("/")
def index():
    """Every deck the learner can study, with how many of its cards they have flipped."""
    decks = visible_decks(current_user)
    ids = [deck.id for deck in decks]
    to_review = reviews.counts(current_user, ids)
    return render_template(
        "decks/index.html",
        decks=decks,
        flipped=cards_flipped(current_user, ids),
        totals=card_counts(ids),
        to_review=to_review,
        due_today=sum(sum(left) for left in to_review.values()),
        most_due=max(ids, key=lambda i: sum(to_review[i]), default=None),
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Create a deck of the learner's own."""
    form = DeckForm()
    if form.validate_on_submit():
        deck = Deck(
            owner_id=current_user.id, title=form.title.data, description=form.description.data
        )
        db.session.add(deck)
        db.session.commit()
        flash(f"Deck “{deck.title}” created. Add its first card.", "success")
        return redirect(url_for("decks.add_card", deck_id=deck.id))
    return render_template("decks/deck_form.html", form=form, deck=None)


@bp.get("/<int:deck_id>")
def show(deck_id: int):
    """A deck's cards, and where to study or edit them."""
    deck = visible_deck_or_404(deck_id)
    flipped = cards_flipped(current_user, [deck.id]).get(deck.id, 0)
    left = reviews.counts(current_user, [deck.id])[deck.id]
    return render_template(
        "decks/show.html", deck=deck, flipped=flipped, left=left, form=EmptyForm()
    )


@bp.route("/<int:deck_id>/edit", methods=["GET", "POST"])
def edit(deck_id: int):
    """Rename a deck or change its description."""
    deck = editable_deck_or_403(deck_id)
    form = DeckForm(obj=deck)
    if form.validate_on_submit():
        form.populate_obj(deck)
        db.session.commit()
        flash("Deck saved.", "success")
        return redirect(url_for("decks.show", deck_id=deck.id))
    return render_template("decks/deck_form.html", form=form, deck=deck)


@bp.post("/<int:deck_id>/delete")
def delete(deck_id: int):
    """Delete a deck and its cards (the XP already earned with it stays)."""
    deck = editable_deck_or_403(deck_id)
    db.session.delete(deck)
    db.session.commit()
    flash(f"Deck “{deck.title}” deleted.", "info")
    return redirect(url_for("decks.index"))


@bp.route("/<int:deck_id>/cards/new", methods=["GET", "POST"])
def add_card(deck_id: int):
    """Add a card to the end of a deck."""
    deck = editable_deck_or_403(deck_id)
    form = CardForm()
    if form.validate_on_submit():
        last = db.session.scalar(select(func.max(Card.position)).where(Card.deck_id == deck.id))
        db.session.add(
            Card(
                deck_id=deck.id,
                front=form.front.data,
                back=form.back.data,
                position=(last or 0) + 1,
            )
        )
        db.session.commit()
        flash("Card added. Add another, or go back to the deck.", "success")
        return redirect(url_for("decks.add_card", deck_id=deck.id))
    return render_template("decks/card_form.html", form=form, deck=deck, card=None)


@bp.route("/<int:deck_id>/cards/<int:card_id>/edit", methods=["GET", "POST"])
def edit_card(deck_id: int, card_id: int):
    """Change a card's front or back."""
    deck, card = editable_card_or_403(deck_id, card_id)
    form = CardForm(obj=card)
    if form.validate_on_submit():
        form.populate_obj(card)
        db.session.commit()
        flash("Card saved.", "success")
        return redirect(url_for("decks.show", deck_id=deck.id))
    return render_template("decks/card_form.html", form=form, deck=deck, card=card)


@bp.post("/<int:deck_id>/cards/<int:card_id>/delete")
def delete_card(deck_id: int, card_id: int):
    """Remove a card from a deck."""
    deck, card = editable_card_or_403(deck_id, card_id)
    db.session.delete(card)
    db.session.commit()
    flash("Card deleted.", "info")
    return redirect(url_for("decks.show", deck_id=deck.id))
