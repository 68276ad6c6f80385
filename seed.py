"""Create StudyXP's demo configuration. Idempotent: running it again changes nothing.

python seed.py
"""

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.xp.models import Metric, PointsSystem, PointsTrigger

FLASHCARDS_FLIPPED = "flashcards-flipped"
XP = "xp"
# (points, every N flashcards flipped)
XP_TRIGGERS = [(10, 5), (50, 25)]


def get_or_create(model, defaults: dict | None = None, **identity):
    instance = db.session.scalar(select(model).filter_by(**identity))
    if instance is None:
        instance = model(**identity, **(defaults or {}))
        db.session.add(instance)
        db.session.flush()
    return instance


def seed_xp() -> None:
    """The metric, the XP points system and its two metric triggers."""
    metric = get_or_create(
        Metric, key=FLASHCARDS_FLIPPED, defaults={"name": "Flashcards Flipped", "unit": "cards"}
    )
    xp = get_or_create(
        PointsSystem,
        key=XP,
        defaults={"name": "XP", "description": "Experience points for studying"},
    )
    for points, threshold in XP_TRIGGERS:
        get_or_create(
            PointsTrigger,
            system_id=xp.id,
            type="metric",
            metric_id=metric.id,
            metric_threshold=threshold,
            points=points,
            defaults={"status": "active"},
        )
    db.session.commit()


def main() -> None:
    app = create_app()
    with app.app_context():
        seed_xp()
        print(f"Seeded {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")


if __name__ == "__main__":
    main()
