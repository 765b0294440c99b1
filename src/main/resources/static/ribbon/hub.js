// Quotegate ribbon hub: the one connection a browser keeps for all its tabs of the page.
// One EventSource on the combined stream (/stream?feeds=...), the latest snapshot per feed, and each
// feed's next refresh (the Next-Refresh-At header of a HEAD read after each version). It runs in a
// SharedWorker (one per browser and origin), or, where there is none, in the tab that leads (ribbon.js).
// It talks to the tabs in messages:
//   to tabs:   { type: 'state', state }                         'connecting' | 'live' | 'reconnecting'
//              { type: 'event', event, feed, data }              event 'snapshot' | 'update' | 'warning'
//              { type: 'next', feed, at }                        at: ISO-8601 instant
//   from tabs: { type: 'hello' }                                 a tab that wants the current state
'use strict';

(function (scope) {
  const RETRY_MIN_MS = 1000;
  const RETRY_MAX_MS = 30000;

  // post(message): send to every tab. feeds: the feed names. Returns { hello(reply), close() }.
  function createHub(feeds, post) {
    const latest = new Map(); // feed -> { event, data }
    const next = new Map(); // feed -> ISO instant
    let state = 'connecting';
    let source = null;
    let retryMs = RETRY_MIN_MS;
    let retryTimer = null;
    let closed = false;

    function setState(s) {
      state = s;
      post({ type: 'state', state });
    }

    function connect() {
      clearTimeout(retryTimer);
      if (source) {
        source.close();
      }
      const es = new EventSource('/stream?feeds=' + feeds.map(encodeURIComponent).join(','));
      source = es;
      es.onopen = () => {
        retryMs = RETRY_MIN_MS;
        setState('live');
      };
      ['snapshot', 'update'].forEach((type) => es.addEventListener(type, (e) => receive(type, e.data)));
      es.addEventListener('warning', (e) => post({ type: 'event', event: 'warning', feed: null, data: e.data }));
      es.onerror = () => {
        setState(latest.size ? 'reconnecting' : 'connecting');
        if (es.readyState === EventSource.CLOSED && !closed) {
          // The browser gave up (e.g. a 503 while the feeds warm up): try again with backoff.
          es.close();
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        } // CONNECTING: the browser reconnects by itself, with Last-Event-ID, after the server's retry:
      };
    }

    function receive(type, data) {
      let feed;
      try {
        feed = JSON.parse(data).feed;
      } catch (err) {
        return;
      }
      latest.set(feed, { event: type, data });
      post({ type: 'event', event: type, feed, data });
      nextRefresh(feed);
    }

    // The next slot is no part of a version: a HEAD read answers it in Next-Refresh-At.
    function nextRefresh(feed) {
      fetch('/' + encodeURIComponent(feed), { method: 'HEAD', cache: 'no-store' })
        .then((r) => {
          const at = r.headers.get('Next-Refresh-At');
          if (at) {
            next.set(feed, at);
            post({ type: 'next', feed, at });
          }
        })
        .catch(() => {});
    }

    connect();
    return {
      // Everything a tab that just joined needs, through reply(message).
      hello(reply) {
        reply({ type: 'state', state });
        for (const [feed, last] of latest) {
          reply({ type: 'event', event: 'snapshot', feed, data: last.data });
        }
        for (const [feed, at] of next) {
          reply({ type: 'next', feed, at });
        }
      },
      close() {
        closed = true;
        clearTimeout(retryTimer);
        if (source) {
          source.close();
        }
      },
    };
  }

  scope.QuotegateHub = { createHub };

  // As a SharedWorker: each tab connects a port and says hello with the feeds it shows.
  if (typeof SharedWorkerGlobalScope !== 'undefined' && scope instanceof SharedWorkerGlobalScope) {
    const ports = new Set();
    let hub = null;
    let hubFeeds = '';
    scope.onconnect = (e) => {
      const port = e.ports[0];
      ports.add(port);
      port.onmessage = (m) => {
        const msg = m.data || {};
        if (msg.type === 'hello') {
          // A tab loaded after the service's feeds changed (a feed added) asks for other feeds: the stream follows.
          const feeds = (msg.feeds || []).join(',');
          if (!hub || feeds !== hubFeeds) {
            if (hub) hub.close();
            hubFeeds = feeds;
            hub = createHub(msg.feeds, (out) => ports.forEach((p) => p.postMessage(out)));
          }
          hub.hello((out) => port.postMessage(out));
        } else if (msg.type === 'bye') {
          ports.delete(port);
        }
      };
      port.start();
    };
  }
})(self);
