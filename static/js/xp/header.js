/*
 * The header's XP news (templates/base.html): the XP total counting up to its new value, the
 * level's name, and the streak pill. xp.js and engagement.js update it from the flip's
 * HX-Trigger events.
 */
import { periodWord } from "./award-lines.js";

const COUNT_UP_MS = 700;

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// --- XP total count-up --------------------------------------------------------------------

let countUpFrame = null;
let countUpTarget = null;

function shownTotal(span) {
  const fromText = Number.parseInt(span.textContent, 10);
  if (Number.isFinite(fromText)) return fromText;
  return Number.parseInt(span.dataset.value, 10) || 0;
}

export function countUpTo(total) {
  const span = document.getElementById("xp-total");
  const target = Number(total);
  if (!span || !Number.isInteger(target)) return;
  // xp-awarded and xp-changed from one response carry the same total: count once.
  if (target === countUpTarget) return;
  if (countUpFrame !== null) window.cancelAnimationFrame(countUpFrame);
  countUpFrame = null;
  // data-value holds the final total at once, while the text counts up to it: a browser
  // test can read the total without waiting for the animation.
  span.dataset.value = String(target);

  const finish = () => {
    countUpFrame = null;
    countUpTarget = null;
    span.textContent = String(target);
  };
  // Start from what is on screen, so an award arriving mid-count continues smoothly.
  const from = shownTotal(span);
  if (reducedMotion.matches || from === target || document.hidden) {
    finish();
    return;
  }
  countUpTarget = target;
  const startedAt = performance.now();
  const step = (now) => {
    const progress = Math.min(1, (now - startedAt) / COUNT_UP_MS);
    const eased = 1 - (1 - progress) ** 3;
    span.textContent = String(Math.round(from + (target - from) * eased));
    if (progress < 1) {
      countUpFrame = window.requestAnimationFrame(step);
    } else {
      finish();
    }
  };
  countUpFrame = window.requestAnimationFrame(step);
}

// --- Level and streak ---------------------------------------------------------------------

// The header follows its own points system (data-points-key) only.
export function showHeaderLevel(pointsKey, level) {
  const header = document.getElementById("xp-level");
  if (header && header.dataset.pointsKey === pointsKey) {
    header.textContent = String(level.name);
    header.hidden = false;
  }
}

// The header's "🔥 6", hidden without a streak.
export function showHeaderStreak(streak) {
  const pill = document.getElementById("xp-streak");
  const length = Number(streak.length);
  if (!pill || !Number.isInteger(length)) return;
  const words = `${length}-${periodWord(streak.frequency)} streak`;
  pill.textContent = `\u{1F525} ${length}`;
  pill.setAttribute("aria-label", words);
  pill.title = words;
  if (streak.frequency) pill.dataset.frequency = String(streak.frequency);
  pill.hidden = length === 0;
}
