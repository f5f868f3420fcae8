import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** The system's Chromium (the dashboard's browser test uses the same); Playwright's own download is not used. */
const CHROMIUM = process.env.WO_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The dashboard open in a real browser, instrumented before its own script runs: for every state event, the time
 * from its arrival to the frame that shows it; every long task (over 50 ms, the browser's own measure); for every
 * click, its input delay (until handlers may run) and the time to the frame that shows its result (what the
 * browser's Interaction to Next Paint measures). `null` when playwright-core or Chromium is missing.
 */
export async function openPage(url) {
  if (!existsSync(CHROMIUM)) return null;
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    return null;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.addInitScript(instrument);
  await page.goto(url);
  return {
    page,
    /** Waits until `test` (run in the page) is true; polled every frame. */
    until: (test, arg) => page.waitForFunction(test, arg, { polling: "raf", timeout: 30_000 }),
    /** What the instrumentation recorded since the last `reset()`. */
    figures: () => page.evaluate(() => window.__woBench),
    reset: () =>
      page.evaluate(() => {
        window.__woBench.events.length = 0;
        window.__woBench.longTasks.length = 0;
        window.__woBench.inputDelays.length = 0;
        window.__woBench.clicks.length = 0;
      }),
    /** Tells the page it is hidden (a background tab) or shown again, as the browser does. */
    setHidden: (hidden) =>
      page.evaluate((value) => {
        Object.defineProperty(document, "hidden", { value, configurable: true });
        Object.defineProperty(document, "visibilityState", {
          value: value ? "hidden" : "visible",
          configurable: true,
        });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden),
    close: () => browser.close(),
  };
}

/**
 * Streams updates to the open page for `ms` (`update()` every `everyMs`) while clicking between the workers and
 * the plan graph every 300 ms: what the instrumentation saw meanwhile.
 */
export async function streamWhileClicking(browserPage, update, { ms, everyMs }) {
  const { page } = browserPage;
  await browserPage.reset();
  let streaming = true;
  const updates = (async () => {
    let i = 0;
    while (streaming) {
      await update(i++);
      await sleep(everyMs);
    }
    return i;
  })();
  const tabs = [
    ["Plan graph", '[data-testid="plan-graph"]'],
    ["Workers", '[data-testid="workers"]'],
  ];
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const [label, shown] = tabs[i % 2];
    await page.getByRole("button", { name: label, exact: true }).click();
    await page.locator(shown).waitFor();
    await sleep(300);
  }
  streaming = false;
  const sent = await updates;
  await sleep(500);
  return { sent, ...(await browserPage.figures()) };
}

// Runs in the page before the dashboard's own script.
function instrument() {
  const bench = { events: [], longTasks: [], inputDelays: [], clicks: [] };
  window.__woBench = bench;
  const add = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, listener, options) {
    if (type !== "state") return add.call(this, type, listener, options);
    return add.call(
      this,
      type,
      function (event) {
        const arrived = performance.now();
        listener.call(this, event);
        // The frame after the render: the state is on screen.
        requestAnimationFrame(() => setTimeout(() => bench.events.push(performance.now() - arrived), 0));
      },
      options,
    );
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
  addEventListener(
    "pointerdown",
    (event) => bench.inputDelays.push(performance.now() - event.timeStamp),
    true,
  );
  // Before the page's own handler: the frame after it has run and rendered shows the click's result.
  addEventListener(
    "click",
    (event) => {
      const at = event.timeStamp;
      requestAnimationFrame(() => setTimeout(() => bench.clicks.push(performance.now() - at), 0));
    },
    true,
  );
}

/** The value below which `share` of `values` lie (nearest rank). */
export function percentile(values, share) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}
