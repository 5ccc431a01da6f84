// Inferstream dashboard: polls /api/dashboard/* and draws with uPlot. Plain JS, no build step.
(function () {
  'use strict';

  var COLORS = { blue: '#2563eb', green: '#16a34a', violet: '#7c3aed', red: '#dc2626', amber: '#d97706' };
  var VERSION_COLORS = ['#2563eb', '#7c3aed', '#0891b2', '#16a34a', '#db2777'];
  var HEIGHT = 200;
  var state = { status: null, models: null, drift: null, alerts: null, metric: null, charts: {}, driftCharts: {} };
  // Exposed for curious operators and for the browser test.
  window.dashboardState = state;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return e;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || !isFinite(v)) { return '–'; }
    return v.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }

  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }

  function badge(text, cls) { return el('span', { 'class': 'badge ' + (cls || text) }, [text]); }

  function table(headers, rows) {
    return el('table', {}, [el('tr', {}, headers.map(function (h) { return el('th', {}, [h]); }))].concat(rows));
  }

  function replace(container, content) {
    container.textContent = '';
    container.appendChild(content);
  }

  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.message ? body.message : url + ': HTTP ' + r.status); }
        return body;
      });
    });
  }

  // Polls url every ms, handing each answer to show; a failure shows as stale data, never as an exception.
  function poll(url, ms, show) {
    function tick() {
      getJson(url).then(function (body) {
        show(body);
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
        $('updated').classList.remove('stale');
      }, function (err) {
        $('updated').textContent = 'cannot reach the instance: ' + err.message;
        $('updated').classList.add('stale');
      }).then(function () { setTimeout(tick, ms); });
    }
    tick();
  }

  // Counts what a chart actually drew from the data (threshold lines aside): values that are numbers, and those
  // that are not zero.
  function markDrawn(container, data, valueSeries) {
    var points = 0, nonzero = 0;
    for (var s = 1; s <= valueSeries; s++) {
      for (var i = 0; i < data[s].length; i++) {
        var v = data[s][i];
        if (v !== null && v !== undefined && isFinite(v)) { points++; if (v !== 0) { nonzero++; } }
      }
    }
    container.setAttribute('data-points', String(points));
    container.setAttribute('data-nonzero', String(nonzero));
  }

  function chart(container, series, data, yLabel) {
    var opts = {
      width: Math.max(container.clientWidth, 280), height: HEIGHT,
      series: [{}].concat(series),
      axes: [{}, { label: yLabel, size: 56 }],
      scales: { x: { time: true } },
      legend: { live: false }
    };
    return new uPlot(opts, data, container);
  }

  function line(label, color, dash) {
    var s = { label: label, stroke: color, width: 2, spanGaps: false, points: { show: false } };
    if (dash) { s.dash = [6, 4]; s.width = 1.5; }
    return s;
  }

  function liveChart(id, series, columns, yLabel) {
    var h = state.status.history;
    var data = [h.t].concat(columns.map(function (c) { return h[c]; }));
    var container = $(id);
    if (!state.charts[id]) { state.charts[id] = chart(container, series, data, yLabel); } else { state.charts[id].setData(data); }
    markDrawn(container, data, columns.length);
  }

  function showStatus(body) {
    state.status = body;
    var s = body.latest;
    $('tile-requests').textContent = fmt(s.requestsPerSecond, 0);
    $('tile-p99').textContent = fmt(s.requestLatencyP99Ms, 1);
    $('tile-p50').textContent = fmt(s.requestLatencyP50Ms, 1);
    $('tile-events').textContent = fmt(s.eventsPerSecond, 0);
    $('tile-feeds').textContent = fmt(s.feedsPerSecond, 0);
    $('tile-dead').textContent = fmt(s.deadLettersPerSecond, 1);
    liveChart('chart-throughput', [line('requests/s', COLORS.blue), line('events/s', COLORS.green),
      line('feeds/s', COLORS.violet), line('dead letters/s', COLORS.red)],
      ['requestsPerSecond', 'eventsPerSecond', 'feedsPerSecond', 'deadLettersPerSecond'], 'per second');
    liveChart('chart-latency', [line('request p50', COLORS.green), line('request p99', COLORS.blue),
      line('model call p99', COLORS.amber)], ['requestLatencyP50Ms', 'requestLatencyP99Ms', 'modelLatencyP99Ms'], 'ms');
  }

  function showModels(body) {
    state.models = body;
    var names = {};
    body.serving.forEach(function (s) { names[s.model] = true; });
    body.models.forEach(function (m) { names[m.model] = true; });
    var shown = Object.keys(names).sort();
    if (!shown.length) { replace($('models'), el('p', { 'class': 'empty' }, ['No model seen yet.'])); return; }
    var out = el('div', {}, shown.map(function (name) {
      var board = body.models.filter(function (m) { return m.model === name; })[0] || { reports: [], commands: [] };
      var versions = {};
      body.serving.filter(function (s) { return s.model === name; }).forEach(function (s) {
        (versions[s.version] = versions[s.version] || { serving: [], reports: [] }).serving.push(s);
      });
      board.reports.forEach(function (r) {
        var v = r.version === null ? '–' : String(r.version);
        (versions[v] = versions[v] || { serving: [], reports: [] }).reports.push(r);
      });
      var rows = Object.keys(versions).sort(function (a, b) { return Number(b) - Number(a); }).map(function (v) {
        var entry = versions[v];
        return el('tr', {}, [
          el('td', {}, ['v' + v]),
          el('td', {}, entry.serving.length ? entry.serving.map(function (s) {
            return el('span', {}, [badge(s.role), ' ' + fmt(s.share * 100, 0) + '% ']);
          }) : ['not served here']),
          el('td', {}, entry.reports.map(function (r) {
            return el('div', { title: r.reason || '' }, [badge(r.state), ' ' + r.instance + ' ' + time(r.at)]);
          }))
        ]);
      });
      var parts = [el('h4', {}, [name]), table(['Version', 'Serving (this instance)', 'Reports'], rows)];
      if (board.commands.length) {
        parts.push(el('ul', { 'class': 'commands' }, board.commands.slice(0, 5).map(function (c) {
          return el('li', {}, [time(c.at) + '  ' + c.type + (c.version !== null ? ' v' + c.version : '')
            + (c.share !== null ? ' share ' + c.share : '') + (c.reason ? ': ' + c.reason : '')]);
        })));
      }
      return el('div', { 'class': 'model' }, parts);
    }));
    replace($('models'), out);
  }

  function metricsOf(series) {
    var seen = {};
    series.forEach(function (s) { seen[s.metric] = seen[s.metric] || s.warning !== null; });
    return seen;
  }

  function chooseMetric(series) {
    var metrics = metricsOf(series);
    var names = Object.keys(metrics).sort();
    var select = $('drift-metric');
    if (select.options.length !== names.length) {
      select.textContent = '';
      names.forEach(function (n) { select.appendChild(el('option', { value: n }, [n])); });
    }
    if (!state.metric || !(state.metric in metrics)) {
      state.metric = 'jensen_shannon' in metrics ? 'jensen_shannon'
        : names.filter(function (n) { return metrics[n]; })[0] || names[0] || null;
    }
    select.value = state.metric || '';
  }

  function showDrift(body) {
    state.drift = body;
    chooseMetric(body.series);
    var groups = {};
    body.series.filter(function (s) { return s.metric === state.metric && s.t.length; }).forEach(function (s) {
      var key = s.model + ' · ' + s.feature;
      (groups[key] = groups[key] || []).push(s);
    });
    var container = $('drift-charts');
    var keys = Object.keys(groups).sort();
    if (!keys.length) {
      state.driftCharts = {};
      replace(container, el('p', { 'class': 'empty' }, ['No drift statistics yet (one per window and feature).']));
      container.setAttribute('data-charts', '0');
      return;
    }
    var next = {};
    keys.forEach(function (key) {
      var group = groups[key];
      var prepared = prepareDrift(group);
      var old = state.driftCharts[key];
      if (old && old.shape === prepared.shape && old.box.parentNode === container) {
        old.plot.setData(prepared.data);
        next[key] = old;
      } else {
        var plotBox = el('div', { 'class': 'plot' });
        var box = el('div', { 'class': 'drift-chart' }, [el('h4', {}, [key, el('span', { 'class': 'kind' }, [group[0].kind.toLowerCase()])]), plotBox]);
        if (old) { old.plot.destroy(); old.box.remove(); }
        container.appendChild(box);
        next[key] = { box: box, plotBox: plotBox, shape: prepared.shape,
          plot: new uPlot({ width: Math.max(box.clientWidth, 300), height: 170, series: [{}].concat(prepared.series),
            axes: [{}, { size: 52 }], scales: { x: { time: true } }, legend: { live: false } }, prepared.data, plotBox) };
      }
      markDrawn(next[key].box, prepared.data, group.length);
    });
    Object.keys(state.driftCharts).forEach(function (key) {
      if (!next[key]) { state.driftCharts[key].plot.destroy(); state.driftCharts[key].box.remove(); }
    });
    Array.prototype.slice.call(container.querySelectorAll('p.empty')).forEach(function (p) { p.remove(); });
    // Keep the charts in key order.
    keys.forEach(function (key) { container.appendChild(next[key].box); });
    state.driftCharts = next;
    container.setAttribute('data-charts', String(keys.length));
  }

  // One feature's series of the chosen metric (one per model version) aligned on window ends, plus threshold lines.
  function prepareDrift(group) {
    var joined = group.length === 1 ? [group[0].t, group[0].v] : uPlot.join(group.map(function (s) { return [s.t, s.v]; }));
    var x = joined[0];
    var series = group.map(function (s, i) { return line('v' + s.version, VERSION_COLORS[i % VERSION_COLORS.length]); });
    var data = joined.slice();
    var last = group[group.length - 1];
    if (last.warning !== null) {
      series.push(line('warning', COLORS.amber, true));
      data.push(x.map(function () { return last.warning; }));
    }
    if (last.critical !== null) {
      series.push(line('critical', COLORS.red, true));
      data.push(x.map(function () { return last.critical; }));
    }
    return { data: data, series: series, shape: series.map(function (s) { return s.label; }).join(',') };
  }

  function alertRow(a, withStatus) {
    return el('tr', {}, [
      el('td', {}, [badge(a.severity)].concat(withStatus ? [' ', badge(a.status)] : [])),
      el('td', {}, [a.model + ' v' + a.version]),
      el('td', {}, [a.feature]),
      el('td', {}, [a.metric]),
      el('td', { 'class': 'num' }, [fmt(a.value, 3) + ' / ' + fmt(a.threshold, 3)]),
      el('td', {}, [time(withStatus ? a.at : a.since)])
    ]);
  }

  function showAlerts(body) {
    state.alerts = body;
    // From the alerts topic: the pipeline's alerts, whichever instance's drift tasks raised them.
    $('tile-alerts').textContent = fmt(body.open.length, 0);
    $('tile-alerts-box').classList.toggle('alerting', body.open.length > 0);
    replace($('alerts-open'), body.open.length
      ? table(['Severity', 'Model', 'Feature', 'Metric', 'Value / threshold', 'Since'], body.open.map(function (a) { return alertRow(a, false); }))
      : el('p', { 'class': 'empty' }, ['No alert is firing.']));
    replace($('alerts-recent'), body.recent.length
      ? table(['Change', 'Model', 'Feature', 'Metric', 'Value / threshold', 'At'], body.recent.slice(0, 15).map(function (a) { return alertRow(a, true); }))
      : el('p', { 'class': 'empty' }, ['None yet.']));
  }

  function lookUpFeed(event) {
    event.preventDefault();
    var user = $('feed-user').value.trim();
    var result = $('feed-result');
    if (!user) { return; }
    replace(result, el('p', { 'class': 'empty' }, ['Looking up ' + user + '…']));
    getJson('/users/' + encodeURIComponent(user) + '/recommendations?k=10').then(function (feed) {
      var rows = feed.items.map(function (i) {
        return el('tr', {}, [el('td', { 'class': 'num' }, [i.rank]), el('td', {}, [i.itemId]), el('td', { 'class': 'num' }, [fmt(i.score, 4)])]);
      });
      var content = el('div', {}, [
        feed.items.length ? table(['#', 'Item', 'Score'], rows) : el('p', { 'class': 'empty' }, ['An empty feed.']),
        el('p', { 'class': 'source' }, ['user ' + feed.userId + ' · source ' + feed.source + ' · generated ' + time(feed.generatedAt)])
      ]);
      replace(result, content);
      result.setAttribute('data-items', String(feed.items.length));
    }, function (err) {
      replace(result, el('p', { 'class': 'error' }, [err.message]));
      result.setAttribute('data-items', '0');
    });
  }

  function resize() {
    Object.keys(state.charts).forEach(function (id) {
      state.charts[id].setSize({ width: Math.max($(id).clientWidth, 280), height: HEIGHT });
    });
    Object.keys(state.driftCharts).forEach(function (key) {
      var c = state.driftCharts[key];
      c.plot.setSize({ width: Math.max(c.box.clientWidth, 300), height: 170 });
    });
  }

  $('feed-form').addEventListener('submit', lookUpFeed);
  $('drift-metric').addEventListener('change', function (e) {
    state.metric = e.target.value;
    if (state.drift) { showDrift(state.drift); }
  });
  window.addEventListener('resize', resize);
  poll('/api/dashboard/status', 1000, showStatus);
  poll('/api/dashboard/models', 5000, showModels);
  poll('/api/dashboard/drift', 3000, showDrift);
  poll('/api/dashboard/alerts', 3000, showAlerts);
}());
