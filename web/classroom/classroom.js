// The classroom page (served by analysis/classroom.py): plays a run's year day by day from the
// run file's numbers (GET /api/run/ID), re-runs the same seed with changed rules (POST
// /api/run) and shows both years side by side with what changed (GET /api/changes/A/B), and
// tells a branch's or an organization's story (GET /api/run/ID/story). Charts: Apache ECharts,
// served from web/node_modules (npm ci); nothing is fetched from elsewhere.
'use strict';

const UI = {
  zh: {
    title: '{d} 课堂：一年的点单·派单·评单', play: '▶ 播放', pause: '⏸ 暂停', day: '+1天',
    week: '+1周', quarter: '+1季度', restart: '↺ 从头', speed: '每秒天数',
    clock: '第{n}天 / 共{d}天', clock_date: '{date}（第{n}天 / 共{d}天）',
    base: '原规则', changed: '改后规则', run: '运行{n}',
    fingerprint: '指纹', download: '下载运行文件', seed: '随机种子',
    placed: '点单（至今）', by_source: '按来源', by_channel: '按渠道', dispatched: '派单（至今）',
    waiting: '当前等待', escalated: '超时上交（至今）', served: '已服务（至今）',
    shifts: '轮值班次：到岗 / 缺岗', rates: '社会组织两率（横：吸引率，纵：满意率）',
    threshold: '门槛 {t}', quarters: '季度考核：各档支部数', luck: '本季度检查员误差改变了 {n} 个支部的档次',
    noquarter: '尚无季度考核', incubation: '年终孵化', incubated: '孵化', denied: '未孵化',
    not_enough_data: '数据不足', yearend: '年终尚未到', orders_day: '每日点单（按来源）',
    rules: '改规则，用同一种子重跑同一年', rules_note: '修改后点“重跑”：同一随机种子、同样的群众和事件，只换规则；两年并排显示。',
    rerun: '重跑', running: '正在运行…', done: '完成：运行{n}', changes: '改规则后变了什么',
    orgs_changed: '孵化结果变化的社会组织', branches_changed: '档次变化的支部（季度）',
    nothing: '没有变化', branches: '支部（最近一次考核的排名）', orgs: '社会组织',
    name: '名称', rank: '排名', tier: '档次', score: '得分', noise: '误差', att: '吸引率',
    sat: '满意率', decision: '年终决定', story: '{n} 的故事（至第{d}天）',
    story_date: '{n} 的故事（至{date}）', date: '{m}月{d}日 {w}', axis_date: '{m}月{d}日',
    weekdays: '周一 周二 周三 周四 周五 周六 周日',
    explain: '为什么（orgsim explain）', loading: '正在讲述…', tier_n: '第{n}档',
    quarter_n: '第{n}季度',
    change_org: '{name}：{a} → {b}（两率 {ra} → {rb}；规则 {ua} → {ub}）',
    change_branch: '{name} 第{q}季度：{a} → {b}（得分 {sa} → {sb}，排名 {pa} → {pb}）',
    incubated_delta: '孵化数 {a} → {b}',
  },
  en: {
    title: '{d} classroom: a year of order, dispatch, evaluate', play: '▶ Play',
    pause: '⏸ Pause', day: '+1 day', week: '+1 week', quarter: '+1 quarter',
    restart: '↺ Restart', speed: 'days per second', clock: 'day {n} of {d}',
    clock_date: '{date} (day {n} of {d})',
    base: 'rules as given', changed: 'changed rules', run: 'run {n}',
    fingerprint: 'fingerprint', download: 'download the run file', seed: 'seed',
    placed: 'orders placed (so far)', by_source: 'by source', by_channel: 'by channel',
    dispatched: 'dispatched (so far)', waiting: 'waiting now', escalated: 'escalated (so far)',
    served: 'served (so far)', shifts: 'duty shifts: worked / missed',
    rates: 'organizations\' two rates (x attraction, y satisfaction)', threshold: 'threshold {t}',
    quarters: 'quarterly inspection: branches per tier',
    luck: 'this quarter the inspectors\' error changed {n} branches\' tiers',
    noquarter: 'no inspection yet', incubation: 'incubation at year end', incubated: 'incubated',
    denied: 'denied', not_enough_data: 'not enough data', yearend: 'the year has not ended',
    orders_day: 'orders per day (by source)',
    rules: 'Change a rule, replay the same year with the same seed',
    rules_note: 'Change, then Re-run: the same seed, the same public and events, only the '
      + 'rules differ; the two years are shown side by side.',
    rerun: 'Re-run', running: 'running…', done: 'done: run {n}',
    changes: 'What changed with the new rules', orgs_changed: 'organizations whose fate changed',
    branches_changed: 'branches whose tier changed (quarter)', nothing: 'nothing',
    branches: 'branches (ranking of the latest inspection)', orgs: 'social organizations',
    name: 'name', rank: 'rank', tier: 'tier', score: 'score', noise: 'error', att: 'attraction',
    sat: 'satisfaction', decision: 'year-end decision', story: 'the story of {n} (to day {d})',
    story_date: 'the story of {n} (to {date})', date: '{w} {m}/{d}', axis_date: '{m}/{d}',
    weekdays: 'Mon Tue Wed Thu Fri Sat Sun',
    explain: 'why (orgsim explain)', loading: 'telling…', tier_n: 'tier {n}',
    quarter_n: 'Q{n}',
    change_org: '{name}: {a} → {b} (rates {ra} → {rb}; rule {ua} → {ub})',
    change_branch: '{name} Q{q}: {a} → {b} (score {sa} → {sb}, rank {pa} → {pb})',
    incubated_delta: 'incubated {a} → {b}',
  },
};

