// Vigie: submit the filter form as soon as a facet checkbox or the sort
// order changes. Without script, the "Filtrer" button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var boxes = document.querySelectorAll(".facets input[type=checkbox], select.autosubmit");
  boxes.forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form) {
        el.form.submit();
      }
    });
  });
  document.documentElement.classList.add("js");
});
