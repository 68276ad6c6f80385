/*
 * StudyXP study page: flip the flashcard, move between cards (Previous/Next, which htmx
 * fetches into #card-slot), and post every flip to the back so the server can record it as a
 * "flashcards flipped" event. Which flips count is the server's rule (a card at most once an
 * hour, app/study/flip_credits.py); this page shows what the server says about it.
 *
 * Which key or click means what is study-input.js's part (loaded first, without defer): it
 * hands each action here as a "studyxp:study-action" event on #study, keeping those the
 * learner gave before this script was ready. Actions are done one after another, in the
 * order given: a move waits for the card before it to settle, and an action given while a
 * card is on its way applies to that card (Space right after ArrowRight flips the next card).
 *
 * #study's data-state says where that stands, for people and tests alike:
 *   loading  the page's scripts are not ready yet (actions wait in study-input.js)
 *   busy     an action is waiting, a card is on its way, or a flip awaits the server's answer
 *   idle     none of that: every flip given so far was answered (its toasts are shown, the
 *            header's xp-total has its final data-value) and the card shown has settled
 * and data-ready="true" once this script has run (keys and clicks work from then on; those
 * given before are kept and done then). The card has aria-busy="true" while a flip of it
 * awaits the server's answer, and none once the answer is handled.
 *
 * Listeners are delegated from #study because htmx replaces everything inside #card-slot on
 * each move. DOM: templates/study/. A native module (deferred); uses htmx's global, loaded
 * before it. The XP news each flip's answer brings is xp.js's.
 */
import { browserTimeZone } from "./lib/timezone.js";

const ACTION_EVENT = "studyxp:study-action";
const READY_EVENT = "studyxp:study-ready";

const CARD = ".flashcard";
const NEXT_BUTTON = '[data-testid="next-card"]';
const PREV_BUTTON = '[data-testid="prev-card"]';

// crypto.randomUUID exists only in secure contexts (https, localhost); a phone testing
// against http://192.168.x.x gets the same RFC 4122 version 4 format from getRandomValues.
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10xx
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join("-");
}