// The rules a trainer discusses: key, kind, choices (from orgsim describe).
const RULES = [
  ['incubation.threshold', 'number', null, 0.01],
  ['incubation.combine', 'select', ['both', 'mean', 'weighted']],
  ['incubation.estimator', 'select', ['raw', 'wilson', 'bayes', 'wilson_upper']],
  ['tiers.shares', 'text'],
  ['tiers.amounts_yuan', 'text'],
  ['inspection.group_bias_sd', 'number', null, 0.5],
  ['inspection.visit_noise_sd', 'number', null, 0.5],
  ['dispatch.rule', 'select', ['shortest_queue', 'random', 'round_robin', 'best_rated',
                               'alliance_first']],
  ['behaviour.leader', 'select', ['fixed', 'adaptive', 'tournament']],
  ['behaviour.organization', 'select', ['fixed', 'protective']],
  ['behaviour.public', 'select', ['fixed', 'trust']],
  ['behaviour.roster', 'select', ['fixed', 'fatigue']],
];
const DEFAULTS = {
  'incubation.threshold': '0.8', 'incubation.combine': 'both', 'incubation.estimator': 'raw',
  'tiers.shares': '0.2,0.3,0.3,0.2', 'tiers.amounts_yuan': '1500,1200,900,600',
  'inspection.group_bias_sd': '2', 'inspection.visit_noise_sd': '3',
  'dispatch.rule': 'shortest_queue', 'behaviour.leader': 'fixed',
  'behaviour.organization': 'fixed', 'behaviour.public': 'fixed', 'behaviour.roster': 'fixed',
};
const COLOURS = ['#c0392b', '#2980b9', '#e67e22', '#27ae60', '#8e44ad', '#7f8c8d'];
const DECISION_COLOURS = { incubated: '#27ae60', denied: '#c0392b', not_enough_data: '#7f8c8d',
                           not_active: '#bbbbbb' };

const state = { lang: 'zh', day: 0, playing: false, timer: null, runs: [], labels: {},
                charts: [], story: null };

function t(key, values) {
  let s = UI[state.lang][key] || key;
  for (const [k, v] of Object.entries(values || {})) s = s.split('{' + k + '}').join(v);
  return s;
}
function label(kind, value) {
  const entry = state.labels[kind + '.' + value];
  return entry ? entry[state.lang] : value;
}
function tierName(i) { return t('tier_n', { n: i + 1 }); }
// The date `day` days after the run's start date (year.start_date, day 0, a Monday), as the
// narration writes it ("4月1日 周一" / "Mon 4/1"), or with `form` 'axis_date' without the
// weekday ("4月1日" / "4/1", the daily chart's axis); null when the run counts days.
function dateOf(year, day, form) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(year.start_date || '');
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + day));
  return t(form || 'date', { m: date.getUTCMonth() + 1, d: date.getUTCDate(),
                             w: t('weekdays').split(' ')[(date.getUTCDay() + 6) % 7] });
}
function $(id) { return document.getElementById(id); }
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function sum(a, n) { let s = 0; for (let i = 0; i < n && i < a.length; i++) s += a[i]; return s; }
function fmtRate(x) { return x === null || x === undefined ? '—' : x.toFixed(3); }

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok || body.refused) {
    const e = new Error(body.error || response.status);
    e.body = body;
    throw e;
  }
  return body;
}

