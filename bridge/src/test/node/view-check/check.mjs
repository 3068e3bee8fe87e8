// Opens Cadenza's live view in headless Chromium (Debian's, through playwright-core: no download),
// as two browsers, turns knobs and presses a button on the first, and prints what both pages hold
// as one JSON object. Used by the bridge's LiveViewBrowserTest.
//
//   node check.mjs URL SCREENSHOT.png [CHROMIUM]
import { chromium } from 'playwright-core';

const [url, screenshot, executable] = process.argv.slice(2);
const wrong = url.replace(/token=[0-9a-f]+/, 'token=0123456789abcdef0123456789abcdef');
const browser = await chromium.launch({
  executablePath: executable || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const result = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const a = await context.newPage();
  const errors = [];
  a.on('pageerror', e => errors.push(String(e)));
  await a.goto(url);
  await a.waitForFunction(() => window.cadenzaView && window.cadenzaView.state.hello
    && window.cadenzaView.notes().length > 20, null, { timeout: 20000 });

  // the knob: drag Gibbs steps down to its lowest
  const dial = await a.locator('.knob[data-control="gibbs"] .dial').boundingBox();
  await a.mouse.move(dial.x + dial.width / 2, dial.y + dial.height / 2);
  await a.mouse.down();
  await a.mouse.move(dial.x + dial.width / 2, dial.y + dial.height / 2 + 200, { steps: 8 });
  await a.mouse.up();
  result.knobShown = await a.locator('.knob[data-control="gibbs"] .value').textContent();
  await a.waitForFunction(() => window.cadenzaView.state.controls.gibbs === 1, null, { timeout: 5000 });
  result.turnedAt = await a.evaluate(() => window.cadenzaView.position());
  // a button: mute, then the page shows it pressed once the stream says so
  await a.click('#mute');
  await a.waitForFunction(() => window.cadenzaView.state.controls.muted === true, null, { timeout: 5000 });
  await a.click('#mute');
  await a.waitForFunction(() => window.cadenzaView.state.controls.muted === false, null, { timeout: 5000 });

  // a knob turned elsewhere (the test turns density, as a MIDI knob or a terminal key would) moves on the page
  await a.waitForFunction(() => window.cadenzaView.state.controls.density === 1.5, null, { timeout: 10000 });
  result.densityShown = await a.locator('.knob[data-control="density"] .value').textContent();
  result.tempoShown = await a.locator('.knob[data-control="tempo"] .value').textContent();

  // a second browser joins later and must hold the same roll
  const b = await context.newPage();
  await b.goto(url);
  await b.waitForFunction(() => window.cadenzaView && window.cadenzaView.state.hello
    && window.cadenzaView.notes().length > 0, null, { timeout: 20000 });
  await a.waitForTimeout(1500);
  result.a = await a.evaluate(() => ({ notes: window.cadenzaView.notes(), position: window.cadenzaView.position(),
    health: window.cadenzaView.state.health, controls: window.cadenzaView.state.controls,
    title: document.getElementById('title').textContent }));
  result.b = await b.evaluate(() => ({ notes: window.cadenzaView.notes(), position: window.cadenzaView.position() }));
  result.pixels = await a.evaluate(() => {
    // what the canvas shows: how many pixels have the model's colour
    const c = document.getElementById('roll');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let model = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 110 && d[i + 1] > 120 && d[i + 2] > 200) model++;
    return model;
  });
  await a.screenshot({ path: screenshot });

  // the tempo knob: three notches of the wheel up, 4 BPM each, reach the stream's clock
  await a.locator('.knob[data-control="tempo"]').hover();
  for (let i = 0; i < 3; i++) await a.mouse.wheel(0, -100);
  await a.waitForFunction(() => window.cadenzaView.state.controls.tempo === 162, null, { timeout: 5000 });
  result.tempoTurned = await a.locator('.knob[data-control="tempo"] .value').textContent();
  result.errors = errors;

  // a wrong token gets nothing but 403
  const refused = await context.newPage();
  const response = await refused.goto(wrong);
  result.wrongTokenStatus = response.status();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
