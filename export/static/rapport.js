// Vigie — rapport : le lien « Imprimer » ouvre la boîte d'impression.
(function () {
  'use strict';
  var a = document.getElementById('imprimer');
  if (a) a.addEventListener('click', function (ev) { ev.preventDefault(); window.print(); });
})();
