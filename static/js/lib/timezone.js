/*
 * The browser's IANA time zone ("Europe/London"), which the server dates a learner's day by:
 * the login and register forms send it (time-zone-fields.js), and so does every flip
 * (study.js). An empty string when the browser cannot tell.
 */

export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return "";
  }
}

// Every <input data-browser-tz> in root (and root itself, if it is one) gets the zone.
export function fillTimeZoneInputs(root) {
  const zone = browserTimeZone();
  const inputs = root.querySelectorAll ? root.querySelectorAll("[data-browser-tz]") : [];
  for (const input of inputs) {
    input.value = zone;
  }
  if (root.matches && root.matches("[data-browser-tz]")) {
    root.value = zone;
  }
}
