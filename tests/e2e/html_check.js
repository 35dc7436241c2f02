'use strict';
// html_check.js -- click the HTML report's filters in headless Chromium.
//
//   node html_check.js CHROMIUM REPORT.html REPORT.json
//
// Drives Chromium through the DevTools protocol over
// --remote-debugging-pipe (JSON messages ending in NUL, written to its fd
// 3 and read from its fd 4), so no Playwright, no WebSocket and no network
// port are needed. Loads the report, then uses the filters as a person
// would: picks a status, a severity and a tag in the selects, clicks a
// status card and the Reset button, and after each step compares the
// rules left visible with what the JSON report says. Exits 0 when every
// step matched, 1 with the first difference otherwise.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [chromium, htmlPath, jsonPath] = process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-cdp-'));
const child = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-extensions',
  '--remote-debugging-pipe', '--user-data-dir=' + profile, 'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const toBrowser = child.stdio[3];
const fromBrowser = child.stdio[4];
// Chromium closing its end while it shuts down resets the pipe: an
// 'error' no one listened for would end node with a throw after every
// check had passed. Before the end it is a failure like any other.
let closing = false;
[toBrowser, fromBrowser].forEach((s) => s.on('error', (e) => {
  if (!closing) finish(1, 'html_check.js: pipe: ' + e.message);
}));

let nextId = 0;
let buf = '';
const pending = new Map();
const listeners = [];

fromBrowser.setEncoding('utf8');
fromBrowser.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(JSON.stringify(msg.error)));
      else p.resolve(msg.result);
    } else if (msg.method) {
      listeners.slice().forEach((l) => l(msg));
    }
  }
});

function send(method, params, sessionId) {
  const msg = { id: ++nextId, method, params: params || {} };
  if (sessionId) msg.sessionId = sessionId;
  toBrowser.write(JSON.stringify(msg) + '\0');
  return new Promise((resolve, reject) => {
    pending.set(msg.id, { resolve, reject });
  });
}

function once(method) {
  return new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method !== method) return;
      listeners.splice(listeners.indexOf(l), 1);
      resolve(msg);
    };
    listeners.push(l);
  });
}

// Stop Chromium, and remove its profile once it has stopped writing there.
let finished = false;
function finish(code, message) {
  if (finished) return;
  finished = true;
  closing = true;
  if (message) console.log(message);
  const done = () => {
    try {
      fs.rmSync(profile, { recursive: true, force: true });
    } catch (e) { /* a leftover temp dir does not fail the test */ }
    process.exit(code);
  };
  if (child.exitCode !== null || child.signalCode !== null) done();
  child.on('exit', done);
  child.kill();
}

// Evaluate EXPR in the page (a promise is awaited), return its value.
async function evaluate(session, expr) {
  const r = await send('Runtime.evaluate', {
    expression: expr, returnByValue: true, awaitPromise: true,
  }, session);
  if (r.exceptionDetails) {
    throw new Error(expr + ': ' + JSON.stringify(r.exceptionDetails));
  }
  return r.result.value;
}

// After ACTION has run, let events settle, then list the visible rules.
const visible = `new Promise((done) => setTimeout(() => done({
  ids: Array.prototype.filter.call(document.querySelectorAll('details.rule'),
    (r) => !r.hidden).map((r) => r.querySelector('summary code').textContent),
  shown: Number(document.getElementById('shown').textContent),
  hash: location.hash,
}), 50))`;

function choose(id, value) {
  return `(() => { const s = document.getElementById(${JSON.stringify(id)});
    s.value = ${JSON.stringify(value)};
    s.dispatchEvent(new Event('change')); })()`;
}

function expectIds(pred) {
  return report.results.filter(pred).map((r) => r.rule).sort();
}

async function step(session, name, action, want, wantHash) {
  await evaluate(session, action);
  const got = await evaluate(session, visible);
  const ids = got.ids.slice().sort();
  if (JSON.stringify(ids) !== JSON.stringify(want)) {
    throw new Error(`${name}: visible ${JSON.stringify(ids)}, ` +
      `expected ${JSON.stringify(want)}`);
  }
  if (got.shown !== want.length) {
    throw new Error(`${name}: "shown" says ${got.shown}, ` +
      `expected ${want.length}`);
  }
  if (wantHash !== undefined && got.hash !== wantHash) {
    throw new Error(`${name}: fragment ${got.hash}, expected ${wantHash}`);
  }
  console.log(`ok: ${name}: ${ids.length} rules visible`);
}

async function main() {
  const { targetId } = await send('Target.createTarget',
    { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget',
    { targetId, flatten: true });
  await send('Page.enable', {}, sessionId);
  const loaded = once('Page.loadEventFired');
  await send('Page.navigate',
    { url: 'file://' + path.resolve(htmlPath) }, sessionId);
  await loaded;

  const all = expectIds(() => true);
  const tag = 'content';
  await step(sessionId, 'no filter', '0', all);
  await step(sessionId, 'status fail', choose('f-status', 'fail'),
    expectIds((r) => r.status === 'fail'), '#status=fail');
  await step(sessionId, 'status fail + severity critical',
    choose('f-severity', 'critical'),
    expectIds((r) => r.status === 'fail' && r.severity === 'critical'),
    '#status=fail&severity=critical');
  await step(sessionId, 'reset',
    "document.getElementById('f-reset').click()", all, '');
  await step(sessionId, 'tag ' + tag, choose('f-tag', tag),
    expectIds((r) => r.tags.indexOf(tag) >= 0), '#tag=' + tag);
  await step(sessionId, 'click the Pass card',
    "document.querySelector('a.card.pass').click()",
    expectIds((r) => r.status === 'pass'), '#status=pass');
  closing = true;
  send('Browser.close').catch(() => {});
}

setTimeout(() => finish(1, 'html_check.js: timed out'), 60000).unref();
child.on('error', (e) => finish(1, 'html_check.js: ' + e.message));
main().then(() => finish(0), (e) => finish(1, 'html_check.js: ' +
  e.message));