function init() {
  const study = document.getElementById("study");
  if (!study) return;

  // Flips are posted with #study as htmx's source element, not the card, because htmx
  // fires the response's HX-Trigger events (xp-news, xp-changed) on the source: a card
  // that Next/Previous already replaced would swallow them, and htmx drops queued requests
  // whose source has left the page. "queue all" keeps every flip, in order (htmx's default
  // keeps only the latest while one is in flight); hx-disinherit keeps that rule off the
  // Previous/Next buttons inside #study.
  if (!study.hasAttribute("hx-sync")) {
    study.setAttribute("hx-sync", "this:queue all");
    study.setAttribute("hx-disinherit", "hx-sync");
  }

  function currentCard() {
    return study.querySelector(CARD);
  }

  // The card ids of the flips posted and not answered yet (htmx:afterRequest below), queued
  // ones included, oldest first: hx-sync sends them one at a time, so answers come in order.
  const flipsInFlight = [];

  function postFlip(card) {
    if (typeof htmx === "undefined" || !study.dataset.flipUrl) return;
    const values = {
      card_id: card.dataset.cardId,
      idempotency_key: newIdempotencyKey(),
      tz: browserTimeZone(),
    };
    flipsInFlight.push(card.dataset.cardId);
    showState();
    htmx.ajax("POST", study.dataset.flipUrl, { source: study, swap: "none", values });
  }

  // A flip the server did not record (offline, an expired form token, a server error)
  // must not pass silently: the learner would miss XP without knowing why.
  const problem = document.querySelector('[data-testid="study-error"]');
  function isFlipRequest(event) {
    const config = event.detail && event.detail.requestConfig;
    return config && config.verb === "post" && config.path === study.dataset.flipUrl;
  }
  // Whether a flip's answer carries the HX-Trigger event `name`.
  function reports(xhr, name) {
    try {
      const events = JSON.parse(xhr.getResponseHeader("HX-Trigger") || "{}");
      return events !== null && typeof events === "object" && name in events;
    } catch {
      return false;
    }
  }
  // A refused flip's reason, when the server gave one: a 4xx answer whose JSON body has an
  // `error` string (429 when flips come faster than anyone reads). null otherwise.
  function serverError(xhr) {
    if (!xhr || xhr.status < 400 || xhr.status >= 500) return null;
    if (!(xhr.getResponseHeader("Content-Type") || "").includes("application/json")) return null;
    try {
      const body = JSON.parse(xhr.responseText);
      const error = body !== null && typeof body === "object" ? body.error : null;
      return typeof error === "string" && error !== "" ? error : null;
    } catch {
      return null;
    }
  }
  // A flip the server saved while the XP service was down carries an xp-unavailable event
  // (HX-Trigger); the notice stays until a flip gets through to XP again.
  const xpNotice = document.querySelector('[data-testid="xp-unavailable"]');
  // A flip of a card that already counted lately earns nothing, and its answer carries a
  // flip-not-counted event {message, cardId}: the line shows the message while that card is
  // shown, until a flip counts or the card changes.
  const notCounted = document.querySelector('[data-testid="flip-not-counted"]');
  study.addEventListener("flip-not-counted", (event) => {
    const detail = event.detail || {};
    const card = currentCard();
    if (!notCounted || !detail.message || !card) return;
    // An answer that comes after the learner moved on is about a card no longer shown.
    if (String(detail.cardId) !== card.dataset.cardId) return;
    notCounted.textContent = String(detail.message);
    notCounted.hidden = false;
  });
  study.addEventListener("xp-unavailable", (event) => {
    if (!xpNotice) return;
    const message = event.detail && event.detail.message;
    if (message) xpNotice.textContent = String(message);
    xpNotice.hidden = false;
  });
  study.addEventListener("htmx:afterRequest", (event) => {
    if (!isFlipRequest(event)) return;
    const xhr = event.detail.xhr;
    if (xpNotice && event.detail.successful && !reports(xhr, "xp-unavailable")) {
      xpNotice.hidden = true;
    }
    if (notCounted && event.detail.successful && !reports(xhr, "flip-not-counted")) {
      notCounted.hidden = true;
    }
    if (!problem) return;
    if (event.detail.successful) {
      problem.hidden = true;
      return;
    }
    const status = xhr ? xhr.status : 0;
    problem.textContent =
      serverError(xhr) ||
      (status === 0
        ? "That flip was not saved: you seem to be offline. Flip the card again when you are back."
        : "That flip was not saved (error " + status + "). Reload the page and try again.");
    problem.hidden = false;
  });

  function flip(card) {
    if (!card) return;
    const toBack = card.classList.toggle("is-flipped");
    card.setAttribute("aria-pressed", toBack ? "true" : "false");
    if (toBack) postFlip(card);
  }

  // Previous/Next, as the button's own hx-get, hx-target and hx-swap say. Not by clicking
  // the button: study-input.js turns every click on it into an action for this queue.
  function move(selector) {
    const button = study.querySelector(selector);
    if (!button || button.disabled || typeof htmx === "undefined") return;
    htmx.ajax("GET", button.getAttribute("hx-get"), { source: button });
  }

  // --- Doing the learner's actions in order ---------------------------------------------

  const actions = []; // "flip", "next" or "prev", oldest first
  let moving = null; // the Previous/Next request in flight: {answered, swapped, settled}

  function showState() {
    const busy = moving !== null || actions.length > 0 || flipsInFlight.length > 0;
    study.dataset.state = busy ? "busy" : "idle";
    // The card shows its own pending state while a flip of it awaits the server (also when
    // the learner left it and came back), for assistive technology and tests alike.
    const card = currentCard();
    if (!card) return;
    if (flipsInFlight.includes(card.dataset.cardId)) {
      card.setAttribute("aria-busy", "true");
    } else {
      card.removeAttribute("aria-busy");
    }
  }

  function run() {
    while (moving === null && actions.length > 0) {
      const action = actions.shift();
      if (action === "flip") {
        flip(currentCard());
      } else {
        // htmx fires htmx:beforeRequest (below) before ajax() returns: the loop stops there.
        move(action === "next" ? NEXT_BUTTON : PREV_BUTTON);
      }
    }
    showState();
  }

  study.addEventListener(ACTION_EVENT, (event) => {
    const action = event.detail && event.detail.action;
    if (action !== "flip" && action !== "next" && action !== "prev") return;
    actions.push(action);
    run();
  });

  const isCardSlot = (event) => event.detail.target === document.getElementById("card-slot");

  // A move is over when its answer came and, if that answer was swapped in, has settled
  // (htmx binds the new card's buttons then); a failed or unswapped answer ends it at once.
  function moveProgressed() {
    if (moving === null || !moving.answered || (moving.swapped && !moving.settled)) return;
    moving = null;
    run();
  }

  study.addEventListener("htmx:beforeRequest", (event) => {
    if (!isCardSlot(event)) return;
    moving = { answered: false, swapped: false, settled: false };
    showState();
  });
  study.addEventListener("htmx:afterSwap", (event) => {
    if (!isCardSlot(event)) return;
    if (notCounted) notCounted.hidden = true; // it was about the card that left
    if (moving !== null) moving.swapped = true;
    showState(); // the new card's aria-busy
  });
  study.addEventListener("htmx:afterRequest", (event) => {
    if (isFlipRequest(event)) {
      flipsInFlight.shift();
      showState();
    } else if (isCardSlot(event) && moving !== null) {
      moving.answered = true;
      moveProgressed();
    }
  });

  // htmx replaces #card-slot's content on each move, which would drop keyboard focus to
  // <body>; put it back on the same control (or the new card) so keyboard and screen
  // reader users keep their place.
  let focusedTestId = null;
  study.addEventListener("htmx:beforeSwap", (event) => {
    if (!isCardSlot(event)) return; // e.g. a flip's swap:"none" answer
    const active = document.activeElement;
    focusedTestId = event.detail.target.contains(active)
      ? active.getAttribute("data-testid")
      : null;
  });
  study.addEventListener("htmx:afterSettle", (event) => {
    if (!isCardSlot(event)) return;
    if (focusedTestId !== null) {
      const same = study.querySelector(`[data-testid="${focusedTestId}"]`);
      const target = same && !same.disabled ? same : currentCard();
      focusedTestId = null;
      if (target) target.focus({ preventScroll: true });
    }
    if (moving !== null) {
      moving.settled = true;
      moveProgressed();
    }
  });

  // Actions work from here on; tests (and curious people) can wait for this. The actions
  // study-input.js kept until now arrive during this dispatch, before any newer one.
  study.dataset.ready = "true";
  showState();
  document.dispatchEvent(new CustomEvent(READY_EVENT));
}

// A module runs, like a deferred script, before DOMContentLoaded and before the deferred
// scripts and modules after it; htmx binds the page (the XP panel's refresh too) on DOMContentLoaded. Start then, so
// the actions kept since the page began find all of it in place.
if (document.readyState === "complete") {
  init();
} else {
  document.addEventListener("DOMContentLoaded", init, { once: true });
}
