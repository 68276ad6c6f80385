/*
 * StudyXP learning charts on the Progress page (templates/progress/_learning.html): reviews
 * per day with the day's retention, and the reviews due per day for the next 30 days. The
 * numbers come from the section's data-learning attribute (app/study/review_stats.py
 * chart_data); each canvas gets data-state="ready" once drawn. Colours from tokens.css via
 * lib/chart-palette.js. A native module; uses Chart.js's global `Chart`.
 */
import { chartPalette } from "./lib/chart-palette.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

function shortDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

function axes(palette, extra = {}) {
  const font = { family: palette.font };
  return {
    x: { grid: { display: false }, ticks: { color: palette.muted, font, maxRotation: 0, autoSkip: true } },
    y: { beginAtZero: true, ticks: { color: palette.muted, font, precision: 0 }, grid: { color: palette.grid } },
    ...extra,
  };
}

function options(palette, scales) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: reducedMotion.matches ? false : { duration: 400 },
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { position: "bottom", labels: { color: palette.ink, font: { family: palette.font } } } },
    scales,
  };
}

function drawRetention(canvas, data) {
  const palette = chartPalette(canvas);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.days.map(shortDate),
      datasets: [
        { type: "bar", label: "Reviews", data: data.reviews, yAxisID: "y", backgroundColor: palette.barFill, order: 2 },
        {
          type: "line", label: "Retention (%)", data: data.retention, yAxisID: "retention",
          borderColor: palette.total, backgroundColor: palette.total, spanGaps: true, pointRadius: 2, order: 1,
        },
      ],
    },
    options: options(palette, axes(palette, {
      retention: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
        ticks: { color: palette.muted, font: { family: palette.font } } },
    })),
  });
}

function drawForecast(canvas, data) {
  const palette = chartPalette(canvas);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.forecastDays.map(shortDate),
      datasets: [{ label: "Reviews due", data: data.forecast, backgroundColor: palette.barFill }],
    },
    options: options(palette, axes(palette)),
  });
}

function init() {
  const box = document.querySelector("[data-learning]");
  if (!box) return;
  if (typeof Chart === "undefined") {
    console.error("StudyXP learning charts: Chart.js is not loaded");
    return;
  }
  const data = JSON.parse(box.dataset.learning);
  for (const [testid, draw] of [["retention-chart", drawRetention], ["forecast-chart", drawForecast]]) {
    const canvas = box.querySelector(`canvas[data-testid="${testid}"]`);
    if (!canvas) continue;
    try {
      draw(canvas, data);
      canvas.dataset.state = "ready";
    } catch (error) {
      canvas.dataset.state = "error";
      console.error("StudyXP learning charts:", error);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
