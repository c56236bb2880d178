// ChartBridge dashboard: while a run is going, poll its progress JSON every few seconds and copy the figures into
// the page (the server computes every figure; this script only places them). Stops when the run ends, then reloads
// once so the page shows the final tables.
(function () {
  'use strict';
  var POLL_MS = 3000;
  var main = document.getElementById('run');
  if (!main || main.dataset.live !== 'true') {
    return;
  }
  var url = main.dataset.progressUrl;

  function get(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }

  function fillRow(row, counts) {
    row.querySelectorAll('[data-key]').forEach(function (el) {
      var key = el.dataset.key;
      if (key === 'percentSettled') {
        el.value = counts.percentSettled;
      } else if (key === 'percentSettledText') {
        el.textContent = counts.percentSettled + '%';
      } else if (counts[key] !== undefined) {
        el.textContent = counts[key];
      }
    });
  }

  function apply(p) {
    document.getElementById('status').textContent = p.status;
    document.getElementById('as-of').textContent = p.at;
    var waiting = document.getElementById('waiting');
    waiting.textContent = p.waiting || '';
    waiting.hidden = !p.waiting;
    document.querySelectorAll('#stages tbody tr[data-source]').forEach(function (row) {
      var s = p.sources.find(function (x) { return x.source === row.dataset.source; });
      if (s) { fillRow(row, s); }
    });
    fillRow(document.getElementById('total'), p.total);
    document.querySelectorAll('[data-figure]').forEach(function (el) {
      var v = get(p, el.dataset.figure);
      if (v !== undefined && v !== null) { el.textContent = v; }
    });
    var chart = document.getElementById('throughput');
    chart.src = chart.src.split('?')[0] + '?t=' + Date.now();
    var known = document.querySelectorAll('#stages tbody tr[data-source]').length;
    return p.running && p.sources.length === known;
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (p) {
        if (apply(p)) {
          setTimeout(poll, POLL_MS);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, POLL_MS * 3); });
  }
  setTimeout(poll, POLL_MS);
}());
