/*
 * StudyXP, every page: a flip's XP news. The toasts, the one sound, the header's XP
 * total, level and streak, and the XP panel where the page has one.
 *
 * The server words everything (app/wording.py) and sends it in the flip's HX-Trigger
 * header (app/study/flip_news.py), which htmx turns into DOM events that bubble to <body>:
 *   xp-news     {toasts: [{kind, title, lines, badge?}], sound, level?, streak?}
 *   xp-changed  {xpTotal}
 *   xp-progress {awards, level?, chart}: the panel's new awards and level bar
 *               (static/js/xp/panel.js; the chart's part is progress-chart.js's)
 * This module only renders what it is given, as text. It shares no globals: the toast
 * stack, the sounds, the header and the panel are modules under static/js/xp/. It also starts
 * the mute toggle and the toast stack's close buttons. DOM: templates/base.html (selectors: the QA
 * contract in docs/testing.md).
 */
import { countUpTo, showHeaderLevel, showHeaderStreak } from "./xp/header.js";
import { showPanelProgress, showPanelTotal } from "./xp/panel.js";
import { initSound, playSound } from "./xp/sound.js";
import { addToast, element, initToastStack } from "./xp/toasts.js";

// A toast from the server's {kind, title, lines, badge}: data-testid "<kind>-toast".
function buildToast({ kind, title, lines, badge }) {
  const toast = element("div", `toast ${kind}-toast`);
  // No role of its own: the #toasts container is the live region that announces it.
  toast.setAttribute("data-testid", `${kind}-toast`);
  if (badge && badge.src) {
    const image = element("img", "toast-badge");
    image.src = String(badge.src);
    image.alt = String(badge.alt || "");
    image.width = 48;
    image.height = 48;
    toast.append(image);
  }
  toast.append(element("p", "toast-title", String(title)));
  for (const line of Array.isArray(lines) ? lines : []) {
    toast.append(element("p", "toast-line", String(line)));
  }
  return toast;
}

function onXpNews(event) {
  const news = event.detail || {};
  for (const toast of Array.isArray(news.toasts) ? news.toasts : []) {
    if (toast && toast.kind && toast.title) addToast(buildToast(toast));
  }
  if (news.level) showHeaderLevel(news.level);
  if (news.streak) showHeaderStreak(news.streak);
  if (news.sound) playSound(news.sound);
}

function onXpChanged(event) {
  const detail = event.detail || {};
  if (detail.xpTotal == null) return;
  countUpTo(detail.xpTotal);
  showPanelTotal(detail.xpTotal);
}

function onXpProgress(event) {
  showPanelProgress(event.detail || {});
}

// Module scripts run once the document is parsed, before DOMContentLoaded: <body> is here.
initSound();
initToastStack();
document.body.addEventListener("xp-news", onXpNews);
document.body.addEventListener("xp-changed", onXpChanged);
document.body.addEventListener("xp-progress", onXpProgress);
