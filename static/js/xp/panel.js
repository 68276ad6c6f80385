/*
 * The XP panel (#xp-panel, templates/progress/_panel.html): its total, level bar and award
 * history, updated in place from a flip's answer, without asking the server again. xp.js
 * hands over the HX-Trigger events (app/study/flip_news.py):
 *   xp-changed   {xpTotal}: the panel's total
 *   xp-progress  {awards, level?}: the new awards on top of the history (newest first; the
 *                panel keeps its data-history-length newest), the level bar's label and value
 * The server words every text; this module builds elements with textContent only.
 */
import { element } from "./toasts.js";

function panel() {
  return document.getElementById("xp-panel");
}

export function showPanelTotal(total) {
  const span = panel() && panel().querySelector('[data-testid="panel-xp-total"]');
  if (span && Number.isInteger(Number(total))) span.textContent = String(total);
}

// One history item, as the template renders it: <time>, points, total, reason.
function awardItem({ iso, when, points, total, reason }) {
  const item = element("li");
  item.setAttribute("data-testid", "award-item");
  const time = element("time", null, String(when));
  time.dateTime = String(iso);
  item.append(
    time,
    " ",
    element("strong", "award-points", String(points)),
    " ",
    element("span", "award-total", String(total)),
    " ",
    element("span", "award-reason", String(reason)),
  );
  return item;
}

function showAwards(root, awards) {
  const list = root.querySelector('[data-testid="award-history"]');
  if (!list || !Array.isArray(awards) || awards.length === 0) return;
  // Oldest first, each on top: the newest ends first, as the server lists them.
  for (const award of [...awards].reverse()) {
    if (award && typeof award === "object") list.prepend(awardItem(award));
  }
  const keep = Number.parseInt(root.dataset.historyLength, 10) || 10;
  while (list.children.length > keep) list.lastElementChild.remove();
  const empty = root.querySelector('[data-testid="award-history-empty"]');
  if (empty) empty.remove();
}

// The label comes as [text, part] pairs: a part is its element's data-testid (level-<part>),
// a text without one sits between them.
function showLevel(root, level) {
  const bar = root.querySelector('[data-testid="level-progress"]');
  if (!bar || !level || !Array.isArray(level.label)) return;
  const nodes = level.label.map(([text, part]) => {
    if (!part) return document.createTextNode(String(text));
    const node = element(part === "current" ? "strong" : "span", null, String(text));
    node.setAttribute("data-testid", `level-${part}`);
    return node;
  });
  const label = bar.querySelector(".level-progress-label");
  if (label) label.replaceChildren(...nodes);
  const progress = bar.querySelector("progress");
  const percent = Number(level.percent);
  if (progress && Number.isFinite(percent)) {
    progress.value = percent;
    progress.textContent = `${percent}%`;
  }
}

export function showPanelProgress(news) {
  const root = panel();
  if (!root || !news) return;
  showAwards(root, news.awards);
  showLevel(root, news.level);
}
