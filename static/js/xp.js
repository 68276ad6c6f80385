/*
 * StudyXP, every page: XP award and level-up toasts, their sounds and the mute toggle, the
 * header's XP count-up and level, and the browser time zone for login/register forms.
 * Badge and streak toasts (engagement.js) use the toasts and sounds it shares as
 * window.StudyXP.
 *
 * The server reports awards through htmx's HX-Trigger response header, which htmx turns
 * into DOM events that bubble to <body>:
 *   xp-awarded  {points: <Trophy EventResponse.points>, xpTotal}
 *               (a system's entry carries `level` when the event moved the user to it)
 *   xp-changed  {xpTotal}
 * The DOM it relies on is templates/base.html's (selectors: the README's contract). Loaded as a
 * classic deferred script before any page script, which may use window.StudyXP.
 */
(function () {
  "use strict";

  const SOUND_KEY = "studyxp:sound";
  const TOAST_LIFETIME_MS = 6000;
  // Long enough for the fade-out transition in study.css, which is skipped under reduced motion.
  const TOAST_LEAVE_MS = 200;
  // Older toasts beyond this are dropped so a burst of awards cannot cover the page.
  const MAX_TOASTS = 5;
  const COUNT_UP_MS = 700;

  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch {
      return "";
    }
  }

  function fillTimeZoneInputs(root) {
    const zone = browserTimeZone();
    const inputs = root.querySelectorAll ? root.querySelectorAll("[data-browser-tz]") : [];
    for (const input of inputs) {
      input.value = zone;
    }
    if (root.matches && root.matches("[data-browser-tz]")) {
      root.value = zone;
    }
  }

  // --- Sound ------------------------------------------------------------------------------

  // Storage can be unavailable (privacy modes, blocked cookies): then sound is simply on
  // and the toggle lasts for this page only.
  let soundSetting = null;

  function soundEnabled() {
    try {
      return localStorage.getItem(SOUND_KEY) !== "off";
    } catch {
      return soundSetting !== "off";
    }
  }

  function setSoundEnabled(on) {
    soundSetting = on ? "on" : "off";
    try {
      localStorage.setItem(SOUND_KEY, soundSetting);
    } catch {
      // Kept in soundSetting instead.
    }
    renderSoundToggle();
  }

  function renderSoundToggle() {
    const toggle = document.getElementById("sound-toggle");
    if (!toggle) return;
    const on = soundEnabled();
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = on ? "Sound on" : "Sound off";
  }

  // One Audio per sound, made on first use: {data attribute of <body>: Audio}.
  const sounds = {};

  function sound(name) {
    const url = document.body.dataset[name];
    if (!sounds[name] && url) {
      sounds[name] = new Audio(url);
      sounds[name].preload = "auto";
    }
    return sounds[name] || null;
  }

  function awardSound() {
    return sound("awardSound");
  }

  // One flip can bring several kinds of news; it plays one sound, the biggest news's
  // (later in this list wins): a level up's fanfare over a badge's over a chime.
  const SOUND_PRIORITY = [
    "awardSound",
    "streakSound",
    "freezeSound",
    "achievementSound",
    "levelUpSound",
  ];
  let pendingSound = null;

  // htmx fires a response's HX-Trigger events one after another in one task: the sound is
  // chosen once they have all been handled.
  function requestSound(name) {
    if (pendingSound === null) {
      queueMicrotask(() => {
        const chosen = pendingSound;
        pendingSound = null;
        playAwardSound(chosen);
      });
    }
    const rank = (key) => SOUND_PRIORITY.indexOf(key);
    if (pendingSound === null || rank(name) > rank(pendingSound)) pendingSound = name;
  }

  function playAwardSound(name = "awardSound") {
    if (!soundEnabled()) return;
    const audio = sound(name);
    if (!audio) return;
    audio.currentTime = 0;
    // Autoplay policies may still refuse (no user gesture yet); a missing chime is fine.
    const playing = audio.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(() => {});
    }
  }

  // --- Toasts -----------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const PERIOD_WORDS = { daily: "day", weekly: "week", monthly: "month" };

  // "day", "week" or "month": the header's streak knows the frequency (a streak trigger
  // does not say it).
  function streakUnit() {
    const pill = document.getElementById("xp-streak");
    return PERIOD_WORDS[pill && pill.dataset.frequency] || "day";
  }

  // What an award was for: "for 5 flashcards flipped", "for a 7-day streak", ... (the award
  // history says the same: app/study/learning.py, award_reason).
  function awardReason(trigger) {
    switch (trigger.type) {
      case "streak":
        return trigger.streakLengthThreshold != null
          ? `for a ${trigger.streakLengthThreshold}-${streakUnit()} streak`
          : "";
      case "achievement":
        return trigger.achievementName ? `for completing ${trigger.achievementName}` : "";
      case "user_creation":
        return "for joining";
      case "time": {
        const count = Number(trigger.timeInterval);
        if (!Number.isFinite(count)) return "";
        const unit = `${trigger.timeUnit || "day"}${count === 1 ? "" : "s"}`;
        return `for ${count} ${unit} with StudyXP`;
      }
      default:
        return trigger.metricThreshold != null && trigger.metricName
          ? `for ${trigger.metricThreshold} ${String(trigger.metricName).toLowerCase()}`
          : "";
    }
  }

  // "+10 XP for 5 flashcards flipped", with any boosts that multiplied it:
  // "+20 XP for 5 flashcards flipped (Weekend Double XP ×2)"
  function awardLine(award, systemName) {
    const reason = awardReason(award.trigger || {});
    let line = `+${award.awarded} ${systemName}${reason ? ` ${reason}` : ""}`;
    const boosts = Array.isArray(award.boosts) ? award.boosts.filter((b) => b && b.name) : [];
    if (boosts.length > 0) {
      line += ` (${boosts.map((b) => `${b.name} \u00d7${b.multiplier}`).join(", ")})`;
    }
    return line;
  }

  function closeButton() {
    const close = element("button", "toast-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss");
    return close;
  }

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

  // "Level up: Apprentice", with the level's description below it.
  function buildLevelToast(level) {
    const toast = element("div", "toast level-toast");
    toast.setAttribute("data-testid", "level-toast");
    toast.append(element("p", "toast-title", `Level up: ${level.name}`));
    if (level.description) toast.append(element("p", "toast-line", String(level.description)));
    toast.append(closeButton());
    return toast;
  }

  function showToast(stack, toast) {
    stack.append(toast); // newest at the bottom
    scheduleDismissal(toast);
  }

  // For engagement.js: one more toast in the stack, older ones dropped beyond MAX_TOASTS.
  function addToast(toast) {
    const stack = document.getElementById("toasts");
    if (!stack) return;
    toast.append(closeButton());
    showToast(stack, toast);
    while (stack.children.length > MAX_TOASTS) {
      removeToast(stack.firstElementChild);
    }
  }

  // Shared with the scripts that load after this one: study.js sends the time zone with
  // each flip, engagement.js shows badge and streak toasts.
  window.StudyXP = Object.freeze({
    browserTimeZone,
    element,
    addToast,
    requestSound,
    periodWord: (frequency) => PERIOD_WORDS[frequency] || "day",
  });

  function showAwardToasts(points) {
    const stack = document.getElementById("toasts");
    if (!stack || !points || typeof points !== "object") return 0;
    let shown = 0;
    for (const system of Object.values(points)) {
      if (!system || !Array.isArray(system.awards) || system.awards.length === 0) continue;
      showToast(stack, buildToast(system));
      shown += 1;
    }
    while (stack.children.length > MAX_TOASTS) {
      removeToast(stack.firstElementChild);
    }
    return shown;
  }

  // --- XP total count-up ------------------------------------------------------------------

  let countUpFrame = null;
  let countUpTarget = null;

  function shownTotal(span) {
    const fromText = Number.parseInt(span.textContent, 10);
    if (Number.isFinite(fromText)) return fromText;
    return Number.parseInt(span.dataset.value, 10) || 0;
  }

  function countUpTo(total) {
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

  // --- Wiring -----------------------------------------------------------------------------

  // --- Levels -----------------------------------------------------------------------------

  // A toast for each system whose level this event changed; the header follows its own
  // system (data-points-key). Returns how many levels changed.
  function showLevelUps(points) {
    const stack = document.getElementById("toasts");
    if (!stack || !points || typeof points !== "object") return 0;
    const header = document.getElementById("xp-level");
    let changed = 0;
    for (const [key, system] of Object.entries(points)) {
      const level = system && system.level;
      if (!level || typeof level !== "object" || !level.name) continue;
      showToast(stack, buildLevelToast(level));
      if (header && header.dataset.pointsKey === key) {
        header.textContent = String(level.name);
        header.hidden = false;
      }
      changed += 1;
    }
    while (stack.children.length > MAX_TOASTS) {
      removeToast(stack.firstElementChild);
    }
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

  function init() {
    fillTimeZoneInputs(document);
    renderSoundToggle();

    const toggle = document.getElementById("sound-toggle");
    if (toggle) {
      toggle.addEventListener("click", () => setSoundEnabled(!soundEnabled()));
    }
    // Another tab flipped the toggle.
    window.addEventListener("storage", (event) => {
      if (event.key === SOUND_KEY) renderSoundToggle();
    });

    const stack = document.getElementById("toasts");
    if (stack) {
      stack.addEventListener("click", (event) => {
        const close = event.target.closest(".toast-close");
        if (close) removeToast(close.closest(".toast"));
      });
    }

    // Fetch the chime with the first htmx request (a flip), so the first award does not
    // wait for it, without loading it on every page view.
    document.body.addEventListener(
      "htmx:beforeRequest",
      () => {
        if (soundEnabled()) awardSound();
      },
      { once: true },
    );
    document.body.addEventListener("xp-awarded", onXpAwarded);
    document.body.addEventListener("xp-changed", onXpChanged);
    // Fragments swapped in by htmx may carry time zone inputs too.
    document.body.addEventListener("htmx:load", (event) => {
      if (event.detail && event.detail.elt) fillTimeZoneInputs(event.detail.elt);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
