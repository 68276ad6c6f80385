"""The demo class that seed.py loads: 32 learners around the world beside the demo learner, so
badge rarity, the dashboard's analytics and a leaderboard have a class to count.

Each member logs in as `<name>@class.example.com` with the one CLASS_PASSWORD. Their history
is designed here, not drawn: how many cards they flipped in all, the first and the last day
they studied (in days before the day of seeding, on their own calendar) and how many days a
week they study in between. seed.py's class_sittings() spreads those cards over their days
and sittings with a random generator seeded with the member's name, so every member's
history is the same whatever day it is seeded and whoever else is in the class.

The dashboard's numbers are the same at any hour too, which a change here must keep
(tests/study/test_seed.py seeds at hours when the Americas are a day behind UTC and Asia a
day ahead):
- "active users" ranges end on the latest date on Earth (UTC+14), up to two days after a
  learner's own: a last day 1 to 4 days ago is always inside the last 7 days, 7 to 27 days
  ago always inside the last 30 and outside the last 7, 30 or more always outside the 30;
- the streak page counts the streaks alive on UTC's date, not the learner's, so a streak
  with no day to spare flips between alive and not with the hour: west of UTC, one whose
  freezes just cover the days missed (extended yesterday with no freeze left, say); east of
  UTC, one whose freezes are one short of the days missed. No member ends like that (a
  rhythm, or a first or last day, was moved until none did).
"""

from typing import NamedTuple

CLASS_DOMAIN = "class.example.com"
CLASS_PASSWORD = "studyxp-class"
# The most sittings a member of each kind has on a day they study: a sitting is one XP event
# whose value is the number of cards flipped in it.
SITTINGS_A_DAY = {"power": 3, "steady": 2, "lapsed": 1, "new": 2}


class Member(NamedTuple):
    name: str  # the email's local part
    display_name: str
    tz: str
    kind: str  # power, steady, lapsed or new
    first: int  # the day of the first sitting, in days before the day of seeding
    last: int  # the day of the last sitting, likewise: never today
    days_a_week: int  # how many days of each week in between they study, on average
    flips: int  # the cards they flipped in all


CLASS: list[Member] = [
    # Power users: every day, hundreds of cards a day.
    Member("kenji", "Kenji Watanabe", "Asia/Tokyo", "power", 60, 1, 7, 17_385),
    Member("ingrid", "Ingrid Johansson", "Europe/Stockholm", "power", 60, 1, 7, 13_120),
    Member("tevita", "Tevita Fifita", "Pacific/Tongatapu", "power", 60, 1, 7, 9_870),  # UTC+13
    Member("priya", "Priya Raghavan", "Asia/Kolkata", "power", 58, 1, 7, 20_460),
    # The steady middle: four to seven days a week, tens of cards a day, still this week.
    Member("lucia", "Lucía Fernández", "Europe/Madrid", "steady", 60, 1, 6, 5_930),
    Member("mateus", "Mateus Oliveira", "America/Sao_Paulo", "steady", 57, 1, 6, 3_415),
    Member("amara", "Amara Okafor", "Africa/Lagos", "steady", 57, 1, 5, 2_760),
    Member("noah", "Noah Kealoha", "Pacific/Honolulu", "steady", 60, 1, 7, 4_180),  # UTC−10
    Member("chloe", "Chloé Martin", "Europe/Paris", "steady", 49, 1, 4, 1_505),
    Member("jakub", "Jakub Nowak", "Europe/Warsaw", "steady", 60, 3, 5, 2_285),
    Member("aroha", "Aroha Ngata", "Pacific/Auckland", "steady", 60, 1, 6, 3_890),
    Member("wei", "Zhang Wei", "Asia/Shanghai", "steady", 60, 1, 6, 7_210),
    Member("minhanh", "Nguyễn Minh Anh", "Asia/Ho_Chi_Minh", "steady", 44, 1, 5, 1_980),
    Member("fatima", "Fatima Al-Sayed", "Asia/Dubai", "steady", 60, 1, 4, 1_240),
    Member("olivia", "Olivia Brown", "America/Chicago", "steady", 53, 2, 4, 1_675),
    Member("diego", "Diego Ramírez", "America/Mexico_City", "steady", 60, 2, 5, 3_060),
    Member("seoyeon", "Kim Seo-yeon", "Asia/Seoul", "steady", 60, 1, 6, 4_645),
    Member("liam", "Liam O'Connor", "Europe/Dublin", "steady", 38, 1, 5, 2_030),
    Member("charlotte", "Charlotte Taylor", "Australia/Sydney", "steady", 60, 2, 5, 2_545),
    Member("marcus", "Marcus Johnson", "America/New_York", "steady", 60, 2, 4, 1_390),
    # Lapsed: studied for two to five weeks, then stopped two to seven weeks ago.
    Member("sofia", "Sofia Rossi", "Europe/Rome", "lapsed", 58, 40, 5, 640),
    Member("hannah", "Hannah Müller", "Europe/Berlin", "lapsed", 60, 22, 5, 1_115),
    Member("ethan", "Ethan Walker", "America/Los_Angeles", "lapsed", 45, 33, 6, 180),
    Member("aiyana", "Aiyana Begay", "America/Denver", "lapsed", 52, 15, 4, 860),
    Member("ioane", "Ioane Tabuaka", "Pacific/Kiritimati", "lapsed", 57, 19, 5, 735),  # UTC+14
    Member("nurul", "Nurul Aisyah", "Asia/Singapore", "lapsed", 60, 46, 5, 85),
    Member("sipho", "Sipho Dlamini", "Africa/Johannesburg", "lapsed", 38, 24, 6, 236),
    # New: joined this week.
    Member("aino", "Aino Virtanen", "Europe/Helsinki", "new", 6, 1, 7, 214),
    Member("camila", "Camila Torres", "America/Bogota", "new", 5, 2, 7, 68),
    Member("sita", "Sita Gurung", "Asia/Kathmandu", "new", 3, 1, 7, 27),
    Member("jack", "Jack Wilson", "Australia/Perth", "new", 2, 1, 7, 12),
    Member("sina", "Sina Faleolo", "Pacific/Pago_Pago", "new", 2, 2, 7, 3),  # UTC−11
]
