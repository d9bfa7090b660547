// The print button only appears where scripts run; without them the browser's own menu prints the page.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
