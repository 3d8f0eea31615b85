// Draws a Reprise report page from the JSON in #report-data. Every element is built with text
// nodes (never innerHTML), so strings from journals and reports stay text.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var reprise = window.reprise = { data: data, charts: {} };

  function hms(v) {
    if (v == null) return '—';
    var s = Math.round(v), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var d = Math.floor(h / 24);
    var mm = (m < 10 ? '0' : '') + m, ss = (r < 10 ? '0' : '') + r;
    if (d > 0) return d + 'd ' + (h % 24) + ':' + mm;
    return (h > 0 ? h + ':' + mm : m) + ':' + ss;
  }
  // Fixed decimals, as the facts the server formats (Format.java) show them.
  function num(v, digits) {
    return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  var fmt = {
    count: function (v) { return num(Math.round(v), 0); },
    micros: function (v) {
      var a = Math.abs(v);
      if (a >= 1e6) return num(v / 1e6, 2) + ' s';
      if (a >= 1e3) return num(v / 1e3, a >= 1e5 ? 0 : 1) + ' ms';
      return num(v, 0) + ' µs';
    },
    share: function (v) { return num(v * 100, v !== 0 && Math.abs(v) < 0.001 ? 3 : 1) + '%'; },
    ratio: function (v) { return num(v, 2) + '×'; },
    rate: function (v) { return num(v, Math.abs(v) >= 100 ? 0 : 1) + '/s'; },
    seconds: hms,
    bytes: function (v) {
      var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
      while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
      return num(v, i === 0 ? 0 : 1) + ' ' + u[i];
    },
    number: function (v) { return v.toLocaleString('en-US', { maximumFractionDigits: 3 }); },
    text: function (v) { return String(v); }
  };
  function show(unit, v) {
    if (v == null || (typeof v === 'number' && !isFinite(v))) return '—';
    if (typeof v !== 'number') return String(v);
    return (fmt[unit] || fmt.text)(v);
  }
  reprise.format = show;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function facts(block) {
    var box = el('div', 'facts');
    block.facts.forEach(function (f) {
      var tile = el('div', 'fact ' + (f.tone || 'info'));
      tile.dataset.fact = f.label;
      tile.appendChild(el('span', 'label', f.label));
      tile.appendChild(el('span', 'value', f.value));
      box.appendChild(tile);
    });
    return box;
  }

  function note(block) { return el('p', 'note ' + (block.tone || 'info'), block.text); }

  function compare(a, b) {
    if (a == null && b == null) return 0;
    if (a == null) return 1;
    if (b == null) return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b));
  }

  function table(block) {
    var box = el('div', 'table-box');
    if (block.title) box.appendChild(el('h3', null, block.title));
    var t = el('table', 'sortable');
    t.dataset.table = block.id;
    var head = el('tr');
    var body = el('tbody');
    var rows = block.rows.slice();
    function fill() {
      while (body.firstChild) body.removeChild(body.firstChild);
      rows.forEach(function (row) {
        var tr = el('tr');
        row.forEach(function (v, i) {
          var unit = block.columns[i].unit;
          var td = el('td', unit === 'text' ? 'text' : 'num', show(unit, v));
          if (v != null) td.dataset.value = String(v);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }
    block.columns.forEach(function (c, i) {
      var th = el('th', c.unit === 'text' ? 'text' : 'num', c.label);
      th.dataset.col = String(i);
      th.setAttribute('aria-sort', 'none');
      th.tabIndex = 0;
      function sort() {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(head.children, function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        rows.sort(function (a, b) {
          // Missing values go last whichever way the column is sorted.
          if (a[i] == null || b[i] == null) return compare(a[i], b[i]);
          return asc ? compare(a[i], b[i]) : compare(b[i], a[i]);
        });
        fill();
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
      head.appendChild(th);
    });
    var thead = el('thead');
    thead.appendChild(head);
    t.appendChild(thead);
    t.appendChild(body);
    fill();
    box.appendChild(t);
    return box;
  }

  // x is 1/(1-p). uPlot hands a log axis's minor ticks over as null: they get no label.
  function percentileLabel(x) {
    if (x == null || !isFinite(x) || x < 1) return '';
    var p = (1 - 1 / x) * 100;
    var s = p.toFixed(p >= 99.99 ? 3 : p >= 99.9 ? 2 : p >= 90 ? 1 : 0);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s + '%';
  }

  function chart(block, width) {
    var box = el('div', block.small ? 'chart small' : 'chart');
    box.dataset.chart = block.id;
    if (block.small) width = Math.floor((width - 32) / 3);
    box.appendChild(el('h3', null, block.title));
    if (block.xs.length === 0) {
      box.appendChild(el('p', 'note info', 'Nothing to draw.'));
      box.dataset.series = '0';
      return box;
    }
    var xs = block.xs, cols = [xs], series = [{}], bands = [];
    var stackBase = null, stackIndex = 0, originals = [null];
    block.series.forEach(function (s, i) {
      var ys = block.ys[i];
      originals.push(ys);
      var spec = { label: s.label, stroke: s.color, width: 1.5,
        value: (function (orig) { return function (u, v, si, idx) { return idx == null ? '—' : show(block.yUnit, orig[idx]); }; })(ys) };
      if (s.style === 'dashed') spec.dash = [6, 4];
      if (s.style === 'area') {
        // Stacked: each area sits on the sum of the areas before it; the band between fills it.
        var stacked = ys.map(function (v, j) { return (v || 0) + (stackBase ? stackBase[j] : 0); });
        if (stackBase) bands.push({ series: [cols.length, stackIndex], fill: s.color + '88' });
        else spec.fill = s.color + '88';
        stackBase = stacked;
        stackIndex = cols.length;
        ys = stacked;
      }
      if (s.style === 'bars') {
        var n = block.series.filter(function (q) { return q.style === 'bars'; }).length;
        var k = block.series.slice(0, i).filter(function (q) { return q.style === 'bars'; }).length;
        spec.paths = uPlot.paths.bars({ size: [0.8 * (n - k) / n, 80] });
        spec.fill = s.color + (n > 1 ? 'aa' : 'cc');
        spec.points = { show: false };
      }
      if (block.x === 'category' && s.style !== 'bars') spec.points = { show: true, size: 7, fill: s.color };
      series.push(spec);
      cols.push(ys);
    });
    var xScale = { time: false };
    var xAxis = { };
    if (block.x === 'percentile') {
      xScale.distr = 3;
      xAxis.splits = function (u) {
        var out = [], min = u.scales.x.min, max = u.scales.x.max;
        [1, 10, 100, 1000, 10000, 100000, 1000000].forEach(function (v) { if (v >= min && v <= max) out.push(v); });
        return out;
      };
      xAxis.values = function (u, splits) { return splits.map(percentileLabel); };
    } else if (block.x === 'category') {
      xScale.range = [-0.5, xs.length - 0.5];
      xAxis.splits = function () { return xs.slice(); };
      xAxis.values = function (u, splits) {
        return splits.map(function (v) { var c = block.categories[v] || ''; return c.length > 14 ? c.slice(0, 13) + '…' : c; });
      };
      xAxis.rotate = -30;
      xAxis.size = 70;
    } else if (block.x === 'share') {
      xScale.range = [0, 1];
      xAxis.values = function (u, splits) { return splits.map(function (v) { return show('share', v); }); };
    } else {
      xAxis.values = function (u, splits) { return splits.map(function (v) { return v == null ? '' : hms(v); }); };
    }
    var yScale = { auto: true };
    if (block.yLog) yScale.distr = 3;
    var marks = block.marks || [];
    var opts = {
      width: width, height: block.small ? 150 : 280,
      scales: { x: xScale, y: yScale },
      series: series,
      bands: bands,
      axes: [xAxis, { size: 70, values: function (u, splits) { return splits.map(function (v) { return v == null ? '' : show(block.yUnit, v); }); } }],
      cursor: block.x === 'seconds' ? { sync: { key: 'time' } } : {},
      hooks: {
        draw: [function (u) {
          marks.forEach(function (m) {
            var y = u.valToPos(m.y, 'y', true), ctx = u.ctx;
            if (!isFinite(y) || y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
            ctx.save();
            ctx.strokeStyle = '#c0392b'; ctx.setLineDash([4, 4]); ctx.lineWidth = 1.5;
            ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
            ctx.fillStyle = '#c0392b'; ctx.font = '12px sans-serif';
            ctx.fillText(m.label, u.bbox.left + 6, y - 4);
            ctx.restore();
          });
          box.dataset.drawn = 'true';
        }]
      }
    };
    if (marks.length && !block.yLog) {
      opts.scales.y.range = function (u, min, max) { return [Math.min(0, min), Math.max(max, marks[0].y * 1.1)]; };
    }
    var plot = new uPlot(opts, cols, box);
    reprise.charts[block.id] = plot;
    box.dataset.series = String(plot.series.length - 1);
    return box;
  }

  var page = document.getElementById('page');
  var toc = document.getElementById('toc');
  while (page.firstChild) page.removeChild(page.firstChild);
  var width = Math.max(600, Math.min(1180, page.clientWidth || 1000));
  data.sections.forEach(function (s) {
    var section = el('section');
    section.id = s.id;
    section.dataset.section = s.id;
    section.appendChild(el('h2', null, s.title));
    var link = el('a', null, s.title);
    link.href = '#' + s.id;
    toc.appendChild(link);
    page.appendChild(section);
    s.blocks.forEach(function (b) {
      var node = b.type === 'chart' ? chart(b, width) : b.type === 'table' ? table(b)
        : b.type === 'facts' ? facts(b) : note(b);
      section.appendChild(node);
    });
  });
  reprise.readyMillis = performance.now();
  document.body.dataset.ready = 'true';
})();
