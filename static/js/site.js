// Enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-copy-button]")) {
    const box = button.closest(".share__copy");
    const input = box && box.querySelector("[data-copy-source]");
    const status = box && box.querySelector(".share__status");
    if (!input || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        if (status) status.textContent = button.dataset.copiedText;
      } catch {
        input.select();
      }
    });
  }

  // A message's length, shown as it is typed: "120 / 1000" reads the same in every language.
  for (const area of document.querySelectorAll("textarea[maxlength][data-counter]")) {
    const counter = document.createElement("p");
    counter.className = "field__help field__counter";
    counter.setAttribute("aria-live", "polite");
    // Kept left to right inside a right-to-left page, or it reads "1000 / 120".
    const figures = document.createElement("bdi");
    figures.dir = "ltr";
    counter.append(figures);
    const show = () => {
      figures.textContent = `${[...area.value].length} / ${area.maxLength}`;
    };
    area.insertAdjacentElement("afterend", counter);
    area.addEventListener("input", show);
    show();
  }

  // The petition count refreshes itself while the page is open.
  const count = document.querySelector("[data-count-url]");
  if (count && window.fetch) {
    const total = count.querySelector("[data-count-total]");
    const goal = count.querySelector("[data-count-goal]");
    const bar = count.querySelector("[data-count-bar]");
    const noun = count.querySelector("[data-count-noun]");
    // The word's plural forms are in the element's data attributes, one per category.
    const plurals = new Intl.PluralRules(document.documentElement.lang);
    const refresh = async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(count.dataset.countUrl, { credentials: "omit" });
        if (!response.ok) return;
        const data = await response.json();
        // Figures as the server writes them in this language (its digits and grouping):
        // the browser's own formats differ (Devanagari digits, 10000 in Spanish).
        // (An answer without them, from a server not yet updated, leaves the figures be.)
        if (!data.total_text || !data.goal_text) return;
        total.textContent = data.total_text;
        if (noun) noun.textContent = noun.dataset[plurals.select(data.total)] || noun.dataset.other;
        goal.textContent = data.goal_text;
        bar.max = data.goal;
        bar.value = data.total;
      } catch {
        // Offline or the server is busy: keep the figure we have.
      }
    };
    // Once now: the page itself may have come from the page cache, seconds old.
    refresh();
    setInterval(refresh, 10000);
  }
});
