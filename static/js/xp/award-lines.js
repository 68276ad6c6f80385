/*
 * The wording of XP news: what an award was for ("+10 XP for 5 flashcards flipped", "for a
 * 7-day streak") and the word for a streak's period ("day", "week", "month"). Moved as it was
 * from xp.js, and kept apart so it can be deleted whole once the server sends these lines:
 * xp.js (awardLine), engagement.js and xp/header.js (periodWord) import from it.
 */

const PERIOD_WORDS = { daily: "day", weekly: "week", monthly: "month" };

// "day", "week" or "month": the header's streak knows the frequency (a streak trigger
// does not say it).
function streakUnit() {
  const pill = document.getElementById("xp-streak");
  return PERIOD_WORDS[pill && pill.dataset.frequency] || "day";
}

// What an award was for: "for 5 flashcards flipped", "for a 7-day streak", ... (the award
// history says the same: app/study/learning.py, award_reason).
function awardReason(trigger) {
  switch (trigger.type) {
    case "streak":
      return trigger.streakLengthThreshold != null
        ? `for a ${trigger.streakLengthThreshold}-${streakUnit()} streak`
        : "";
    case "achievement":
      return trigger.achievementName ? `for completing ${trigger.achievementName}` : "";
    case "user_creation":
      return "for joining";
    case "time": {
      const count = Number(trigger.timeInterval);
      if (!Number.isFinite(count)) return "";
      const unit = `${trigger.timeUnit || "day"}${count === 1 ? "" : "s"}`;
      return `for ${count} ${unit} with StudyXP`;
    }
    default:
      return trigger.metricThreshold != null && trigger.metricName
        ? `for ${trigger.metricThreshold} ${String(trigger.metricName).toLowerCase()}`
        : "";
  }
}

// "+10 XP for 5 flashcards flipped", with any boosts that multiplied it:
// "+20 XP for 5 flashcards flipped (Weekend Double XP ×2)"
export function awardLine(award, systemName) {
  const reason = awardReason(award.trigger || {});
  let line = `+${award.awarded} ${systemName}${reason ? ` ${reason}` : ""}`;
  const boosts = Array.isArray(award.boosts) ? award.boosts.filter((b) => b && b.name) : [];
  if (boosts.length > 0) {
    line += ` (${boosts.map((b) => `${b.name} \u00d7${b.multiplier}`).join(", ")})`;
  }
  return line;
}

export const periodWord = (frequency) => PERIOD_WORDS[frequency] || "day";
