"""Synthesise StudyXP's sound effects with the standard library only.

Run ``python static/sounds/make_sounds.py`` from anywhere; it (re)writes the WAV files
next to this script. The output is deterministic: no randomness, no timestamps, so running
it again gives byte-identical files and a clean ``git diff``.

xp-award.wav is a short rising two-note chime (A5 then E6, a perfect fifth) built from
sine partials with an exponential decay: 44.1 kHz, 16-bit, mono, 0.6 s, peak -6 dBFS.
level-up.wav is a longer rising major arpeggio (C6 E6 G6, then C7 held), so a level up is
told apart from an ordinary award by ear: same format, 1.1 s.
achievement.wav is a cadence of two chords (G major, then C major with its octave ringing),
a "ta-da" rather than a run of single notes: 1.3 s.
streak.wav is a quick rising run in a lower, warmer register (D5 G5 B5 D6): 0.7 s.
freeze.wav is a glassy descending run high up (E7 B6 G#6 E6), the one sound that falls,
for a streak a freeze kept: 0.9 s.
rank-up.wav is two quick steps up a fourth (A5 D6, then G6 short and bright), shorter than
the award chime it often follows, for passing someone on a leaderboard: 0.5 s.
"""

import math
import struct
import wave
from pathlib import Path

SAMPLE_RATE = 44_100
PEAK_DBFS = -6.0
# A few milliseconds of linear fade at both ends: a sine that starts or stops at a
# non-zero sample clicks audibly.
FADE_IN_S = 0.004
FADE_OUT_S = 0.030

# (start s, fundamental Hz, level, decay time constant s); each note carries a soft octave
# and twelfth so it sounds like a small bell rather than a test tone.
AWARD_NOTES = [
    (0.000, 880.00, 1.00, 0.16),
    (0.085, 1318.51, 0.90, 0.20),
]
# C6, E6, G6 quickly, then C7 ringing longer: a small fanfare.
LEVEL_UP_NOTES = [
    (0.000, 1046.50, 0.85, 0.12),
    (0.090, 1318.51, 0.85, 0.12),
    (0.180, 1567.98, 0.90, 0.14),
    (0.300, 2093.00, 1.00, 0.32),
]
# G major (G5 B5 D6) then C major (C6 E6 G6) with C7 on top, ringing longer.
ACHIEVEMENT_NOTES = [
    (0.000, 783.99, 0.70, 0.10),
    (0.000, 987.77, 0.60, 0.10),
    (0.000, 1174.66, 0.60, 0.10),
    (0.160, 1046.50, 0.80, 0.40),
    (0.160, 1318.51, 0.70, 0.40),
    (0.160, 1567.98, 0.70, 0.40),
    (0.160, 2093.00, 0.60, 0.45),
]
# D5, G5, B5, D6 in quick succession: short, warm, upward.
STREAK_NOTES = [
    (0.000, 587.33, 0.85, 0.09),
    (0.070, 783.99, 0.85, 0.09),
    (0.140, 987.77, 0.90, 0.10),
    (0.210, 1174.66, 1.00, 0.22),
]
# E7, B6, G#6, E6 falling: high and glassy, unlike every rising sound above.
FREEZE_NOTES = [
    (0.000, 2637.02, 0.70, 0.12),
    (0.110, 1975.53, 0.75, 0.12),
    (0.220, 1661.22, 0.80, 0.14),
    (0.330, 1318.51, 0.90, 0.28),
]
# A5, D6, G6: two quick steps up, the last one bright and short.
RANK_UP_NOTES = [
    (0.000, 880.00, 0.75, 0.07),
    (0.065, 1174.66, 0.85, 0.07),
    (0.130, 1567.98, 1.00, 0.15),
]
PARTIALS = [(1.0, 1.00), (2.0, 0.30), (3.0, 0.12)]  # (frequency multiple, relative level)


def chime(duration_s: float, notes: list[tuple[float, float, float, float]]) -> list[float]:
    """Sum the decaying notes into float samples, normalised to PEAK_DBFS."""
    count = round(duration_s * SAMPLE_RATE)
    samples = [0.0] * count
    for start_s, freq, level, decay_s in notes:
        first = round(start_s * SAMPLE_RATE)
        for i in range(first, count):
            t = (i - first) / SAMPLE_RATE
            envelope = level * math.exp(-t / decay_s)
            # Each note gets its own short attack so the second one does not click either.
            envelope *= min(1.0, t / FADE_IN_S)
            samples[i] += envelope * sum(
                amp * math.sin(2 * math.pi * freq * mult * t) for mult, amp in PARTIALS
            )
    fade_out = round(FADE_OUT_S * SAMPLE_RATE)
    for k in range(fade_out):
        samples[count - 1 - k] *= k / fade_out
    peak = max(abs(s) for s in samples)
    gain = 10 ** (PEAK_DBFS / 20) / peak
    return [s * gain for s in samples]


def write_wav(path: Path, samples: list[float]) -> None:
    """Write mono 16-bit PCM."""
    frames = b"".join(struct.pack("<h", max(-32768, min(32767, round(s * 32767)))) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)


def main() -> None:
    here = Path(__file__).resolve().parent
    for name, duration_s, notes in [
        ("xp-award.wav", 0.6, AWARD_NOTES),
        ("level-up.wav", 1.1, LEVEL_UP_NOTES),
        ("achievement.wav", 1.3, ACHIEVEMENT_NOTES),
        ("streak.wav", 0.7, STREAK_NOTES),
        ("freeze.wav", 0.9, FREEZE_NOTES),
        ("rank-up.wav", 0.5, RANK_UP_NOTES),
    ]:
        target = here / name
        write_wav(target, chime(duration_s, notes))
        print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