// --- one year's panel --------------------------------------------------------------------

function quartersDone(year, day) {
  return year.quarters.filter((q) => q.end_day <= day + 1e-9);
}

function panel(run, role, index) {
  const year = run.year;
  const box = el('div', { class: 'year', 'data-run': String(run.id), 'data-role': role });
  box.appendChild(el('h2', {}, (role === 'base' ? t('base') : t('changed')) + ' · ' +
                     t('run', { n: run.id })));
  const line = el('p', { class: 'note' });
  line.appendChild(el('span', {}, t('seed') + ' ' + year.seed + ' · ' + t('fingerprint') + ' '));
  line.appendChild(el('code', { 'data-key': 'fingerprint' }, run.fingerprint));
  line.appendChild(el('span', {}, ' · '));
  const a = el('a', { href: '/api/run/' + run.id + '/file', download: '',
                      'data-key': 'download' }, t('download'));
  line.appendChild(a);
  if (Object.keys(run.changed).length) {
    line.appendChild(el('br'));
    line.appendChild(el('span', {}, Object.entries(run.changed).map(([k, v]) => k + '=' + v)
      .join(', ')));
  }
  box.appendChild(line);
  // the charts first (what a class watches), then the lines and the numbers
  for (const name of ['orders', 'rates', 'tiers']) {
    box.appendChild(el('div', { class: 'chart', 'data-chart': name }));
  }
  box.appendChild(el('p', { class: 'luck', 'data-key': 'luck' }));
  box.appendChild(el('p', { class: 'incubation', 'data-key': 'incubation' }));
  box.appendChild(el('table', { class: 'numbers' }));
  return box;
}

function numbersRows(run, day) {
  const d = run.year.daily;
  const n = day;  // days completed
  const placed = Object.values(d.by_source).reduce((acc, s) => acc + sum(s, n), 0);
  const rows = [[t('placed'), placed, 'orders.total']];
  for (const [k, s] of Object.entries(d.by_source)) {
    rows.push(['  ' + t('by_source') + ' · ' + label('source', k), sum(s, n),
               'orders.by_source.' + k]);
  }
  for (const [k, s] of Object.entries(d.by_channel)) {
    rows.push(['  ' + t('by_channel') + ' · ' + label('channel', k), sum(s, n),
               'orders.by_channel.' + k]);
  }
  for (const [k, s] of Object.entries(d.dispatched)) {
    rows.push([t('dispatched') + ' · ' + label('assignee', k), sum(s, n),
               'orders.dispatched.' + k]);
  }
  rows.push([t('waiting'), n > 0 ? d.waiting[n - 1] : 0, 'orders.waiting']);
  rows.push([t('escalated'), sum(d.escalated, n), 'orders.escalated']);
  rows.push([t('served'), sum(d.served, n), 'orders.served']);
  rows.push([t('shifts'), sum(d.shifts_worked, n) + ' / ' + sum(d.shifts_missed, n),
             'duty.shifts']);
  const qs = quartersDone(run.year, day);
  if (qs.length) {
    const q = qs[qs.length - 1];
    q.per_tier.forEach((c, i) => rows.push([t('quarter_n', { n: q.quarter }) + ' · ' +
      tierName(i), c, 'tiers.' + q.quarter + '.tier.' + i]));
  }
  if (day >= run.year.days) {
    for (const k of ['incubated', 'denied', 'not_enough_data']) {
      rows.push([t('incubation') + ' · ' + t(k), run.year.incubation[k], 'incubation.' + k]);
    }
  }
  return rows;
}

