/*
 * The sounds of XP news and the header's mute toggle (#sound-toggle, remembered in
 * localStorage). The sound files are named by <body>'s data-<kind>-sound attributes
 * (templates/base.html), one per kind of toast. xp.js calls initSound() once per page and
 * playSound(kind) once per flip.
 */

const SOUND_KEY = "studyxp:sound";

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
  return sound("xpSound");
}

// The sound of one kind of news: the server chose the flip's biggest (app/study/flip_news.py).
export function playSound(kind) {
  if (!soundEnabled()) return;
  const audio = sound(`${kind}Sound`);
  if (!audio) return;
  audio.currentTime = 0;
  // Autoplay policies may still refuse (no user gesture yet); a missing chime is fine.
  const playing = audio.play();
  if (playing && typeof playing.catch === "function") {
    playing.catch(() => {});
  }
}

// The toggle's state and clicks, and the chime fetched ahead of the first award.
export function initSound() {
  renderSoundToggle();

  const toggle = document.getElementById("sound-toggle");
  if (toggle) {
    toggle.addEventListener("click", () => setSoundEnabled(!soundEnabled()));
  }
  // Another tab flipped the toggle.
  window.addEventListener("storage", (event) => {
    if (event.key === SOUND_KEY) renderSoundToggle();
  });

  // Fetch the chime with the first htmx request (a flip), so the first award does not
  // wait for it, without loading it on every page view.
  document.body.addEventListener(
    "htmx:beforeRequest",
    () => {
      if (soundEnabled()) awardSound();
    },
    { once: true },
  );
}
