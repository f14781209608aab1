/*
 * SNN view of the DL4J training UI: polls /snn/data (the spike monitor's records of one session, see
 * org.dl4j.snn.examples.ui.SnnUiData) and draws, per spiking layer, the firing rate, the dead / saturated fractions
 * and the tau / theta / v0 distributions over training with Chart.js.
 * Each canvas carries data-points (the number of points drawn) and <body> data-state / data-records, so tests and
 * scripts can tell when the charts have data; window.snnView exposes the charts and the last data.
 */
(function () {
  'use strict';

  var POLL_MS = 2000;
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#bcbd22', '#7f7f7f'];
  var PARAMS = ['tau', 'theta', 'v0'];
  // Legend entries of band edges start with this and are hidden.
  var HIDDEN = '\u200b';

  var state = { session: null, granularity: null, userGranularity: false, data: null, charts: {} };
  window.snnView = state;

  function el(id) { return document.getElementById(id); }

  function color(i, alpha) {
    var c = COLORS[i % COLORS.length];
    if (alpha === undefined) { return c; }
    var n = parseInt(c.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function layerKey(l) { return l.index + '/' + l.name; }

  function layerLabel(l) { return l.name + ' (' + l.type + ')'; }

  /** x of a record: iterations done (window records) or epochs done (epoch records). */
  function xOf(r) { return state.granularity === 'epoch' ? r.epoch + 1 : r.iteration + 1; }

  /** A line chart on a linear x axis; tickFormat formats y ticks and tooltips (default: Chart.js's ticks). */
  function makeChart(id, yTitle, tickFormat) {
    var valueFormat = tickFormat || precise;
    var chart = new Chart(el(id), {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        elements: { point: { radius: 2 }, line: { borderWidth: 2, tension: 0 } },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'iterations' }, ticks: { precision: 0 } },
          y: { title: { display: true, text: yTitle }, ticks: tickFormat ? { callback: tickFormat } : {} }
        },
        plugins: {
          legend: { labels: { boxWidth: 12, filter: function (item) { return item.text.indexOf(HIDDEN) !== 0; } } },
          tooltip: {
            filter: function (item) { return item.dataset.label.indexOf(HIDDEN) !== 0; },
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ': ' + valueFormat(ctx.parsed.y);
              }
            }
          }
        }
      }
    });
    state.charts[id] = chart;
    return chart;
  }

  function percent(v) { return (100 * v).toFixed(v < 0.01 && v > 0 ? 2 : 1) + '%'; }

  function fixed(v) { return Number(v).toPrecision(3); }

  function precise(v) { return Number(v).toPrecision(5); }

  /** Records of the chosen granularity, grouped by layer key, in time order. */
  function byLayer(records) {
    var out = {};
    records.forEach(function (r) {
      if (r.kind !== state.granularity) { return; }
      var k = layerKey(r.layer);
      (out[k] = out[k] || []).push(r);
    });
    return out;
  }

  function points(rs, value) {
    var p = [];
    rs.forEach(function (r) {
      var y = value(r);
      if (y !== null && y !== undefined && isFinite(y)) { p.push({ x: xOf(r), y: y }); }
    });
    return p;
  }

  function setData(chart, datasets) {
    chart.data.datasets = datasets;
    chart.options.scales.x.title.text = state.granularity === 'epoch' ? 'epoch' : 'iterations';
    chart.update('none');
    var n = 0;
    datasets.forEach(function (d) { if (d.label.indexOf(HIDDEN) !== 0) { n += d.data.length; } });
    chart.canvas.setAttribute('data-points', String(n));
    return n;
  }

  function drawRate(layers, groups) {
    setData(state.charts['chart-rate'], layers.map(function (l, i) {
      return {
        label: layerLabel(l), borderColor: color(i), backgroundColor: color(i),
        data: points(groups[layerKey(l)] || [], function (r) { return r.mean_rate; })
      };
    }));
  }

  function drawDeadSaturated(layers, groups) {
    var sets = [];
    layers.forEach(function (l, i) {
      var rs = groups[layerKey(l)] || [];
      sets.push({ label: layerLabel(l) + ' dead', borderColor: color(i), backgroundColor: color(i),
        data: points(rs, function (r) { return r.dead_fraction; }) });
      // Hollow legend box and points with a dashed outline: the dashed line is the saturated fraction.
      sets.push({ label: layerLabel(l) + ' saturated', borderColor: color(i), backgroundColor: color(i, 0),
        borderDash: [6, 4], data: points(rs, function (r) { return r.saturated_fraction; }) });
    });
    setData(state.charts['chart-dead-saturated'], sets);
  }

  function drawParam(name, layers, groups) {
    var sets = [];
    layers.forEach(function (l, i) {
      var rs = (groups[layerKey(l)] || []).filter(function (r) { return r.params && r.params[name]; });
      if (rs.length === 0) { return; }
      function q(field) { return function (r) { return r.params[name][field]; }; }
      // Band: q05 then q95 filled down to it ('-1'), then the median line on top.
      sets.push({ label: HIDDEN + layerLabel(l) + ' q05', data: points(rs, q('q05')), borderWidth: 0,
        pointRadius: 0, borderColor: color(i, 0), fill: false });
      sets.push({ label: HIDDEN + layerLabel(l) + ' q95', data: points(rs, q('q95')), borderWidth: 0,
        pointRadius: 0, borderColor: color(i, 0), backgroundColor: color(i, 0.15), fill: '-1' });
      sets.push({ label: layerLabel(l) + ' median', borderColor: color(i), backgroundColor: color(i),
        data: points(rs, q('q50')) });
    });
    var card = document.querySelector('.card[data-param="' + name + '"]');
    var n = setData(state.charts['chart-' + name], sets);
    card.classList.toggle('not-learned', n === 0);
  }

  function drawLatest(layers, groups) {
    var body = document.querySelector('#latest tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    layers.forEach(function (l) {
      var rs = groups[layerKey(l)] || [];
      if (rs.length === 0) { return; }
      var r = rs[rs.length - 1];
      var cells = [layerLabel(l), String(r.neurons), fixed(r.mean_rate), percent(r.dead_fraction),
        percent(r.saturated_fraction)];
      PARAMS.forEach(function (p) { cells.push(r.params && r.params[p] ? precise(r.params[p].q50) : '-'); });
      var tr = document.createElement('tr');
      // The marker of a layer that was fully dead or fully saturated in the latest interval.
      var problem = r.dead_fraction === 1 ? 'dead' : (r.saturated_fraction === 1 ? 'saturated' : null);
      if (problem) {
        tr.classList.add('layer-' + problem);
        tr.setAttribute('title', 'every neuron ' + (problem === 'dead' ? 'silent' : 'spiking at every step'));
        cells[0] = '\u26a0 ' + cells[0] + ' (' + problem + ')';
      }
      cells.forEach(function (c) {
        var td = document.createElement('td');
        td.textContent = c;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function drawWarnings(warnings) {
    var list = el('warning-list');
    while (list.firstChild) { list.removeChild(list.firstChild); }
    warnings.forEach(function (w) {
      var li = document.createElement('li');
      li.className = 'warning-' + w.problem;
      li.textContent = 'epoch ' + w.epoch + ': ' + w.message;
      list.appendChild(li);
    });
    el('warnings').hidden = warnings.length === 0;
    document.body.setAttribute('data-warnings', String(warnings.length));
  }

  function updateSessions(data) {
    var select = el('session');
    var ids = data.sessions || [];
    var current = Array.prototype.map.call(select.options, function (o) { return o.value; });
    if (current.join('\n') !== ids.join('\n')) {
      while (select.firstChild) { select.removeChild(select.firstChild); }
      ids.forEach(function (id) {
        var o = document.createElement('option');
        o.value = id;
        o.textContent = id.length > 12 ? id.slice(0, 8) + '...' : id;
        select.appendChild(o);
      });
    }
    if (data.session) { select.value = data.session; }
  }

  function render(data) {
    state.data = data;
    updateSessions(data);
    var records = data.records || [];
    if (!state.userGranularity) {
      var hasWindows = records.some(function (r) { return r.kind === 'iterations'; });
      state.granularity = hasWindows ? 'iterations' : 'epoch';
      el('granularity').value = state.granularity;
    }
    var groups = byLayer(records);
    var layers = data.layers || [];
    drawRate(layers, groups);
    drawDeadSaturated(layers, groups);
    PARAMS.forEach(function (p) { drawParam(p, layers, groups); });
    drawLatest(layers, groups);
    drawWarnings(data.warnings || []);
    document.body.setAttribute('data-records', String(records.length));
    document.body.setAttribute('data-state', records.length > 0 ? 'ready' : 'empty');
    el('status').textContent = records.length > 0
      ? records.length + ' records, ' + layers.length + ' spiking layer(s), updated ' + new Date().toLocaleTimeString()
      : 'waiting for the spike monitor\'s first report...';
  }

  function load() {
    var url = '/snn/data' + (state.session ? '/' + encodeURIComponent(state.session) : '');
    return fetch(url, { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
        return r.json();
      })
      .then(render)
      .catch(function (e) {
        document.body.setAttribute('data-state', 'error');
        el('status').textContent = 'error: ' + e.message;
      });
  }

  function poll() {
    load().then(function () { setTimeout(poll, POLL_MS); });
  }

  function start() {
    makeChart('chart-rate', 'firing rate');
    makeChart('chart-dead-saturated', 'fraction of neurons', percent);
    makeChart('chart-tau', '\u03c4');
    makeChart('chart-theta', '\u03b8');
    makeChart('chart-v0', 'v0');
    el('session').addEventListener('change', function (e) {
      state.session = e.target.value;
      load();
    });
    el('granularity').addEventListener('change', function (e) {
      state.granularity = e.target.value;
      state.userGranularity = true;
      if (state.data) { render(state.data); }
    });
    poll();
  }

  start();
}());