function drawPanel(box, run, day) {
  const year = run.year;
  const table = box.querySelector('table.numbers');
  table.textContent = '';
  for (const [name, value, key] of numbersRows(run, day)) {
    const tr = el('tr');
    tr.appendChild(el('th', {}, name));
    tr.appendChild(el('td', { class: 'num', 'data-key': key }, String(value)));
    table.appendChild(tr);
  }
  const charts = box.charts;
  // the x axis: each day's date (day i of the run, 0-based: the orders placed that day), or
  // its number 1..days when the run has no start date. The charts are not animated: a chart
  // shows the days played the moment the clock shows them (a freshly made chart, after a
  // re-run or a change of language, would otherwise sweep its lines in from the left)
  const days = Array.from({ length: year.days }, (_, i) => dateOf(year, i, 'axis_date') || i + 1);
  charts.orders.setOption({
    animation: false,
    title: { text: t('orders_day'), textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' }, legend: { top: 22, textStyle: { fontSize: 11 } },
    grid: { left: 40, right: 30, top: 55, bottom: 25 },
    xAxis: { type: 'category', data: days, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 11 } },
    series: Object.entries(year.daily.by_source).map(([k, s], i) => ({
      name: label('source', k), type: 'line', stack: 'all', areaStyle: {}, symbol: 'none',
      color: COLOURS[i], data: s.slice(0, day) })),
  }, true);
  const week = Math.max(0, Math.min(Math.ceil(day / year.week_days) - 1,
                                    year.orgs[0] ? year.orgs[0].attraction.length - 1 : 0));
  const ended = day >= year.days;
  const thr = year.rule.threshold;
  const byDecision = {};
  for (const o of year.orgs) {
    const a = ended ? o.final_attraction : (day > 0 ? o.attraction[week] : null);
    const s = ended ? o.final_satisfaction : (day > 0 ? o.satisfaction[week] : null);
    if (a === null || s === null) continue;
    const group = ended ? o.decision : 'open';
    (byDecision[group] = byDecision[group] || []).push({ value: [a, s], name: o.name, id: o.id });
  }
  // the axes start at the tenth below the lowest rate from the fifth week on (or the
  // threshold), the same all year; the few earlier outliers are left off the chart
  const rates = year.orgs.flatMap((o) => o.attraction.slice(4).concat(o.satisfaction.slice(4)))
    .filter((v) => v !== null);
  const lowest = Math.max(0, Math.floor(Math.min(thr, ...rates) * 10) / 10);
  charts.rates.setOption({
    animation: false,
    title: { text: t('rates'), textStyle: { fontSize: 13 } },
    tooltip: { formatter: (p) => p.data.name + '<br>' + fmtRate(p.data.value[0]) + ' / ' +
      fmtRate(p.data.value[1]) },
    legend: { top: 22, textStyle: { fontSize: 11 } },
    grid: { left: 45, right: 60, top: 55, bottom: 30 },
    xAxis: { type: 'value', min: lowest, max: 1, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', min: lowest, max: 1, axisLabel: { fontSize: 11 } },
    series: Object.entries(byDecision).map(([g, data]) => ({
      name: g === 'open' ? '—' : t(g), type: 'scatter', data, symbolSize: 9,
      color: DECISION_COLOURS[g] || '#34495e',
      markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#555' },
                  label: { formatter: t('threshold', { t: thr }), fontSize: 11 },
                  data: [{ xAxis: thr }, { yAxis: thr }] } })),
  }, true);
  const qs = quartersDone(year, day);
  const nTiers = year.quarters.length ? year.quarters[0].per_tier.length : 0;
  charts.tiers.setOption({
    animation: false,
    title: { text: t('quarters'), textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' }, legend: { top: 22, textStyle: { fontSize: 11 } },
    grid: { left: 40, right: 10, top: 55, bottom: 25 },
    xAxis: { type: 'category', data: year.quarters.map((q) => t('quarter_n', { n: q.quarter })),
             axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 11 } },
    series: Array.from({ length: nTiers }, (_, i) => ({
      name: tierName(i), type: 'bar', stack: 'tiers', color: COLOURS[i % COLOURS.length],
      data: year.quarters.map((q) => (q.end_day <= day ? q.per_tier[i] : null)) })),
  }, true);
  const last = qs[qs.length - 1];
  box.querySelector('[data-key=luck]').textContent =
    last ? t('luck', { n: last.changed_by_noise }) : t('noquarter');
  box.querySelector('[data-key=incubation]').textContent = ended
    ? t('incubation') + '：' + ['incubated', 'denied', 'not_enough_data']
      .map((k) => t(k) + ' ' + year.incubation[k]).join('，')
    : t('yearend');
}

