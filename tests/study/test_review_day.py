"""The review day (app/study/review_day.py): it ends at 4 AM in the learner's time zone."""

from datetime import UTC, date, datetime

import pytest

from app.study.review_day import day_end, day_start, review_day

# Left out of the calendar sweep (.ci/run): every date here is written out.
pytestmark = pytest.mark.calendar_free


@pytest.mark.parametrize(
    ("instant", "tz", "day"),
    [
        ("2027-01-10T03:59:00Z", "UTC", date(2027, 1, 9)),
        ("2027-01-10T04:00:00Z", "UTC", date(2027, 1, 10)),
        # Kiritimati is UTC+14: 14:30 UTC on the 9th is 04:30 on the 10th there.
        ("2027-01-09T14:30:00Z", "Pacific/Kiritimati", date(2027, 1, 10)),
        ("2027-01-09T13:30:00Z", "Pacific/Kiritimati", date(2027, 1, 9)),
        # Pago Pago is UTC-11: 14:30 UTC on the 10th is 03:30 there, still the 9th's day.
        ("2027-01-10T14:30:00Z", "Pacific/Pago_Pago", date(2027, 1, 9)),
        ("2027-01-10T15:30:00Z", "Pacific/Pago_Pago", date(2027, 1, 10)),
        ("2028-03-01T03:00:00Z", "UTC", date(2028, 2, 29)),
    ],
)
def test_the_review_day_of_an_instant(instant, tz, day):
    assert review_day(datetime.fromisoformat(instant), tz) == day


def test_a_day_starts_and_ends_at_4_am_local_across_a_dst_change():
    # London springs forward on 28 March 2027 at 01:00 UTC: 4 AM is 03:00 UTC from then on.
    assert day_start(date(2027, 3, 27), "Europe/London") == datetime(2027, 3, 27, 4, tzinfo=UTC)
    assert day_start(date(2027, 3, 28), "Europe/London") == datetime(2027, 3, 28, 3, tzinfo=UTC)
    assert day_end(date(2027, 3, 27), "Europe/London") == datetime(2027, 3, 28, 3, tzinfo=UTC)
    assert day_start(date(2027, 1, 10), None) == datetime(2027, 1, 10, 4, tzinfo=UTC)
