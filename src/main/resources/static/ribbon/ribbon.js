// Quotegate live ribbons: one EventSource per feed (/{feed}/stream), events `snapshot` and `update`
// carrying the feed JSON. No framework, no build step.
'use strict';

(function () {
  const RETRY_MIN_MS = 1000;
  const RETRY_MAX_MS = 30000;
  const ribbons = new Map(); // feed -> state

  function start() {
    document.querySelectorAll('.ribbon[data-feed]').forEach((el) => {
      const feed = el.dataset.feed;
      const r = {
        feed, el,
        list: el.querySelector('.quotes'),
        meta: el.querySelector('.meta'),
        markers: el.querySelector('.markers'),
        conn: el.querySelector('.conn'),
        cells: new Map(), // symbol -> { li, price, chg, age, badges, quote }
        snapshot: null,
        source: null,
        retryMs: RETRY_MIN_MS,
        retryTimer: null,
        updates: 0,
      };
      r.list.innerHTML = '<li class="empty">waiting for the first snapshot…</li>';
      ribbons.set(feed, r);
      connect(r);
    });
    setInterval(tick, 1000);
    window.quotegateRibbons = ribbons; // for debugging and the browser test
  }

  function connect(r) {
    clearTimeout(r.retryTimer);
    if (r.source) {
      r.source.close();
    }
    setState(r, r.snapshot ? 'reconnecting' : 'connecting');
    // The browser sends Last-Event-ID by itself on its own reconnects; a fresh EventSource starts
    // with a snapshot event, which is what a page that lost its connection wants anyway.
    const es = new EventSource('/' + encodeURIComponent(r.feed) + '/stream');
    r.source = es;
    es.onopen = () => {
      r.retryMs = RETRY_MIN_MS;
      setState(r, 'live');
    };
    es.addEventListener('snapshot', (e) => receive(r, e));
    es.addEventListener('update', (e) => receive(r, e));
    es.onerror = () => {
      if (es.readyState === EventSource.CONNECTING) {
        // The browser reconnects by itself (honouring the server's retry: field).
        setState(r, 'reconnecting');
      } else {
        // CLOSED: the browser gave up (e.g. a 503 while the feed warms up). Retry with backoff.
        setState(r, 'reconnecting');
        es.close();
        r.retryTimer = setTimeout(() => connect(r), r.retryMs);
        r.retryMs = Math.min(r.retryMs * 2, RETRY_MAX_MS);
      }
    };
  }

  function setState(r, state) {
    r.el.dataset.state = state;
    r.conn.textContent = state;
  }

  function receive(r, e) {
    let snap;
    try {
      snap = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    if (!snap || !Array.isArray(snap.data) || (snap.feed && snap.feed !== r.feed)) {
      return;
    }
    if (r.snapshot && typeof snap.version === 'number' && snap.version < r.snapshot.version) {
      return; // never go back in time
    }
    if (r.el.dataset.state !== 'live') {
      setState(r, 'live');
    }
    const previous = r.snapshot;
    r.snapshot = snap;
    if (e.type === 'update') {
      r.updates++;
    }
    r.el.dataset.version = String(snap.version);
    r.el.dataset.updates = String(r.updates);
    render(r, previous);
  }

  function render(r, previous) {
    const snap = r.snapshot;
    const empty = r.list.querySelector('.empty');
    if (empty) {
      empty.remove();
    }
    const seen = new Set();
    snap.data.forEach((q) => {
      seen.add(q.symbol);
      let cell = r.cells.get(q.symbol);
      if (!cell) {
        cell = createCell(q.symbol);
        r.cells.set(q.symbol, cell);
      }
      r.list.appendChild(cell.li); // keeps the feed's order
      const before = cell.quote;
      cell.quote = q;
      cell.price.textContent = formatPrice(q.price);
      const chg = Number(q.change);
      const pct = Number(q.changePercent);
      const dir = !isFinite(chg) || chg === 0 ? 'flat' : chg > 0 ? 'up' : 'down';
      cell.chg.className = 'chg ' + dir;
      cell.chg.textContent = isFinite(chg)
        ? signed(formatPrice(Math.abs(chg), q.price), chg) + (isFinite(pct) ? ' (' + signed(Math.abs(pct).toFixed(2), pct) + '%)' : '')
        : '–';
      const closed = q.marketOpen === false || (q.marketOpen === undefined && snap.marketOpen === false);
      cell.li.classList.toggle('is-stale', !!q.stale);
      cell.li.classList.toggle('is-closed', closed);
      cell.li.dataset.stale = String(!!q.stale);
      cell.li.dataset.closed = String(closed);
      cell.badges.replaceChildren(...badges(!!q.stale, closed));
      cell.li.title = q.symbol + ' · source ' + (q.source || '?') + (q.asOf ? ' · as of ' + q.asOf : '');
      if (before && Number(before.price) !== Number(q.price)) {
        flash(cell.li, Number(q.price) > Number(before.price) ? 'flash-up' : 'flash-down');
      }
    });
    for (const [symbol, cell] of r.cells) {
      if (!seen.has(symbol)) {
        cell.li.remove();
        r.cells.delete(symbol);
      }
    }
    r.markers.replaceChildren(...badges(!!snap.stale, snap.marketOpen === false));
    tick();
  }

  function createCell(symbol) {
    const li = document.createElement('li');
    li.className = 'quote';
    li.dataset.symbol = symbol;
    const sym = document.createElement('div');
    sym.className = 'sym';
    const name = document.createElement('span');
    name.textContent = symbol;
    const badgesEl = document.createElement('span');
    badgesEl.className = 'markers';
    sym.append(name, badgesEl);
    const price = document.createElement('div');
    price.className = 'price';
    const chg = document.createElement('div');
    chg.className = 'chg flat';
    const age = document.createElement('div');
    age.className = 'age';
    li.append(sym, price, chg, age);
    return { li, price, chg, age, badges: badgesEl, quote: null };
  }

  function badges(stale, closed) {
    const out = [];
    if (closed) {
      out.push(badge('closed', 'closed', 'The market is closed: this is its last price'));
    }
    if (stale) {
      out.push(badge('stale', 'stale', 'Older than it should be: no fresher data could be fetched'));
    }
    return out;
  }

  function badge(cls, text, title) {
    const b = document.createElement('span');
    b.className = 'badge ' + cls;
    b.textContent = text;
    b.title = title;
    return b;
  }

  function flash(li, cls) {
    li.classList.remove('flash-up', 'flash-down');
    void li.offsetWidth; // restart the transition
    li.classList.add(cls);
    setTimeout(() => li.classList.remove(cls), 600);
  }

  // Ages and the next refresh move every second, between events.
  function tick() {
    const now = Date.now();
    for (const r of ribbons.values()) {
      const snap = r.snapshot;
      if (!snap) {
        continue;
      }
      const parts = ['v' + snap.version];
      if (snap.asOf) {
        parts.push('updated ' + age(now - Date.parse(snap.asOf)) + ' ago');
      }
      if (snap.nextRefreshAt) {
        const due = Date.parse(snap.nextRefreshAt) - now;
        parts.push(due > 0 ? 'next in ' + age(due) : 'refresh due');
      }
      if (snap.source) {
        parts.push(snap.source);
      }
      r.meta.textContent = parts.join(' · ');
      for (const cell of r.cells.values()) {
        const q = cell.quote;
        cell.age.textContent = q && q.asOf ? age(now - Date.parse(q.asOf)) + ' old' : '';
      }
    }
  }

  function age(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + 's';
    const m = Math.floor(s / 60);
    if (m < 60) return m + 'm ' + String(s % 60).padStart(2, '0') + 's';
    const h = Math.floor(m / 60);
    if (h < 48) return h + 'h ' + String(m % 60).padStart(2, '0') + 'm';
    return Math.floor(h / 24) + 'd';
  }

  // Decimals by magnitude of the instrument's price: 1.08431 (fx), 2,401.50, 67,210.12.
  function decimals(ref) {
    const a = Math.abs(Number(ref));
    if (!isFinite(a) || a === 0) return 2;
    if (a < 1) return 5;
    if (a < 20) return 4;
    if (a < 1000) return 3;
    return 2;
  }

  function formatPrice(value, ref) {
    const v = Number(value);
    if (!isFinite(v)) return '–';
    const d = decimals(ref === undefined ? v : ref);
    return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  }

  function signed(text, n) {
    return (n > 0 ? '+' : n < 0 ? '−' : '') + text;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
