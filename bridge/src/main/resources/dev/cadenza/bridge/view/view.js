// Cadenza's live view: a piano roll that scrolls with the stream, the knobs, the stream's health.
// The server sends one small JSON message a step (see ViewFeed); knobs send {"set"} / {"press"}.
'use strict';

(function () {
  const NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
  const BLACK = [1, 3, 6, 8, 10];
  const WINDOW_BARS = 4;
  const KEYS_WIDTH = 44;
  const RULER = 20;
  const token = new URLSearchParams(location.search).get('token') || '';

  const state = {
    hello: null,
    position: 0,      // steps, as last told
    positionAt: 0,    // performance.now() when told
    bpm: 120,
    sounding: new Map(), // "who:pitch" -> {who, pitch, velocity, start}
    notes: [],        // ended: {who, pitch, velocity, start, end}
    controls: {},
    health: {},
    messages: 0,
    errors: [],
  };

  // what the page holds, for people debugging and for the browser test
  window.cadenzaView = {
    state,
    /** Every note drawn so far, ended or sounding: [who, pitch, start, end or null]. */
    notes() {
      const out = state.notes.map(n => [n.who, n.pitch, n.start, n.end]);
      for (const n of state.sounding.values()) out.push([n.who, n.pitch, n.start, null]);
      return out;
    },
    position: () => now(),
  };

  const canvas = document.getElementById('roll');
  const ctx = canvas.getContext('2d');
  const status = document.getElementById('status');
  let socket = null;

  function connect() {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/socket?token='
      + encodeURIComponent(token));
    socket.onopen = () => { status.textContent = 'live'; status.className = ''; };
    socket.onclose = () => {
      status.textContent = 'connection lost: retrying…';
      status.className = 'lost';
      setTimeout(connect, 1000);
    };
    socket.onmessage = e => receive(JSON.parse(e.data));
  }

  function receive(m) {
    state.messages++;
    if (m.hello) {
      state.hello = m.hello;
      state.sounding.clear();
      state.notes = [];
      document.getElementById('title').textContent = m.hello.title;
      document.body.classList.toggle('keyboard', m.hello.keyboard);
      setUpKnobs();
      // the tempo knob shows the tempo; it sets it only where the tempo is Cadenza's (not a followed clock's)
      knobs.tempo.el.classList.toggle('fixed', !m.hello.tempo);
    }
    if (m.n) {
      for (const [who, pitch, velocity, at] of m.n) note(who, pitch, velocity, at);
    }
    if (m.s !== undefined) {
      state.position = m.s;
      state.positionAt = performance.now();
      if (m.bpm > 0) state.bpm = m.bpm;
    }
    if (m.c) showControls(m.c);
    if (m.h) showHealth(m.h);
    if (m.error) state.errors.push(m.error);
  }

  function note(who, pitch, velocity, at) {
    const key = who + ':' + pitch;
    const open = state.sounding.get(key);
    if (open) { // a note-off, or a new onset of the same pitch, ends the sounding one
      open.end = Math.max(at, open.start);
      state.notes.push(open);
      state.sounding.delete(key);
    }
    if (velocity > 0) state.sounding.set(key, {who, pitch, velocity, start: at, end: null});
    if (state.notes.length > 20000) state.notes.splice(0, 5000);
  }

  /** Where the stream is now, in steps: the last position told, run on at the tempo for at most two steps. */
  function now() {
    if (!state.hello) return 0;
    const stepsPerMs = state.bpm * state.hello.stepsPerQuarter / 60000;
    return state.position + Math.min(2, Math.max(0, (performance.now() - state.positionAt) * stepsPerMs));
  }

  function draw() {
    requestAnimationFrame(draw);
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const hello = state.hello;
    if (!hello) return;
    const spq = hello.stepsPerQuarter;
    const bar = 4 * spq;
    const span = WINDOW_BARS * bar;
    const pos = now();
    const left = Math.max(0, pos - span * 0.75); // the present three quarters across
    const pitches = hello.high - hello.low + 1;
    const rowH = (h - RULER) / pitches;
    const stepW = (w - KEYS_WIDTH) / span;
    const x = s => KEYS_WIDTH + (s - left) * stepW;
    const y = p => RULER + (hello.high - p) * rowH;

    // rows: black keys darker, C rows marked
    for (let p = hello.low; p <= hello.high; p++) {
      const pc = p % 12;
      ctx.fillStyle = BLACK.includes(pc) ? '#0c0d10' : '#14161b';
      ctx.fillRect(KEYS_WIDTH, y(p), w - KEYS_WIDTH, rowH);
      if (pc === 0) {
        ctx.fillStyle = '#262a33';
        ctx.fillRect(KEYS_WIDTH, y(p) + rowH - 1, w - KEYS_WIDTH, 1);
      }
    }
    // beats and bars, numbered
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let s = Math.ceil(left / spq) * spq; s <= left + span; s += spq) {
      const isBar = s % bar === 0;
      ctx.fillStyle = isBar ? '#3a404c' : '#22262e';
      ctx.fillRect(x(s), RULER, 1, h - RULER);
      ctx.fillStyle = isBar ? '#c8ccd4' : '#6b7180';
      const label = isBar ? String(s / bar + 1) : (s / bar + 1 | 0) + '.' + ((s % bar) / spq + 1);
      ctx.fillText(label, x(s) + 3, RULER / 2);
    }
    // notes
    const draw1 = (n, end) => {
      if (end < left || n.start > left + span) return;
      ctx.fillStyle = n.who === 0 ? '#4aa3ff' : '#ffa53d';
      ctx.globalAlpha = 0.55 + 0.45 * Math.min(1, (n.velocity || 90) / 127);
      const x0 = Math.max(KEYS_WIDTH, x(n.start));
      ctx.fillRect(x0, y(n.pitch) + 1, Math.max(2, x(end) - x0 - 1), Math.max(2, rowH - 2));
      ctx.globalAlpha = 1;
    };
    for (const n of state.notes) draw1(n, n.end);
    for (const n of state.sounding.values()) draw1(n, Math.max(pos, n.start + 0.5));
    // now
    ctx.fillStyle = '#ff4d6d';
    ctx.fillRect(x(pos) - 1, RULER, 2, h - RULER);
    // the keyboard, with pitch names
    for (let p = hello.low; p <= hello.high; p++) {
      const pc = p % 12;
      ctx.fillStyle = BLACK.includes(pc) ? '#2a2d35' : '#d9dce2';
      ctx.fillRect(0, y(p), KEYS_WIDTH - 2, rowH - (rowH > 4 ? 1 : 0));
      if (pc === 0 || rowH >= 11) {
        ctx.fillStyle = BLACK.includes(pc) ? '#d9dce2' : '#20232a';
        ctx.font = Math.min(11, Math.max(8, rowH - 1)) + 'px system-ui, sans-serif';
        ctx.fillText(NAMES[pc] + (Math.floor(p / 12) - 1), 3, y(p) + rowH / 2);
      }
    }
    ctx.fillStyle = '#101216';
    ctx.fillRect(0, 0, KEYS_WIDTH, RULER);
  }

  // knobs: drag up or down (or the mouse wheel); each value sent at most every 50 ms
  const KNOBS = {
    temperature: {to: x => 0.25 * Math.pow(16, x), from: v => Math.log(v / 0.25) / Math.log(16), show: v => v.toFixed(2)},
    density: {to: x => -4 + 8 * x, from: v => (v + 4) / 8, show: v => (v >= 0 ? '+' : '') + v.toFixed(1)},
    gibbs: {to: x => Math.round(1 + 399 * x * x), from: v => Math.sqrt((v - 1) / 399), show: v => String(v)},
    key: {to: x => Math.min(11, Math.floor(x * 12)), from: v => (v + 0.5) / 12, show: v => NAMES[v]},
    tempo: {to: x => Math.round(40 + 200 * x), from: v => (v - 40) / 200, show: v => Math.round(v) + ' BPM'},
    scale: {to: x => Math.min(state.hello.scales.length - 1, Math.floor(x * state.hello.scales.length)),
      from: v => (v + 0.5) / state.hello.scales.length, show: v => state.hello.scales[v]},
  };
  const knobs = {};

  function setUpKnobs() {
    for (const el of document.querySelectorAll('.knob')) {
      const name = el.dataset.control;
      if (knobs[name]) continue;
      el.innerHTML = '<div class="dial"><div class="pointer"></div></div><div class="value"></div><div class="name">'
        + el.dataset.label + '</div>';
      const k = {el, x: 0.5, dragging: false, sent: 0, pending: null};
      knobs[name] = k;
      let startY = 0, startX = 0;
      el.addEventListener('pointerdown', e => {
        if (el.classList.contains('fixed')) return;
        k.dragging = true; startY = e.clientY; startX = k.x;
        el.setPointerCapture(e.pointerId);
      });
      el.addEventListener('pointermove', e => {
        if (!k.dragging) return;
        turn(name, startX + (startY - e.clientY) / 150);
      });
      const release = () => { k.dragging = false; flush(name); };
      el.addEventListener('pointerup', release);
      el.addEventListener('pointercancel', release);
      el.addEventListener('wheel', e => { e.preventDefault(); if (el.classList.contains('fixed')) return; turn(name, k.x - Math.sign(e.deltaY) * 0.02); flush(name); });
    }
  }

  function turn(name, x) {
    const k = knobs[name];
    k.x = Math.min(1, Math.max(0, x));
    const value = KNOBS[name].to(k.x);
    paintKnob(name, value);
    k.pending = name === 'scale' ? state.hello.scales[value] : value;
    if (performance.now() - k.sent > 50) flush(name);
  }

  function flush(name) {
    const k = knobs[name];
    if (k.pending === null || !socket || socket.readyState !== 1) return;
    socket.send(JSON.stringify({set: name, value: k.pending}));
    k.pending = null;
    k.sent = performance.now();
  }

  function paintKnob(name, value) {
    const k = knobs[name];
    k.el.querySelector('.pointer').style.transform = 'rotate(' + (-135 + 270 * k.x) + 'deg)';
    k.el.querySelector('.value').textContent = KNOBS[name].show(value);
  }

  function showControls(c) {
    state.controls = c;
    if (!state.hello) return;
    const values = {temperature: c.temperature, density: c.density, gibbs: c.gibbs, key: c.key,
      scale: Math.max(0, state.hello.scales.indexOf(c.scale)), tempo: c.tempo};
    for (const name in values) {
      const k = knobs[name];
      if (!k || k.dragging) continue;
      k.x = Math.min(1, Math.max(0, KNOBS[name].from(values[name])));
      paintKnob(name, values[name]);
    }
    document.getElementById('mute').setAttribute('aria-pressed', String(c.muted));
    document.getElementById('loop').setAttribute('aria-pressed', String(c.looping));
  }

  function showHealth(h) {
    state.health = h;
    document.getElementById('health').textContent = 'steps ' + h.steps + ' · held (late) ' + h.late
      + ' · late note-ons dropped ' + h.dropped + ' · model ' + h.modelMs.toFixed(2) + ' ms/step · timing p99 '
      + h.p99Ms.toFixed(2) + ' ms · view messages dropped ' + h.viewDropped;
  }

  const send = m => { if (socket && socket.readyState === 1) socket.send(JSON.stringify(m)); };
  document.getElementById('mute').onclick = () => send({set: 'muted', value: !state.controls.muted});
  document.getElementById('loop').onclick = () => send({set: 'looping', value: !state.controls.looping});
  for (const id of ['restart', 'panic', 'end-call', 'reroll']) {
    document.getElementById(id).onclick = () => send({press: id});
  }

  connect();
  requestAnimationFrame(draw);
})();