// --- the page ----------------------------------------------------------------------------

function layout() {
  const years = $('years');
  for (const c of state.charts) c.dispose();
  state.charts = [];
  years.textContent = '';
  years.className = state.runs.length > 1 ? 'two' : '';
  state.runs.forEach((run, i) => {
    const box = panel(run, i === 0 ? 'base' : 'changed', i);
    years.appendChild(box);
    box.charts = {};
    for (const div of box.querySelectorAll('[data-chart]')) {
      const chart = echarts.init(div, null, { renderer: 'canvas' });
      box.charts[div.getAttribute('data-chart')] = chart;
      state.charts.push(chart);
    }
    box.charts.rates.on('click', (p) => {
      if (p.data && p.data.id !== undefined) showStory('org', p.data.id);
    });
  });
}

function draw() {
  const base = state.runs[0];
  if (!base) return;
  const days = base.year.days;
  state.day = Math.max(0, Math.min(days, state.day));
  $('day').max = String(days);
  $('day').value = String(state.day);
  const date = dateOf(base.year, state.day);
  $('clock').textContent = date ? t('clock_date', { date, n: state.day, d: days })
    : t('clock', { n: state.day, d: days });
  $('clock').setAttribute('data-day', String(state.day));
  const boxes = $('years').querySelectorAll('.year');
  boxes.forEach((box, i) => drawPanel(box, state.runs[i], state.day));
  drawLists();
  if (state.story) renderStory();
  document.body.setAttribute('data-day', String(state.day));
}

function drawLists() {
  const run = state.runs[state.runs.length - 1];
  const year = run.year;
  const qs = quartersDone(year, state.day);
  const q = qs[qs.length - 1];
  const bt = $('branches-table');
  bt.textContent = '';
  const head = el('tr');
  for (const h of ['rank', 'name', 'tier', 'score', 'noise']) head.appendChild(el('th', {}, t(h)));
  bt.appendChild(head);
  const order = year.branches.map((b) => b.id);
  if (q) order.sort((a, b) => q.rank[a] - q.rank[b]);
  for (const id of order) {
    const b = year.branches[id];
    const luck = q && q.tier[id] !== q.tier_without_noise[id];
    const tr = el('tr', { 'data-branch': String(id), class: luck ? 'luck' : '' });
    tr.appendChild(el('td', { class: 'num' }, q ? String(q.rank[id]) : '—'));
    tr.appendChild(el('td', {}, b.name));
    tr.appendChild(el('td', {}, q ? tierName(q.tier[id]) : '—'));
    tr.appendChild(el('td', { class: 'num' }, q ? String(q.score[id]) : '—'));
    tr.appendChild(el('td', { class: 'num' }, q ? String(q.noise[id]) : '—'));
    tr.addEventListener('click', () => showStory('branch', id));
    bt.appendChild(tr);
  }
  const ot = $('orgs-table');
  ot.textContent = '';
  const oh = el('tr');
  for (const h of ['name', 'att', 'sat', 'decision']) oh.appendChild(el('th', {}, t(h)));
  ot.appendChild(oh);
  const ended = state.day >= year.days;
  const week = Math.max(0, Math.ceil(state.day / year.week_days) - 1);
  for (const o of year.orgs) {
    const tr = el('tr', { 'data-org': String(o.id) });
    tr.appendChild(el('td', {}, o.name));
    const now = (final, weekly) => (ended ? final : (state.day ? weekly[week] : null));
    tr.appendChild(el('td', { class: 'num' }, fmtRate(now(o.final_attraction, o.attraction))));
    tr.appendChild(el('td', { class: 'num' },
                      fmtRate(now(o.final_satisfaction, o.satisfaction))));
    tr.appendChild(el('td', {}, ended ? t(o.decision) : '—'));
    tr.addEventListener('click', () => showStory('org', o.id));
    ot.appendChild(tr);
  }
}

