/*
 * StudyXP, every page: badge and streak news after a flip, and the header's streak.
 *
 * The flip's HX-Trigger header (app/study/engagement.py, flip_events) carries, besides
 * xp.js's xp-awarded and xp-changed:
 *   xp-achievements  {achievements: [UserAchievementResponse]}: badges this flip completed
 *   xp-streak        {length, frequency, savedByFreeze, freezes}: the streak this flip extended
 * Its toasts and sounds go through the modules xp.js uses (static/js/xp/), so they share its
 * stack, its aria-live region and its mute toggle. A native module, like xp.js.
 */
import { periodWord } from "./xp/award-lines.js";
import { showHeaderStreak } from "./xp/header.js";
import { requestSound } from "./xp/sound.js";
import { addToast, element } from "./xp/toasts.js";

// "Achievement unlocked: First Ten", with its badge when it has one.
function achievementToast(achievement) {
  const toast = element("div", "toast achievement-toast");
  toast.setAttribute("data-testid", "achievement-toast");
  if (achievement.badgeUrl) {
    const badge = element("img", "toast-badge");
    badge.src = String(achievement.badgeUrl);
    badge.alt = `${achievement.name} badge`;
    badge.width = 48;
    badge.height = 48;
    toast.append(badge);
  }
  toast.append(element("p", "toast-title", `Achievement unlocked: ${achievement.name}`));
  if (achievement.description) {
    toast.append(element("p", "toast-line", String(achievement.description)));
  }
  return toast;
}

const NEXT_PERIOD = { day: "tomorrow", week: "next week", month: "next month" };

// "7-day streak!"
function streakToast(streak) {
  const unit = periodWord(streak.frequency);
  const toast = element("div", "toast streak-toast");
  toast.setAttribute("data-testid", "streak-toast");
  toast.append(element("p", "toast-title", `${streak.length}-${unit} streak!`));
  toast.append(element("p", "toast-line", `Study again ${NEXT_PERIOD[unit]} to keep it going.`));
  return toast;
}

// "Streak saved by a freeze": the learner missed a period and the streak lived on.
function freezeToast(streak) {
  const unit = periodWord(streak.frequency);
  const toast = element("div", "toast freeze-toast");
  toast.setAttribute("data-testid", "freeze-toast");
  toast.append(element("p", "toast-title", "Streak saved by a freeze"));
  let line = `You missed a ${unit}, and a freeze kept your streak going.`;
  if (Number.isInteger(streak.freezes)) {
    line += ` ${streak.freezes} ${streak.freezes === 1 ? "freeze" : "freezes"} left.`;
  }
  toast.append(element("p", "toast-line", line));
  return toast;
}

function onAchievements(event) {
  const achievements = (event.detail || {}).achievements;
  if (!Array.isArray(achievements)) return;
  let shown = 0;
  for (const achievement of achievements) {
    if (!achievement || !achievement.name) continue;
    addToast(achievementToast(achievement));
    shown += 1;
  }
  if (shown > 0) requestSound("achievementSound");
}

function onStreak(event) {
  const streak = event.detail || {};
  showHeaderStreak(streak);
  if (streak.savedByFreeze) {
    addToast(freezeToast(streak));
    requestSound("freezeSound");
  }
  // Day one is a start, not news: the toast begins with the second period in a row.
  if (streak.length >= 2) {
    addToast(streakToast(streak));
    requestSound("streakSound");
  }
}

document.body.addEventListener("xp-achievements", onAchievements);
document.body.addEventListener("xp-streak", onStreak);
