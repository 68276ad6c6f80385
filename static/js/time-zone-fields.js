/*
 * StudyXP login and register pages: fill the forms' hidden time zone field
 * (<input data-browser-tz>) with the browser's zone, in the page and in any fragment htmx
 * swaps in. A module (deferred): it runs once the page is parsed.
 */
import { fillTimeZoneInputs } from "./lib/timezone.js";

fillTimeZoneInputs(document);
document.body.addEventListener("htmx:load", (event) => {
  if (event.detail && event.detail.elt) fillTimeZoneInputs(event.detail.elt);
});