async function showStory(kind, id) {
  const run = state.runs[state.runs.length - 1];
  const qs = quartersDone(run.year, state.day);
  let url = '/api/run/' + run.id + '/story?' + kind + '=' + id + '&lang=' + state.lang;
  if (kind === 'branch' && qs.length) url += '&quarter=' + qs[qs.length - 1].quarter;
  $('story').hidden = false;
  $('story-title').textContent = t('loading');
  $('story-lines').textContent = '';
  $('story-explain').textContent = '';
  try {
    state.story = await api(url);
    state.story.name = kind === 'branch' ? run.year.branches[id].name : run.year.orgs[id].name;
    state.story.quarters = qs.length;
    renderStory();
    $('story').scrollIntoView({ block: 'nearest' });
  } catch (e) {
    $('story-title').textContent = String(e.message);
  }
}

function renderStory() {
  const s = state.story;
  const year = state.runs[state.runs.length - 1].year;
  const date = dateOf(year, state.day);
  $('story-title').textContent = date ? t('story_date', { n: s.name, date })
    : t('story', { n: s.name, d: state.day });
  // the lines of the days so far: the server gives each line's day (its date or "第12天";
  // null for a heading or a summary)
  const lines = s.lines.filter((line, i) => s.days[i] === null || s.days[i] <= state.day);
  $('story-lines').textContent = lines.join('\n');
  $('story').setAttribute('data-kind', s.kind);
  $('story').setAttribute('data-id', String(s.id));
  const showExplain = s.kind === 'branch' ? quartersDone(year, state.day).length > 0
    : state.day >= year.days;
  $('explain-title').textContent = showExplain ? t('explain') : '';
  $('story-explain').textContent = showExplain ? (s.explain || s.explain_error) : '';
}

function drawRules() {
  const form = $('rules-form');
  form.textContent = '';
  const base = state.runs[0];
  for (const [key, kind, choices, step] of RULES) {
    const wrap = el('div', { 'data-rule': key });
    const lab = el('label', { for: 'rule-' + key }, key);
    wrap.appendChild(lab);
    const value = (base && base.settings[key]) || DEFAULTS[key];
    let input;
    if (kind === 'select') {
      input = el('select', { id: 'rule-' + key, name: key });
      for (const c of choices) input.appendChild(el('option', { value: c }, c));
    } else {
      input = el('input', { id: 'rule-' + key, name: key,
                            type: kind === 'number' ? 'number' : 'text' });
      if (step) input.step = String(step);
    }
    input.value = value;
    input.setAttribute('data-default', value);
    input.addEventListener('input', () => wrap.classList.toggle('changed', input.value !== value));
    wrap.appendChild(input);
    wrap.appendChild(el('span', { class: 'problem', 'data-for': key }));
    form.appendChild(wrap);
  }
}

async function rerun() {
  const settings = {};
  for (const input of $('rules-form').querySelectorAll('input, select')) {
    if (input.value !== input.getAttribute('data-default')) settings[input.name] = input.value;
  }
  for (const p of document.querySelectorAll('.problem[data-for]')) p.textContent = '';
  $('error').hidden = true;
  $('rerun-status').textContent = t('running');
  $('rerun').disabled = true;
  document.body.setAttribute('data-status', 'running');
  try {
    const run = await api('/api/run', { method: 'POST',
                                        headers: { 'Content-Type': 'application/json' },
                                        body: JSON.stringify({ settings }) });
    state.runs = [state.runs[0], run];
    layout();
    const changes = await api('/api/changes/' + state.runs[0].id + '/' + run.id);
    drawChanges(changes);
    draw();
    $('rerun-status').textContent = t('done', { n: run.id });
    document.body.setAttribute('data-status', 'ready');
  } catch (e) {
    const problems = (e.body && e.body.problems) || [];
    for (const p of problems) {
      const target = document.querySelector('.problem[data-for="' + p.key + '"]') || $('error');
      target.textContent += (target.textContent ? '\n' : '') + p.message;
      target.hidden = false;
    }
    if (!problems.length) { $('error').textContent = String(e.message); $('error').hidden = false; }
    $('rerun-status').textContent = '';
    document.body.setAttribute('data-status', 'refused');
  } finally {
    $('rerun').disabled = false;
  }
}

function ruleText(r) {
  return r.combine + ' ≥ ' + r.threshold + ' (' + r.estimator + ')';
}

