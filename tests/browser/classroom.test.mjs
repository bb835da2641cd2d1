// The classroom in a real browser: Debian's chromium driven by puppeteer-core (web/, npm ci).
//
// Starts analysis/classroom.py on a free local port, plays a quarter, checks the page's numbers
// (orders so far, the quarter's branches per tier) against a separate `orgsim run` of the same
// seed read with the project's Python reader, plays on with the play button and pauses, plays
// to the year's end (orders, incubated, tiers against that run's JSON summary); at each stop
// and after the re-run the daily-orders chart (its ECharts option) holds as many points as
// days played, the last one that day's orders in the run file, dated, and is not animated.
// Gives the threshold a bad value (validate's message next to the control), moves the
// threshold and re-runs (fingerprint and incubated equal those of `orgsim run --set
// incubation.threshold=...`; the changes are listed), clicks a branch and finds its story
// (dated: the default scenario has a start date, and so does the clock).
// Throughout: no request outside localhost, no console error, no page error.
// Screenshots: build/classroom.png (1400x900) and build/classroom-phone.png (390x844).
//
// Exit 0 passed, 1 failed, 77 (ctest: skipped) only when chromium is not installed.
// Environment (set by ctest): ORGSIM_BINARY, ORGSIM_SOURCE_DIR.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = process.env.ORGSIM_SOURCE_DIR
  || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORGSIM = process.env.ORGSIM_BINARY || path.join(SOURCE, 'build', 'orgsim');
const BUILD = path.dirname(path.resolve(ORGSIM));
const PYTHON = '/usr/bin/python3';
const SEED = 1;
const THRESHOLD = '0.85';

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`]).toString().trim();
  } catch {
    return null;
  }
}
const CHROMIUM = which('chromium');
if (!CHROMIUM) {
  console.error('SKIP: chromium is not installed (scripts/install-deps installs it)');
  process.exit(77);
}
const require = createRequire(path.join(SOURCE, 'web', 'package.json'));
let puppeteer;
try {
  puppeteer = require('puppeteer-core');
} catch {
  console.error('FAIL: puppeteer-core is not installed in web/: run scripts/install-deps (npm ci)');
  process.exit(1);
}

let failures = 0;
function check(ok, what, detail) {
  if (ok) console.log(`ok   ${what}`);
  else { failures++; console.log(`FAIL ${what}${detail === undefined ? '' : ': ' + detail}`); }
}
function equal(actual, expected, what) {
  check(JSON.stringify(actual) === JSON.stringify(expected), what,
        `page ${JSON.stringify(actual)}, run file ${JSON.stringify(expected)}`);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'orgsim-classroom-test-'));
function runYear(settings) {
  const file = path.join(tmp, `run-${Object.keys(settings).length}.h5`);
  const args = ['run', '--seed', String(SEED), '--quiet', '--json', '-o', file, '--force'];
  for (const [k, v] of Object.entries(settings)) args.push('--set', `${k}=${v}`);
  return { file, summary: JSON.parse(execFileSync(ORGSIM, args).toString()) };
}
// the run's start date (run.start_date, day 0), from the run file's parameters
function startDate(file) {
  const code = 'import sys, orgsim_results as r\n'
    + 'print(r.meta(sys.argv[1])["params"].get("run.start_date", "none"))';
  return execFileSync(PYTHON, ['-c', code, file],
    { env: { ...process.env, PYTHONPATH: path.join(SOURCE, 'analysis') } }).toString().trim();
}
// "4月1日 周一": the date `day` days after `start` (YYYY-MM-DD), as the narration writes it
function zhDate(start, day) {
  const [y, m, d] = start.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + day));
  return `${date.getUTCMonth() + 1}月${date.getUTCDate()}日 周${'日一二三四五六'[date.getUTCDay()]}`;
}
// "4月1日": the same without the weekday (the daily chart's axis)
const zhAxisDate = (start, day) => zhDate(start, day).split(' ')[0];
// orders placed before the end of `day`, from the run file (the project's Python reader)
function ordersBefore(file, day) {
  const code = 'import sys, orgsim_results as r\n'
    + 'o = r.orders(sys.argv[1]); print(int((o["created_h"] < float(sys.argv[2]) * 24).sum()))';
  return Number(execFileSync(PYTHON, ['-c', code, file, String(day)],
    { env: { ...process.env, PYTHONPATH: path.join(SOURCE, 'analysis') } }).toString());
}
// orders placed on day `day` of the run (0-based), from the run file
function ordersOn(file, day) {
  const code = 'import sys, orgsim_results as r\n'
    + 'o = r.orders(sys.argv[1]); h = o["created_h"] / 24; d = float(sys.argv[2])\n'
    + 'print(int(((h >= d) & (h < d + 1)).sum()))';
  return Number(execFileSync(PYTHON, ['-c', code, file, String(day)],
    { env: { ...process.env, PYTHONPATH: path.join(SOURCE, 'analysis') } }).toString());
}

async function startClassroom() {
  const child = spawn(PYTHON, [path.join(SOURCE, 'analysis', 'classroom.py'), '--port', '0',
                               '--seed', String(SEED), '--orgsim', ORGSIM],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the classroom did not start: ' + err)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /classroom: (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`the classroom exited ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

