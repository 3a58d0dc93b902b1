// Vigie: submit the filter form when a facet checkbox or the sort order
// changes. Without this script, the "Appliquer les filtres" and "Trier"
// buttons do the same.
document.documentElement.classList.add("js");
document.addEventListener("change", function (e) {
  var el = e.target;
  if (!el.form) return;
  if ((el.type === "checkbox" && el.closest(".facets")) || el.hasAttribute("data-autosubmit")) {
    el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
  }
});
// Escape closes an open help popover and returns focus to its summary.
document.addEventListener("keydown", function (e) {
  if (e.key !== "Escape") return;
  var open = document.querySelector("details.help[open]");
  if (open) {
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  }
});