function drawChanges(c) {
  const box = $('changes-body');
  box.textContent = '';
  $('changes').hidden = false;
  $('changes-title').textContent = t('changes');
  box.appendChild(el('p', { 'data-key': 'changes.incubated' },
                     t('incubated_delta', { a: c.incubated[0], b: c.incubated[1] })));
  box.appendChild(el('h3', {}, t('orgs_changed') + '（' + c.orgs.length + '）'));
  const ul = el('ul', { 'data-key': 'changes.orgs' });
  for (const o of c.orgs) {
    const li = el('li', { 'data-org': String(o.id) }, t('change_org', {
      name: o.name, a: t(o.before), b: t(o.after),
      ra: o.rates_before.map(fmtRate).join('/'), rb: o.rates_after.map(fmtRate).join('/'),
      ua: ruleText(c.rule[0]), ub: ruleText(c.rule[1]) }));
    li.addEventListener('click', () => showStory('org', o.id));
    ul.appendChild(li);
  }
  if (!c.orgs.length) ul.appendChild(el('li', {}, t('nothing')));
  box.appendChild(ul);
  box.appendChild(el('h3', {}, t('branches_changed') + '（' + c.branches.length + '）'));
  const ub = el('ul', { 'data-key': 'changes.branches' });
  for (const b of c.branches.slice(0, 200)) {
    const li = el('li', { 'data-branch': String(b.id) }, t('change_branch', {
      name: b.name, q: b.quarter, a: tierName(b.before), b: tierName(b.after),
      sa: b.score_before, sb: b.score_after, pa: b.rank_before, pb: b.rank_after }));
    li.addEventListener('click', () => showStory('branch', b.id));
    ub.appendChild(li);
  }
  if (!c.branches.length) ub.appendChild(el('li', {}, t('nothing')));
  box.appendChild(ub);
}

function texts() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  const base = state.runs[0];
  const district = base ? base.year.district : '';
  $('title').textContent = t('title', { d: district });
  document.title = t('title', { d: district });
  $('play').textContent = state.playing ? t('pause') : t('play');
  $('step-day').textContent = t('day');
  $('step-week').textContent = t('week');
  $('step-quarter').textContent = t('quarter');
  $('restart').textContent = t('restart');
  $('speed-label').textContent = t('speed') + ' ';
  $('rules-title').textContent = t('rules');
  $('rules-note').textContent = t('rules_note');
  $('rerun').textContent = t('rerun');
  $('branches-title').textContent = t('branches');
  $('orgs-title').textContent = t('orgs');
  if (base) $('run-line').textContent = base.command;
}

function setPlaying(on) {
  state.playing = on;
  clearInterval(state.timer);
  if (on) {
    state.timer = setInterval(() => {
      const days = state.runs[0].year.days;
      if (state.day >= days) { setPlaying(false); return; }
      state.day += 1;
      draw();
    }, 1000 / Number($('speed').value));
  }
  $('play').textContent = on ? t('pause') : t('play');
}

function step(days) {
  setPlaying(false);
  state.day += days;
  draw();
}

function nextQuarter() {
  setPlaying(false);
  const next = state.runs[0].year.quarters.find((q) => q.end_day > state.day + 1e-9);
  state.day = next ? Math.ceil(next.end_day) : state.runs[0].year.days;
  draw();
}

async function start() {
  try {
    const runs = await api('/api/runs');
    const base = await api('/api/run/' + runs[0].id);
    state.runs = [base];
    state.labels = base.labels || {};
    texts();
    drawRules();
    layout();
    draw();
    $('play').addEventListener('click', () => setPlaying(!state.playing));
    $('step-day').addEventListener('click', () => step(1));
    $('step-week').addEventListener('click', () => step(7));
    $('step-quarter').addEventListener('click', nextQuarter);
    $('restart').addEventListener('click', () => { setPlaying(false); state.day = 0; draw(); });
    $('speed').addEventListener('change', () => { if (state.playing) setPlaying(true); });
    $('day').addEventListener('input', () => {
      setPlaying(false);
      state.day = Number($('day').value);
      draw();
    });
    $('lang').addEventListener('change', () => {
      state.lang = $('lang').value;
      texts();
      layout();
      draw();
    });
    $('rerun').addEventListener('click', rerun);
    window.addEventListener('resize', () => state.charts.forEach((c) => c.resize()));
    document.body.setAttribute('data-status', 'ready');
  } catch (e) {
    $('error').textContent = String(e.message);
    $('error').hidden = false;
    document.body.setAttribute('data-status', 'error');
  }
}

document.addEventListener('DOMContentLoaded', start);
