/*
 * The toast stack (#toasts in templates/base.html, an aria-live region): toasts come in at
 * the bottom, leave on their own after TOAST_LIFETIME_MS of being seen (paused while hovered
 * or focused) or with their close button, and only the newest MAX_TOASTS stay. xp.js builds
 * the toasts and shows them here.
 * Styles: static/css/toasts.css.
 */

const TOAST_LIFETIME_MS = 6000;
// Long enough for the fade-out transition in toasts.css, which is skipped under reduced motion.
const TOAST_LEAVE_MS = 200;
// Older toasts beyond this are dropped so a burst of awards cannot cover the page.
const MAX_TOASTS = 5;

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function closeButton() {
  const close = element("button", "toast-close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Dismiss");
  return close;
}

export function toastStack() {
  return document.getElementById("toasts");
}

function removeToast(toast) {
  if (!toast.isConnected) return;
  // Keep keyboard users inside the stack instead of dropping focus to <body>.
  if (toast.contains(document.activeElement)) {
    const neighbour = toast.nextElementSibling || toast.previousElementSibling;
    const next = neighbour && neighbour.querySelector(".toast-close");
    if (next) next.focus();
  }
  toast.remove();
}

// Auto-dismiss after TOAST_LIFETIME_MS of the toast being visible while neither hovered
// nor focused: the timer pauses (keeping what is left) and resumes when both end.
function scheduleDismissal(toast) {
  let remaining = TOAST_LIFETIME_MS;
  let startedAt = 0;
  let timer = null;
  let hovered = false;
  let focused = false;

  function start() {
    if (timer !== null || hovered || focused) return;
    startedAt = performance.now();
    timer = window.setTimeout(leave, remaining);
  }
  function pause() {
    if (timer === null) return;
    window.clearTimeout(timer);
    timer = null;
    remaining = Math.max(0, remaining - (performance.now() - startedAt));
  }
  function leave() {
    timer = null;
    if (reducedMotion.matches) {
      removeToast(toast);
      return;
    }
    toast.classList.add("is-leaving");
    window.setTimeout(() => removeToast(toast), TOAST_LEAVE_MS);
  }

  toast.addEventListener("mouseenter", () => {
    hovered = true;
    pause();
  });
  toast.addEventListener("mouseleave", () => {
    hovered = false;
    start();
  });
  toast.addEventListener("focusin", () => {
    focused = true;
    pause();
  });
  toast.addEventListener("focusout", (event) => {
    if (toast.contains(event.relatedTarget)) return;
    focused = false;
    start();
  });
  start();
}

// A toast that already has its close button, newest at the bottom. Call dropOldToasts after.
export function showToast(stack, toast) {
  stack.append(toast);
  scheduleDismissal(toast);
}

export function dropOldToasts(stack) {
  while (stack.children.length > MAX_TOASTS) {
    removeToast(stack.firstElementChild);
  }
}

// One more toast in the stack, with a close button, older ones dropped beyond MAX_TOASTS.
export function addToast(toast) {
  const stack = toastStack();
  if (!stack) return;
  toast.append(closeButton());
  showToast(stack, toast);
  dropOldToasts(stack);
}

// The close buttons, one listener for the stack. xp.js calls it once per page.
export function initToastStack() {
  const stack = toastStack();
  if (stack) {
    stack.addEventListener("click", (event) => {
      const close = event.target.closest(".toast-close");
      if (close) removeToast(close.closest(".toast"));
    });
  }
}
