/*
 * The header's XP news (templates/base.html): the XP total counting up to its new value, the
 * level's name, and the streak pill. xp.js updates it from the flip's HX-Trigger events.
 */

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
  // Already counting up to this total: let it finish.
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

// The header's level name (the server sends it only for the header's own points system).
export function showHeaderLevel(name) {
  const header = document.getElementById("xp-level");
  if (!header) return;
  header.textContent = String(name);
  header.hidden = false;
}

// The header's "🔥 6", hidden without a streak; `label` ("6-day streak") is its name.
export function showHeaderStreak({ length, label, frequency }) {
  const pill = document.getElementById("xp-streak");
  if (!pill || !Number.isInteger(length)) return;
  pill.textContent = `\u{1F525} ${length}`;
  pill.setAttribute("aria-label", String(label));
  pill.title = String(label);
  if (frequency) pill.dataset.frequency = String(frequency);
  pill.hidden = length === 0;
}
