/*
 * StudyXP XP-over-time chart. For every canvas[data-testid="xp-chart"]: fetch its
 * data-summary-url with the panel's aggregation and range, then draw bars for the XP earned
 * per period and a line for the running total (Chart.js 4, category x axis, no date adapter).
 * Redraws when a select changes. A flip's award (xp-progress on <body>, {chart: {date,
 * added}}) is added in place to the bar of the period holding its date and to the total from
 * there on, without a request; only when no period on the chart holds that date (the range
 * has moved on since the page loaded) or a load is still in flight does the chart reload.
 *
 * After each draw the canvas carries data-state="ready" and data-points=<periods>; while a
 * request is in flight it is data-state="loading" (and "error" when one failed), so browser
 * tests can wait for the redraw they caused. DOM: templates/progress/_chart.html.
 *
 * Colours and font come from CSS (tokens.css's --chart-*, lib/chart-palette.js), read when a
 * chart is made. A native module; uses Chart.js's global `Chart`, loaded before it.
 */
import { chartPalette } from "./lib/chart-palette.js";

const CANVAS = 'canvas[data-testid="xp-chart"]';

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const started = new WeakSet();
const WEEK_MS = 7 * 24 * 3600 * 1000;

// Labels arrive as ISO dates (the first day of each period) and stay the chart's category
// labels; only their display is formatted. en-GB day-month order matches the dates the
// server renders in the award history.
const DATE_FORMATS = {
  tick: {
    daily: { day: "numeric", month: "short" },
    weekly: { day: "numeric", month: "short" },
    monthly: { month: "short", year: "numeric" },
  },
  title: {
    daily: { weekday: "short", day: "numeric", month: "short", year: "numeric" },
    weekly: { day: "numeric", month: "short", year: "numeric" },
    monthly: { month: "long", year: "numeric" },
  },
};

function formatLabel(label, aggregation, kind) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(label));
  const options = DATE_FORMATS[kind][aggregation];
  if (!match || !options) return String(label);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const text = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(date);
  return kind === "title" && aggregation === "weekly" ? `Week of ${text}` : text;
}

function chartOptions(aggregation, palette) {
  const tickFont = { family: palette.font };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: reducedMotion.matches ? false : { duration: 400 },
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: {
        position: "bottom",
        labels: {
          color: palette.ink,
          font: tickFont,
          boxWidth: 12,
          boxHeight: 12,
          // Dataset order, not drawing order: "XP earned" first, like the axes.
          sort: (a, b) => a.datasetIndex - b.datasetIndex,
        },
      },
      tooltip: {
        callbacks: {
          title: (items) =>
            items.length ? formatLabel(items[0].label, aggregation, "title") : "",
        },
      },
    },
    scales: {
      x: {
        type: "category",
        grid: { display: false },
        ticks: {
          color: palette.muted,
          font: tickFont,
          maxRotation: 0,
          autoSkip: true,
          autoSkipPadding: 12,
          // Category scales pass the index; the label is looked up to format it.
          callback(value) {
            return formatLabel(this.getLabelForValue(value), aggregation, "tick");
          },
        },
      },
      y: {
        position: "left",
        beginAtZero: true,
        title: { display: true, text: "XP earned", color: palette.bar, font: tickFont },
        ticks: { color: palette.muted, font: tickFont, precision: 0 },
        grid: { color: palette.grid },
      },
      total: {
        position: "right",
        beginAtZero: true,
        title: { display: true, text: "Total XP", color: palette.total, font: tickFont },
        ticks: { color: palette.muted, font: tickFont, precision: 0 },
        grid: { drawOnChartArea: false },
      },
    },
  };
}

function datasets(summary, palette) {
  return [
    {
      type: "bar",
      label: "XP earned",
      data: summary.changes,
      yAxisID: "y",
      backgroundColor: palette.barFill,
      hoverBackgroundColor: palette.bar,
      borderRadius: 3,
      maxBarThickness: 28,
      order: 2,
    },
    {
      type: "line",
      label: "Total XP",
      data: summary.totals,
      yAxisID: "total",
      borderColor: palette.total,
      backgroundColor: palette.total,
      borderWidth: 2,
      pointRadius: summary.labels.length > 40 ? 0 : 2.5,
      pointHoverRadius: 4,
      tension: 0.25,
      order: 1, // drawn over the bars
    },
  ];
}

