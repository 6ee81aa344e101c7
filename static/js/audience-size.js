// The audience editor's live size: counts who the form's current filters reach.
// Enhancement only: without it, the size of the saved audience is shown.
(() => {
  const FIELDS = ["pages", "countries", "languages", "affiliates", "tags", "joined_from", "joined_to"];

  function start() {
    const box = document.querySelector("[data-audience-size]");
    const form = box && box.closest("form");
    if (!form || box.dataset.started) return;
    box.dataset.started = "1";
    const known = box.querySelector("[data-audience-size-known]");
    const unknown = box.querySelector("[data-audience-size-unknown]");
    const error = box.querySelector("[data-audience-size-error]");
    const count = box.querySelector("[data-audience-size-count]");
    const format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
    let timer = null;
    let latest = 0;

    async function update() {
      const data = new FormData(form);
      const params = new URLSearchParams();
      for (const name of FIELDS) {
        for (const value of data.getAll(name)) {
          if (value !== "") params.append(name, value);
        }
      }
      const request = ++latest;
      try {
        const response = await fetch(`${box.dataset.url}?${params}`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (request !== latest) return; // a newer count is on its way
        const body = await response.json();
        const ok = response.ok && typeof body.size === "number";
        if (ok) {
          // The sentence in its plural form for this size, the figure in bold.
          const sentence = known.dataset[plurals.select(body.size)] || known.dataset.other;
          const [before, after] = sentence.split("{size}");
          count.textContent = format.format(body.size);
          known.replaceChildren(before, count, after ?? "");
        }
        known.hidden = !ok;
        error.hidden = ok;
        if (unknown) unknown.hidden = true;
      } catch {
        // Offline or signed out: leave the last count.
      }
    }

    function changed(event) {
      if (!event.target || !FIELDS.includes(event.target.name)) return;
      clearTimeout(timer);
      timer = setTimeout(update, 300);
    }

    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
