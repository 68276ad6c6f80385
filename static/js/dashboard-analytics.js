/*
 * The dashboard's analytics charts: points awarded over time, points by trigger and the
 * distribution of users' totals. The numbers come as JSON from #analytics[data-url]; every
 * label is drawn by Chart.js on a canvas, never inserted as HTML.
 *
 * Colours come from CSS (tokens.css's --chart-*, lib/chart-palette.js). A native module; uses
 * Chart.js's global `Chart`, loaded before it.
 */
import { chartPalette } from "./lib/chart-palette.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

function draw(canvas, config) {
  const existing = Chart.getChart(canvas);
  if (existing) existing.destroy();
  config.options = Object.assign(
    { responsive: true, maintainAspectRatio: false, animation: reducedMotion ? false : undefined },
    config.options || {}
  );
  new Chart(canvas, config);
  canvas.dataset.state = "ready";
}

function render(data) {
  const { bar, totalAll } = chartPalette(document.getElementById("analytics"));
  const overTime = document.querySelector('[data-testid="analytics-chart"]');
  if (overTime) {
    draw(overTime, {
      data: {
        labels: data.over_time.map((row) => row.date),
        datasets: [
          { type: "bar", label: "Points awarded", data: data.over_time.map((row) => row.points),
            backgroundColor: bar, yAxisID: "y" },
          { type: "line", label: "Running total", data: data.over_time.map((row) => row.total),
            borderColor: totalAll, backgroundColor: totalAll, yAxisID: "total", pointRadius: 0 },
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
          total: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } },
        },
      },
    });
    overTime.dataset.points = String(data.over_time.length);
  }
  const breakdown = document.querySelector('[data-testid="breakdown-chart"]');
  if (breakdown) {
    draw(breakdown, {
      type: "bar",
      data: {
        labels: data.breakdown.map((row) => row.label),
        datasets: [{ label: "Points", data: data.breakdown.map((row) => row.points),
          backgroundColor: bar }],
      },
      options: { indexAxis: "y", plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  const distribution = document.querySelector('[data-testid="distribution-chart"]');
  if (distribution) {
    draw(distribution, {
      type: "bar",
      data: {
        labels: data.distribution.map((row) =>
          row.from === row.to ? String(row.from) : `${row.from}–${row.to}`),
        datasets: [{ label: "Users", data: data.distribution.map((row) => row.users),
          backgroundColor: totalAll }],
      },
      options: { plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
}

function init() {
  const root = document.getElementById("analytics");
  if (!root || typeof Chart === "undefined") return;
  fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error(`analytics: ${response.status}`);
      return response.json();
    })
    .then(render)
    .catch(() => {
      root.dataset.state = "error";
    });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
