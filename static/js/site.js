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
});
