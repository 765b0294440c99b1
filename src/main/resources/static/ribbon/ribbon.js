// Quotegate live ribbons: one ribbon per configured feed (GET /feeds), fed by ONE combined stream per
// browser, whatever the number of tabs: the tabs share it through a SharedWorker (ribbon/hub.js) or,
// where there is none, through the tab that holds the leader lock (Web Locks), which relays over a
// BroadcastChannel; when that tab closes, the next one takes the lock and the stream over.
// ?share=worker|leader|none forces a way (for tests). No framework, no build step.
'use strict';

(function () {
  const CHANNEL = 'quotegate-ribbon';
  const ribbons = new Map(); // feed -> state
  const shared = { mode: null, role: null, state: 'connecting', hub: null };
  window.quotegate = { ribbons, shared, deliver }; // for debugging and the browser tests

  function start() {
    fetch('/feeds', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('GET /feeds answered ' + r.status))))
      .then((list) => {
        const names = list.feeds.map((f) => f.name);
        list.feeds.forEach(addRibbon);
        links(list.feeds);
        setInterval(tick, 1000);
        share(names);
      })
      .catch(() => setTimeout(start, 2000));
  }

  function addRibbon(feed) {
    const el = document.getElementById('ribbon').content.firstElementChild.cloneNode(true);
    el.dataset.feed = feed.name;
    el.setAttribute('aria-label', title(feed.name));
    el.querySelector('h2').textContent = title(feed.name);
    document.getElementById('ribbons').appendChild(el);
    ribbons.set(feed.name, {
      feed: feed.name, el,
      list: el.querySelector('.quotes'),
      meta: el.querySelector('.meta'),
      markers: el.querySelector('.markers'),
      conn: el.querySelector('.conn'),
      cells: new Map(), // symbol -> { li, price, chg, age, badges, quote }
      snapshot: null,
      nextRefreshAt: null,
      updates: 0,
    });
  }

  function title(name) {
    return name.length <= 3 ? name.toUpperCase() : name.charAt(0).toUpperCase() + name.slice(1);
  }

  function links(feeds) {
    const span = document.getElementById('feed-links');
    span.replaceChildren();
    feeds.forEach((f, i) => {
      if (i > 0) span.append(' · ');
      const a = document.createElement('a');
      a.href = f.path;
      a.textContent = f.path;
      span.append(a);
    });
  }

  // One connection per browser: a SharedWorker, else a leader tab, else this tab alone.
  function share(names) {
    const forced = new URLSearchParams(location.search).get('share');
    const mode = forced || (window.SharedWorker ? 'worker' : navigator.locks && window.BroadcastChannel ? 'leader' : 'none');
    shared.mode = mode;
    if (mode === 'worker') {
      const worker = new SharedWorker('/ribbon/hub.js', { name: CHANNEL });
      worker.port.onmessage = (e) => deliver(e.data);
      worker.port.start();
      worker.port.postMessage({ type: 'hello', feeds: names });
      window.addEventListener('pagehide', () => worker.port.postMessage({ type: 'bye' }));
      shared.role = 'worker';
    } else if (mode === 'leader') {
      const channel = new BroadcastChannel(CHANNEL);
      shared.role = 'follower';
      channel.onmessage = (e) => {
        if (e.data && e.data.type === 'hello') {
          if (shared.hub) shared.hub.hello((m) => channel.postMessage(m));
        } else {
          deliver(e.data);
        }
      };
      // Held for as long as this tab lives; the next tab in line gets it when this one closes.
      navigator.locks.request(CHANNEL + '-leader', () => {
        shared.role = 'leader';
        shared.hub = window.QuotegateHub.createHub(names, (m) => {
          deliver(m);
          channel.postMessage(m);
        });
        return new Promise(() => {});
      });
      channel.postMessage({ type: 'hello' });
    } else {
      shared.role = 'alone';
      shared.hub = window.QuotegateHub.createHub(names, deliver);
    }
  }

  // A message from the hub, wherever it runs.
  function deliver(m) {
    if (!m) return;
    if (m.type === 'state') {
      shared.state = m.state;
      for (const r of ribbons.values()) setState(r);
    } else if (m.type === 'event' && (m.event === 'snapshot' || m.event === 'update')) {
      const r = ribbons.get(m.feed);
      if (r) receive(r, m.event, m.data);
    } else if (m.type === 'next') {
      const r = ribbons.get(m.feed);
      if (r) {
        r.nextRefreshAt = m.at;
        tick();
      }
    }
  }

  function setState(r) {
    const state = shared.state === 'live' && !r.snapshot ? 'connecting' : shared.state;
    r.el.dataset.state = state;
    r.conn.textContent = state;
  }

  function receive(r, type, data) {
    let snap;
    try {
      snap = JSON.parse(data);
    } catch (err) {
      return;
    }
    if (!snap || !Array.isArray(snap.data) || snap.feed !== r.feed) {
      return;
    }
    if (r.snapshot && typeof snap.version === 'number' && snap.version < r.snapshot.version) {
      return; // never go back in time
    }
    const previous = r.snapshot;
    r.snapshot = snap;
    if (type === 'update' && (!previous || previous.version !== snap.version)) {
      r.updates++;
    }
    r.el.dataset.version = String(snap.version);
    r.el.dataset.updates = String(r.updates);
    setState(r);
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
      const chg = q.change == null ? NaN : Number(q.change);
      const pct = q.changePercent == null ? NaN : Number(q.changePercent);
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
      cell.li.title = q.symbol + ' · source ' + (q.source || '?') + (q.asOf ? ' · as of ' + q.asOf : '')
        + (q.bid != null && q.ask != null ? ' · bid ' + q.bid + ' / ask ' + q.ask : '');
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
      if (r.nextRefreshAt) {
        const due = Date.parse(r.nextRefreshAt) - now;
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