function draw(canvas, summary, aggregation) {
  const existing = Chart.getChart(canvas);
  const palette = chartPalette(canvas);
  if (existing && existing.$studyxpAggregation === aggregation) {
    // Same aggregation: update in place so Chart.js animates from the old bars.
    const fresh = datasets(summary, palette);
    existing.data.labels = summary.labels;
    existing.data.datasets.forEach((dataset, i) => {
      dataset.data = fresh[i].data;
      if (dataset.type === "line") dataset.pointRadius = fresh[i].pointRadius;
    });
    existing.options.animation = reducedMotion.matches ? false : { duration: 400 };
    existing.update();
    return;
  }
  // A new aggregation changes the tick and tooltip formats: start over.
  if (existing) existing.destroy();
  const chart = new Chart(canvas, {
    type: "bar",
    data: { labels: summary.labels, datasets: datasets(summary, palette) },
    options: chartOptions(aggregation, palette),
  });
  chart.$studyxpAggregation = aggregation;
}

// The index of the label whose period holds `date` (ISO dates; each label is its period's
// first day, oldest first), or -1.
function periodIndex(labels, aggregation, date) {
  for (let i = labels.length - 1; i >= 0; i -= 1) {
    const label = String(labels[i]);
    if (label > date) continue;
    if (aggregation === "monthly") return label.slice(0, 7) === date.slice(0, 7) ? i : -1;
    if (aggregation === "weekly") return Date.parse(date) - Date.parse(label) < WEEK_MS ? i : -1;
    return label === date ? i : -1;
  }
  return -1;
}

// Add `added` points on `date` to the drawn chart; false when it cannot (no chart, no period).
function addAward(canvas, date, added) {
  const chart = Chart.getChart(canvas);
  if (!chart || !Number.isFinite(added) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const index = periodIndex(chart.data.labels, chart.$studyxpAggregation, date);
  const bars = chart.data.datasets.find((d) => d.type === "bar");
  const totals = chart.data.datasets.find((d) => d.type === "line");
  if (index < 0 || !bars || !totals) return false;
  bars.data[index] = Number(bars.data[index]) + added;
  for (let i = index; i < totals.data.length; i += 1) {
    totals.data[i] = Number(totals.data[i]) + added;
  }
  chart.update();
  return true;
}

function isSummary(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    Array.isArray(value.labels) &&
    Array.isArray(value.totals) &&
    Array.isArray(value.changes)
  );
}

function start(canvas) {
  if (started.has(canvas)) return;
  started.add(canvas);
  const panel = canvas.closest(".xp-chart-panel") || document;
  const aggregationSelect = panel.querySelector('[data-testid="chart-aggregation"]');
  const rangeSelect = panel.querySelector('[data-testid="chart-range"]');
  const empty = panel.querySelector('[data-testid="chart-empty"]');
  let inFlight = null;

  async function load() {
    if (!canvas.isConnected || !canvas.dataset.summaryUrl) return;
    // Only the latest request may draw: an older, slower answer must not win.
    if (inFlight) inFlight.abort();
    const request = new AbortController();
    inFlight = request;

    const url = new URL(canvas.dataset.summaryUrl, document.baseURI);
    if (aggregationSelect) url.searchParams.set("aggregation", aggregationSelect.value);
    if (rangeSelect) url.searchParams.set("range", rangeSelect.value);
    canvas.dataset.state = "loading";
    canvas.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: request.signal,
      });
      if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
      const summary = await response.json();
      if (!isSummary(summary)) throw new Error(`${url.pathname} sent no chart data`);
      const aggregation =
        summary.aggregation || (aggregationSelect && aggregationSelect.value) || "daily";
      draw(canvas, summary, aggregation);
      if (empty) empty.hidden = !summary.changes.every((change) => Number(change) === 0);
      canvas.dataset.points = String(summary.labels.length);
      canvas.dataset.state = "ready";
    } catch (error) {
      if (error.name === "AbortError") return;
      canvas.dataset.state = "error";
      console.error("StudyXP chart:", error);
    } finally {
      if (inFlight === request) {
        inFlight = null;
        canvas.removeAttribute("aria-busy");
      }
    }
  }

  for (const select of [aggregationSelect, rangeSelect]) {
    if (select) select.addEventListener("change", load);
  }
  document.body.addEventListener("xp-progress", (event) => {
    const award = event.detail && event.detail.chart;
    if (!award || !canvas.isConnected) return;
    const added = Number(award.added);
    if (inFlight || !addAward(canvas, String(award.date), added)) {
      load();
    } else if (empty && added !== 0) {
      empty.hidden = true;
    }
  });
  load();
}

function startAll(root) {
  if (typeof Chart === "undefined") {
    console.error("StudyXP chart: Chart.js is not loaded");
    return;
  }
  if (root.matches && root.matches(CANVAS)) start(root);
  for (const canvas of root.querySelectorAll(CANVAS)) start(canvas);
}

function init() {
  startAll(document);
  // A chart panel that arrives in an htmx fragment gets a chart too.
  document.body.addEventListener("htmx:load", (event) => {
    if (event.detail && event.detail.elt instanceof Element) startAll(event.detail.elt);
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