const cell = (page, key) => cellOf(page, 'base', key);
async function cellOf(page, role, key) {
  return page.$eval(`.year[data-role="${role}"] td[data-key="${key}"]`, (e) => e.textContent)
    .catch(() => null);
}
// what the daily-orders chart of a year's panel holds, read from its ECharts instance: the
// points of each series (one a source), the last points' sum (that day's orders), the last
// point's label on the x axis, and whether the chart animates
async function ordersChart(page, role) {
  return page.$eval(`.year[data-role="${role}"] [data-chart="orders"]`, (div) => {
    const option = echarts.getInstanceByDom(div).getOption();
    const points = option.series.map((s) => s.data.length);
    const n = Math.max(...points);
    return { points, n, last: option.series.reduce((acc, s) => acc + (s.data[n - 1] || 0), 0),
             label: String(option.xAxis[0].data[n - 1]), animation: option.animation };
  });
}
// the chart of `role` holds `day` days: as many points as days played in every series, the
// last one the run file's orders of that day, labelled with its date; drawn without animation
async function checkOrdersChart(page, role, file, start, day, what) {
  const chart = await ordersChart(page, role);
  check(chart.points.length > 0 && chart.points.every((n) => n === day),
        `${what}: the daily-orders chart holds ${day} days in each series`, chart.points);
  equal(chart.last, ordersOn(file, day - 1), `${what}: its last point is that day's orders`);
  equal(chart.label, zhAxisDate(start, day - 1), `${what}: its last point is dated`);
  check(chart.animation === false, `${what}: the chart is not animated`, chart.animation);
}
const waitStatus = (page, status) => page.waitForSelector(`body[data-status="${status}"]`,
                                                          { timeout: 30000 });

