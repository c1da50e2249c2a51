// Send the CSRF token with every htmx request (read from the page's meta tag).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});
// Buttons that ask before they act: <button data-confirm="...">.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) { event.preventDefault(); }
});
// Progress bars: width from data-width (no inline style under the CSP).
function shequProgress(root) {
  (root || document).querySelectorAll(".progress > span[data-width]").forEach(function (bar) {
    bar.style.width = bar.getAttribute("data-width") + "%";
  });
}
document.addEventListener("DOMContentLoaded", function () { shequProgress(); });
document.addEventListener("htmx:afterSwap", function (event) { shequProgress(event.detail.target.parentNode || document); });
// Forms: the server reports every problem of a submit at once (core/forms/div.html), so the
// browser's one-bubble-at-a-time check is turned off; after a refused submit the summary of
// problems takes the focus (a screen reader reads it, a phone scrolls to it).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form").forEach(function (form) { form.noValidate = true; });
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
