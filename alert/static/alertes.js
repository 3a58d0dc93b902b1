// Vigie — pages des alertes : création, modification, suppression par l'API.
// Les requêtes qui modifient passent le cookie de session (jeton d'API) du
// navigateur ; une erreur de l'API s'affiche telle quelle.
(function () {
  'use strict';

  function show(text) {
    var msg = document.getElementById('message');
    if (msg) msg.textContent = text;
  }

  async function call(method, url, body) {
    var opts = {method: method, headers: {}};
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    var r = await fetch(url, opts);
    var j = null;
    try { j = await r.json(); } catch (e) { /* 204 */ }
    if (!r.ok) {
      var why = j && j.error ? j.error : r.status;
      if (r.status === 401) why = 'jeton d’API requis ou invalide (' + why + ')';
      throw new Error((j && j.field ? j.field + ' : ' : '') + why);
    }
    return j;
  }

  var creer = document.getElementById('creer');
  if (creer) {
    creer.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var f = ev.target, body = {name: f.name.value, query: f.query.value, over: f.over.value};
      if (f.webhook.value) body.webhook = {url: f.webhook.value};
      try {
        var j = await call('POST', '/api/alerts', body);
        if (j.webhook && j.webhook.secret) {
          show('Alerte créée. Secret du webhook, à conserver (il ne sera plus affiché) : ' + j.webhook.secret);
        } else {
          location.href = '/alertes/' + j.id;
        }
      } catch (e) {
        show('Erreur — ' + e.message);
      }
    });
  }

  document.querySelectorAll('[data-delete]').forEach(function (b) {
    b.addEventListener('click', async function () {
      if (!confirm('Supprimer cette alerte ?')) return;
      try {
        await call('DELETE', '/api/alerts/' + b.dataset.delete);
        if (location.pathname === '/alertes') location.reload(); else location.href = '/alertes';
      } catch (e) {
        show('Suppression impossible — ' + e.message);
      }
    });
  });

  var modifier = document.getElementById('modifier');
  if (modifier) {
    var hadHook = modifier.webhook.value;
    modifier.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var f = modifier, body = {name: f.name.value, query: f.query.value, over: f.over.value};
      if (f.webhook.value !== hadHook) body.webhook = f.webhook.value ? {url: f.webhook.value} : null;
      try {
        var j = await call('PUT', '/api/alerts/' + f.dataset.id, body);
        hadHook = f.webhook.value;
        show('Alerte enregistrée.' + (j.webhook && j.webhook.secret ? ' Secret du webhook, à conserver : ' + j.webhook.secret : ''));
      } catch (e) {
        show('Erreur — ' + e.message);
      }
    });
  }
})();
