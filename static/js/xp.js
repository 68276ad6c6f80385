/*
 * StudyXP, every page: XP awards and level ups. A toast per points system that paid, a toast
 * per level reached, the chime or the level-up fanfare, and the header's XP total and level.
 *
 * The server reports awards through htmx's HX-Trigger response header, which htmx turns
 * into DOM events that bubble to <body>:
 *   xp-awarded  {points: <Trophy EventResponse.points>, xpTotal}
 *               (a system's entry carries `level` when the event moved the user to it)
 *   xp-changed  {xpTotal}
 * A native module, sharing no globals: the toast stack, the sounds, the header and the
 * award lines are modules under static/js/xp/, imported here and by engagement.js (one
 * instance each per page). This one also starts the mute toggle and the toast stack's close
 * buttons. DOM: templates/base.html (selectors: the README's contract).
 */
import { awardLine } from "./xp/award-lines.js";
import { countUpTo, showHeaderLevel } from "./xp/header.js";
import { initSound, requestSound } from "./xp/sound.js";
import {
  closeButton,
  dropOldToasts,
  element,
  initToastStack,
  showToast,
  toastStack,
} from "./xp/toasts.js";

// "You gained 10 XP", a line per award below it.
function buildToast(system) {
  const name = system.name || system.key || "XP";
  const toast = element("div", "toast");
  // No role of its own: the #toasts container is the live region that announces it.
  toast.setAttribute("data-testid", "xp-toast");
  toast.append(element("p", "toast-title", `You gained ${system.added} ${name}`));
  for (const award of system.awards) {
    toast.append(element("p", "toast-line", awardLine(award, name)));
  }
  toast.append(closeButton());
  return toast;
}

// "Level up: Apprentice", with the level's description below it.
function buildLevelToast(level) {
  const toast = element("div", "toast level-toast");
  toast.setAttribute("data-testid", "level-toast");
  toast.append(element("p", "toast-title", `Level up: ${level.name}`));
  if (level.description) toast.append(element("p", "toast-line", String(level.description)));
  toast.append(closeButton());
  return toast;
}

function showAwardToasts(points) {
  const stack = toastStack();
  if (!stack || !points || typeof points !== "object") return 0;
  let shown = 0;
  for (const system of Object.values(points)) {
    if (!system || !Array.isArray(system.awards) || system.awards.length === 0) continue;
    showToast(stack, buildToast(system));
    shown += 1;
  }
  dropOldToasts(stack);
  return shown;
}

// A toast for each system whose level this event changed; the header follows its own
// system. Returns how many levels changed.
function showLevelUps(points) {
  const stack = toastStack();
  if (!stack || !points || typeof points !== "object") return 0;
  let changed = 0;
  for (const [key, system] of Object.entries(points)) {
    const level = system && system.level;
    if (!level || typeof level !== "object" || !level.name) continue;
    showToast(stack, buildLevelToast(level));
    showHeaderLevel(key, level);
    changed += 1;
  }
  dropOldToasts(stack);
  return changed;
}

function onXpAwarded(event) {
  const detail = event.detail || {};
  const awarded = showAwardToasts(detail.points);
  if (showLevelUps(detail.points) > 0) {
    requestSound("levelUpSound");
  } else if (awarded > 0) {
    requestSound("awardSound");
  }
  if (detail.xpTotal != null) countUpTo(detail.xpTotal);
}

function onXpChanged(event) {
  const detail = event.detail || {};
  if (detail.xpTotal != null) countUpTo(detail.xpTotal);
}

// Module scripts run once the document is parsed, before DOMContentLoaded: <body> is here.
initSound();
initToastStack();
document.body.addEventListener("xp-awarded", onXpAwarded);
document.body.addEventListener("xp-changed", onXpChanged);
