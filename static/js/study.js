/*
 * StudyXP study page: flip the flashcard (click/tap, the Flip button, Space), move between
 * cards (ArrowLeft/ArrowRight press the Previous/Next buttons, which htmx drives), and post
 * every flip to the back so the server can record it as a "flashcards flipped" event.
 *
 * All listeners are delegated from #study (or the document, for keys) because htmx
 * replaces everything inside #card-slot on each move. DOM: templates/study/; needs xp.js first.
 */
(function () {
  "use strict";

  const CARD = ".flashcard";
  const FLIP_BUTTON = '[data-testid="flip-card"]';
  const NEXT_BUTTON = '[data-testid="next-card"]';
  const PREV_BUTTON = '[data-testid="prev-card"]';
  // Focus on these keeps its own meaning for Space (typing, choosing, pressing) ...
  const KEEPS_SPACE = "input, textarea, select, button, a[href], summary, [contenteditable]";
  // ... and on these for the arrow keys (moving a caret or a selection).
  const KEEPS_ARROWS = "input, textarea, select, [contenteditable]";

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
    // fires the response's HX-Trigger events (xp-awarded, xp-changed) on the source: a card
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

    function postFlip(card) {
      if (typeof htmx === "undefined" || !study.dataset.flipUrl) return;
      htmx.ajax("POST", study.dataset.flipUrl, {
        source: study,
        swap: "none",
        values: {
          card_id: card.dataset.cardId,
          idempotency_key: newIdempotencyKey(),
          tz: window.StudyXP.browserTimeZone(),
        },
      });
    }

    // A flip the server did not record (offline, an expired form token, a server error)
    // must not pass silently: the learner would miss XP without knowing why.
    const problem = document.querySelector('[data-testid="study-error"]');
    function isFlipRequest(event) {
      const config = event.detail && event.detail.requestConfig;
      return config && config.verb === "post" && config.path === study.dataset.flipUrl;
    }
    // A flip the server saved while the XP service was down carries an xp-unavailable event
    // (HX-Trigger); the notice stays until a flip gets through to XP again.
    const xpNotice = document.querySelector('[data-testid="xp-unavailable"]');
    function reportsXpUnavailable(xhr) {
      try {
        const events = JSON.parse(xhr.getResponseHeader("HX-Trigger") || "{}");
        return events !== null && typeof events === "object" && "xp-unavailable" in events;
      } catch {
        return false;
      }
    }
    study.addEventListener("xp-unavailable", (event) => {
      if (!xpNotice) return;
      const message = event.detail && event.detail.message;
      if (message) xpNotice.textContent = String(message);
      xpNotice.hidden = false;
    });
    study.addEventListener("htmx:afterRequest", (event) => {
      if (!isFlipRequest(event)) return;
      if (xpNotice && event.detail.successful && !reportsXpUnavailable(event.detail.xhr)) {
        xpNotice.hidden = true;
      }
      if (!problem) return;
      if (event.detail.successful) {
        problem.hidden = true;
        return;
      }
      const status = event.detail.xhr ? event.detail.xhr.status : 0;
      problem.textContent =
        status === 0
          ? "That flip was not saved: you seem to be offline. Flip the card again when you are back."
          : "That flip was not saved (error " + status + "). Reload the page and try again.";
      problem.hidden = false;
    });

    function flip(card) {
      if (!card) return;
      const toBack = card.classList.toggle("is-flipped");
      card.setAttribute("aria-pressed", toBack ? "true" : "false");
      if (toBack) postFlip(card);
    }

    function press(selector) {
      const button = study.querySelector(selector);
      if (!button || button.disabled) return false;
      // htmx binds a swapped-in button's hx-get only when the swap settles (~20 ms later);
      // a key pressed in between would click a dead button. Processing twice is a no-op.
      if (typeof htmx !== "undefined") htmx.process(button);
      button.click();
      return true;
    }

    study.addEventListener("click", (event) => {
      if (event.target.closest(FLIP_BUTTON)) {
        flip(currentCard());
        return;
      }
      const card = event.target.closest(CARD);
      // A link or button inside a card face keeps its own click.
      if (card && !event.target.closest("a[href], button")) flip(card);
    });

    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const focused = event.target instanceof Element ? event.target : null;
      const onCard = focused !== null && focused.matches(CARD);
      const keeps = (selector) => !onCard && focused !== null && focused.closest(selector);

      if (event.key === " " || (event.key === "Enter" && onCard)) {
        if (keeps(KEEPS_SPACE)) return;
        // Space would scroll the page; holding it down must not flip back and forth.
        event.preventDefault();
        if (!event.repeat) flip(currentCard());
      } else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && !event.shiftKey) {
        if (keeps(KEEPS_ARROWS)) return;
        if (press(event.key === "ArrowRight" ? NEXT_BUTTON : PREV_BUTTON)) {
          event.preventDefault();
        }
      }
    });

    // htmx replaces #card-slot's content on each move, which would drop keyboard focus to
    // <body>; put it back on the same control (or the new card) so keyboard and screen
    // reader users keep their place.
    let focusedTestId = null;
    const isCardSlot = (event) => event.detail.target === document.getElementById("card-slot");
    study.addEventListener("htmx:beforeSwap", (event) => {
      if (!isCardSlot(event)) return; // e.g. a flip's swap:"none" answer
      const active = document.activeElement;
      focusedTestId = event.detail.target.contains(active)
        ? active.getAttribute("data-testid")
        : null;
    });
    study.addEventListener("htmx:afterSettle", (event) => {
      if (!isCardSlot(event) || focusedTestId === null) return;
      const same = study.querySelector(`[data-testid="${focusedTestId}"]`);
      const target = same && !same.disabled ? same : currentCard();
      focusedTestId = null;
      if (target) target.focus({ preventScroll: true });
    });

    // Keys and clicks work from here on; tests (and curious people) can wait for this.
    study.dataset.ready = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
