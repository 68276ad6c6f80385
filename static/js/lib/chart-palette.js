/*
 * The charts' colours and font, read from the CSS custom properties tokens.css defines
 * (--chart-*), so the one palette lives in CSS. Read from the canvas, so a page or panel
 * could set its own; a property that is not there gives undefined, and Chart.js its default.
 */

const TOKENS = {
  bar: "--chart-bar",
  barFill: "--chart-bar-fill",
  total: "--chart-total",
  totalAll: "--chart-total-all",
  ink: "--chart-ink",
  muted: "--chart-muted",
  grid: "--chart-grid",
  font: "--chart-font",
};

export function chartPalette(element = document.documentElement) {
  const style = window.getComputedStyle(element);
  const palette = {};
  for (const [name, property] of Object.entries(TOKENS)) {
    palette[name] = style.getPropertyValue(property).trim() || undefined;
  }
  return palette;
}
