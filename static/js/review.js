/*
 * StudyXP review page: show the answer, grade the card (Again / Hard / Good / Easy), undo.
 * The server schedules (FSRS, app/study/reviews.py) and words everything; this page posts
 * the learner's choices and swaps in the fragment that comes back (templates/review/_card.html).
 * Which key or click means which action is review-input.js's, which hands each action here
 * ("studyxp:review-action" on #review) once this script says it is ready.
 *
 * #review's data-state, for people and tests alike:
 *   loading  this script is not ready yet
 *   busy     a grade or an undo awaits its answer (keys wait for it: they are kept in order)
 *   idle     the card shown is the server's latest answer, its XP news rendered by xp.js
 *
 * Grades are posted with #review as htmx's source, so the answer's HX-Trigger events (xp-news,
 * xp-changed, xp-unavailable) fire on an element that stays. A 409 ("already graded", another
 * tab was first) carries the next card and is swapped in like a success.
 */
import { browserTimeZone } from "./lib/timezone.js";

const GRADES = new Set(["again", "hard", "good", "easy"]);

function init() {
  const review = document.getElementById("review");
  if (!review || typeof htmx === "undefined") return;
  const slot = document.getElementById("review-slot");
  const problem = review.querySelector('[data-testid="review-error"]');
  const xpNotice = review.querySelector('[data-testid="xp-unavailable"]');

  let busy = false;
  const pending = []; // actions given while busy, oldest first
  let shownAt = performance.now();

  function card() {
    return slot.querySelector('[data-testid="review-card"]');
  }
  function showState() {
    review.dataset.state = busy || pending.length > 0 ? "busy" : "idle";
  }

  function showAnswer() {
    const current = card();
    if (!current || current.dataset.answer === "shown") return;
    current.dataset.answer = "shown";
    current.querySelector(".review-back").hidden = false;
    slot.querySelector('[data-testid="show-answer"]').hidden = true;
    const grades = slot.querySelector(".grade-buttons");
    grades.hidden = false;
    const good = grades.querySelector('[data-testid="grade-good"]');
    if (good) good.focus({ preventScroll: true });
  }

  function post(url, values) {
    busy = true;
    showState();
    htmx.ajax("POST", url, { source: review, target: slot, swap: "innerHTML", values });
  }

  function grade(name) {
    const current = card();
    if (!current || current.dataset.answer !== "shown") return;
    post(review.dataset.gradeUrl, {
      card_id: current.dataset.cardId,
      review_number: current.dataset.reviewNumber,
      grade: name,
      duration_ms: String(Math.round(performance.now() - shownAt)),
      tz: browserTimeZone(),
    });
  }

  function act(action) {
    if (busy) {
      pending.push(action);
      showState();
      return;
    }
    if (action === "show") showAnswer();
    else if (action === "undo") post(review.dataset.undoUrl, {});
    else if (GRADES.has(action)) grade(action);
    showState();
  }

  // The learner's keys and clicks arrive from review-input.js, in order, as actions.
  review.addEventListener("studyxp:review-action", (event) => act(event.detail.action));

  // A 409 (already graded elsewhere) brings the next card: swap it in like a success.
  review.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr && event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  review.addEventListener("xp-unavailable", (event) => {
    const message = event.detail && event.detail.message;
    if (!xpNotice || !message) return;
    xpNotice.textContent = String(message);
    xpNotice.hidden = false;
  });

  function serverError(xhr) {
    if (!xhr || !(xhr.getResponseHeader("Content-Type") || "").includes("application/json")) {
      return null;
    }
    try {
      const body = JSON.parse(xhr.responseText);
      return body && typeof body.error === "string" ? body.error : null;
    } catch {
      return null;
    }
  }

  review.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    const ok = event.detail.successful || (xhr && xhr.status === 409);
    if (problem) {
      const status = xhr ? xhr.status : 0;
      problem.hidden = ok;
      if (!ok) {
        problem.textContent =
          serverError(xhr) ||
          (status === 0
            ? "That grade was not saved: you seem to be offline. Grade the card again when you are back."
            : "That grade was not saved (error " + status + "). Reload the page and try again.");
      }
    }
    if (ok && xpNotice) {
      const trigger = xhr.getResponseHeader("HX-Trigger") || "";
      if (!trigger.includes("xp-unavailable")) xpNotice.hidden = true;
    }
    if (!ok) {
      busy = false;
      pending.length = 0;
      showState();
    }
  });

  review.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target !== slot) return;
    shownAt = performance.now();
    busy = false;
    while (!busy && pending.length > 0) act(pending.shift());
    showState();
  });

  review.dataset.ready = "true";
  showState();
  document.dispatchEvent(new CustomEvent("studyxp:review-ready"));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
