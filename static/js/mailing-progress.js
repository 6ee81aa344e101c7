// A sending mailing's status page refreshes its counts every 3 seconds.
// Enhancement only: without it, the page's "Refresh" link does the same.
(() => {
  const INTERVAL = 3000;

  function start() {
    const box = document.querySelector("[data-mailing-progress]");
    if (!box || box.dataset.status !== "sending") return;
    const format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    const bar = box.querySelector("[data-progress-bar]");

    async function poll() {
      try {
        const response = await fetch(box.dataset.url, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        const progress = await response.json();
        for (const cell of box.querySelectorAll("[data-count]")) {
          const value = progress[cell.dataset.count];
          if (typeof value === "number") cell.textContent = format.format(value);
        }
        if (bar) bar.value = progress.percent;
        if (progress.status !== "sending") {
          // Finished, paused or cancelled: the page shows other actions now.
          window.location.reload();
          return;
        }
      } catch {
        // A missed poll is retried at the next tick.
      }
      setTimeout(poll, INTERVAL);
    }

    setTimeout(poll, INTERVAL);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