const started = Date.now();
const base = runYear({});
const classroom = await startClassroom();
const host = new URL(classroom.url).host;
const browser = await puppeteer.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const outside = [];
const errors = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.on('request', (r) => {
    const u = new URL(r.url());
    const local = u.protocol === 'data:' || u.protocol === 'blob:' || u.host === host;
    if (!local) outside.push(r.url());
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('page: ' + e.message));
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));

  await page.goto(classroom.url, { waitUntil: 'load' });
  await waitStatus(page, 'ready');
  equal(await page.$eval('.year[data-role="base"] [data-key="fingerprint"]', (e) => e.textContent),
        base.summary.fingerprint, 'the page shows the fingerprint of orgsim run --seed 1');
  const href = await page.$eval('.year[data-role="base"] a[data-key="download"]', (e) => e.href);
  const download = await page.evaluate(async (u) => {
    const r = await fetch(u);
    const b = new Uint8Array(await r.arrayBuffer());
    return [r.status, r.headers.get('content-disposition'), Array.from(b.slice(0, 8))];
  }, href);
  check(download[0] === 200 && /attachment/.test(download[1])
        && download[2].join(',') === '137,72,68,70,13,10,26,10', 'the run file downloads (HDF5)');

  // play a quarter: step to the first quarter's end
  await page.click('#step-quarter');
  const day = Number(await page.$eval('body', (b) => b.getAttribute('data-day')));
  check(day >= 91 && day <= 92, 'a quarter played', day);
  // the default scenario names day 0 (run.start_date): the clock shows the date
  const start = startDate(base.file);
  check(/^\d{4}-\d\d-\d\d$/.test(start), 'the run file has a start date', start);
  const clock = await page.$eval('#clock', (e) => e.textContent);
  check(clock.includes(zhDate(start, day)) && clock.includes(`第${day}天`),
        'the clock shows the date and the day', `${clock} / ${zhDate(start, day)}`);
  equal(Number(await cell(page, 'orders.total')), ordersBefore(base.file, day),
        `orders placed in the first ${day} days`);
  await checkOrdersChart(page, 'base', base.file, start, day, 'a quarter played');
  const q1 = base.summary.tiers[0];
  const tiersOnPage = [];
  for (let i = 0; i < q1.branches_per_tier.length; i++) {
    tiersOnPage.push(Number(await cell(page, `tiers.${q1.quarter}.tier.${i}`)));
  }
  equal(tiersOnPage, q1.branches_per_tier, 'the first quarter\'s branches per tier');
  check((await page.$eval('.year[data-role="base"] [data-key="luck"]', (e) => e.textContent))
          .includes(String(q1.changed_by_noise)),
        'the luck view names the branches the error moved');

  // play on: a few days with the play button, then to the year's end
  await page.select('#speed', '30');
  await page.click('#play');
  await page.waitForFunction((d) => Number(document.body.getAttribute('data-day')) > d + 2,
                             { timeout: 10000 }, day);
  await page.click('#play');
  const paused = Number(await page.$eval('body', (b) => b.getAttribute('data-day')));
  await checkOrdersChart(page, 'base', base.file, start, paused, `played to day ${paused}`);
  for (let i = 0; i < 4; i++) await page.click('#step-quarter');
  equal(Number(await cell(page, 'orders.total')), base.summary.orders.total, 'orders in the year');
  await checkOrdersChart(page, 'base', base.file, start, base.summary.days, 'the year');
  equal(Number(await cell(page, 'incubation.incubated')), base.summary.incubation.incubated,
        'organizations incubated');
  const last = base.summary.tiers[base.summary.tiers.length - 1];
  equal(Number(await cell(page, `tiers.${last.quarter}.tier.0`)), last.branches_per_tier[0],
        'the last quarter\'s top tier');

  // a bad threshold: validate's message next to the control, nothing run
  const validate = (() => {
    try {
      execFileSync(ORGSIM, ['validate', path.join(SOURCE, 'scenarios', 'ouhai.ini'), '--set',
                            'incubation.threshold=2'], { stdio: 'pipe' });
      return '';
    } catch (e) { return e.stderr.toString().split('\n')[0]; }
  })();
  const field = '#rule-incubation\\.threshold';
  await page.$eval(field, (e) => { e.value = ''; });
  await page.type(field, '2');
  await page.click('#rerun');
  await waitStatus(page, 'refused');
  const problem = await page.$eval('.problem[data-for="incubation.threshold"]',
                                   (e) => e.textContent);
  check(validate !== '' && problem.includes(validate), 'a threshold of 2 gets validate\'s message',
        `${problem} / ${validate}`);

  // move the threshold: the same seed re-run, side by side
  await page.$eval(field, (e) => { e.value = ''; });
  await page.type(field, THRESHOLD);
  await page.click('#rerun');
  await waitStatus(page, 'ready');
  const moved = runYear({ 'incubation.threshold': THRESHOLD });
  equal(await page.$eval('.year[data-role="changed"] [data-key="fingerprint"]',
                         (e) => e.textContent),
        moved.summary.fingerprint, 'the re-run\'s fingerprint equals orgsim run --set threshold');
  equal(Number(await cellOf(page, 'changed', 'incubation.incubated')),
        moved.summary.incubation.incubated, 'incubated under the moved threshold');
  equal(Number(await cellOf(page, 'base', 'incubation.incubated')),
        base.summary.incubation.incubated, 'the first year is still shown beside it');
  const changedOrgs = await page.$$eval('[data-key="changes.orgs"] li[data-org]', (l) => l.length);
  equal(changedOrgs >= base.summary.incubation.incubated - moved.summary.incubation.incubated, true,
        'the organizations that changed fate are listed');
  // the re-run made both years' charts anew: they hold the whole year at once (the screenshot
  // shows what they hold, no line still being drawn)
  await checkOrdersChart(page, 'base', base.file, start, base.summary.days,
                        'after the re-run, the first year');
  await checkOrdersChart(page, 'changed', moved.file, start, moved.summary.days,
                        'the re-run\'s year');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(BUILD, 'classroom.png') });

  // click a branch: its story
  const row = await page.$('#branches-table tr[data-branch="3"]');
  const name = await row.$eval('td:nth-child(2)', (e) => e.textContent);
  await row.click();
  await page.waitForFunction(() => document.getElementById('story-lines').textContent.length > 50,
                             { timeout: 30000 });
  const story = await page.$eval('#story-lines', (e) => e.textContent);
  check(story.includes(name), 'the branch\'s story names it', name);
  check(/^\s*\d+月\d+日 周. \d\d:\d\d/m.test(story) && !/第\d+天 \d\d:\d\d/.test(story),
        'the story gives dates, not day numbers', story.slice(0, 300));
  const explain = await page.$eval('#story-explain', (e) => e.textContent);
  check(explain.includes(name) && explain.includes('档'), 'the branch\'s explain text is shown');

  await page.setViewport({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await new Promise((r) => setTimeout(r, 300));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth
                                       - document.documentElement.clientWidth);
  check(overflow <= 0, 'at 390 px the page is no wider than the screen', overflow);
  await page.screenshot({ path: path.join(BUILD, 'classroom-phone.png') });

  equal(outside, [], 'no request outside localhost');
  equal(errors, [], 'no console or page error');
  check(classroom.stderr() === '', 'the server wrote no error', classroom.stderr());
} catch (e) {
  failures++;
  console.log('FAIL ' + (e.stack || e));
} finally {
  await browser.close();
  classroom.child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${failures ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures ? 1 : 0);
