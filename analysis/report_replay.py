"""The run report's replay section: a quarter slider inside the self-contained page (no server,
no library) that redraws the branches per tier, the ranking's top and bottom, how many tiers
the inspectors' error moved, and the organizations' two rates as they stood at that quarter's
end, the year so far (an SVG scatter with the threshold lines), so that a report sent to a
phone teaches too.

``section_parts(data, t)`` returns the section's HTML: the numbers of every quarter as JSON in
``<script type="application/json" id="replay-data">`` and a small inline script that draws the
chosen quarter (the page's Content-Security-Policy allows inline scripts and nothing else).
Every number comes from the run file: /quarterly for tiers, ranks and scores, and the orders
served by each organization up to the quarter's end for its rates (as the incubation rule
counts them at the year's end).
"""

import json

import numpy as np

import orgsim_results
import report_html as h

TOP = 5  # branches shown at each end of the ranking

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('replay-data').textContent);
  var slider = document.getElementById('replay-quarter');
  var NS = document.getElementById('replay-scatter').namespaceURI;  // SVG's
  function svg(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fill(id, rows) {
    var body = document.getElementById(id);
    body.textContent = '';
    rows.forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c, i) {
        var td = document.createElement('td');
        td.textContent = c;
        if (i !== 1) td.className = 'num';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function draw() {
    var q = data.quarters[Number(slider.value)];
    document.getElementById('replay-label').textContent = q.label;
    document.getElementById('replay-noise').textContent = q.noise_text;
    q.per_tier.forEach(function (n, i) {
      document.getElementById('replay-tier-' + i).textContent = n;
    });
    fill('replay-top', q.top);
    fill('replay-bottom', q.bottom);
    var plot = document.getElementById('replay-scatter');
    plot.textContent = '';
    var W = 360, H = 300, L = 44, B = 36, R = 20, lo = data.axis_min;
    function x(v) { return L + (v - lo) / (1 - lo) * (W - L - R); }
    function y(v) { return H - B - (v - lo) / (1 - lo) * (H - B - 8); }
    plot.appendChild(svg('rect', {x: L, y: 8, width: W - L - R, height: H - B - 8,
                                  fill: 'none', stroke: '#999'}));
    [lo, (lo + 1) / 2, 1].forEach(function (v) {
      plot.appendChild(svg('text', {x: x(v), y: H - B + 16, 'text-anchor': 'middle',
                                    'font-size': 12}, v.toFixed(2)));
      plot.appendChild(svg('text', {x: L - 4, y: y(v) + 4, 'text-anchor': 'end',
                                    'font-size': 12}, v.toFixed(2)));
    });
    plot.appendChild(svg('text', {x: (L + W) / 2, y: H - 4, 'text-anchor': 'middle',
                                  'font-size': 12}, data.x_label));
    plot.appendChild(svg('text', {x: 12, y: (H - B) / 2, 'text-anchor': 'middle',
                                  'font-size': 12,
                                  transform: 'rotate(-90 12 ' + (H - B) / 2 + ')'}, data.y_label));
    var t = data.threshold;
    plot.appendChild(svg('line', {x1: x(t), x2: x(t), y1: 8, y2: H - B, stroke: '#555',
                                  'stroke-dasharray': '4 3'}));
    plot.appendChild(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), stroke: '#555',
                                  'stroke-dasharray': '4 3'}));
    q.orgs.forEach(function (o) {
      if (o[0] === null || o[1] === null) return;
      var a = Math.max(lo, o[0]), s = Math.max(lo, o[1]);
      plot.appendChild(svg('circle', {cx: x(a), cy: y(s), r: 4,
                                      fill: o[2] ? '#27ae60' : '#c0392b', 'fill-opacity': 0.8}));
    });
  }
  slider.addEventListener('input', draw);
  draw();
})();
"""


def _org_rates_at(orders, org_ids, start_h, end_h):
    """Each organization's (attraction, satisfaction) from its served orders finished in
    (``start_h``, ``end_h``] (the year so far: the rule judges each year's counts); None where
    it has no such order."""
    served = orders[(orders["assignee_kind"] == "social_org") & (orders["state"] == "served")
                    & (orders["finished_h"] > start_h) & (orders["finished_h"] <= end_h)]
    sums = served.groupby("assignee")[["targeted", "attended", "votes", "satisfied"]].sum()
    out = []
    for org in org_ids:
        if org in sums.index and sums.at[org, "targeted"] and sums.at[org, "votes"]:
            row = sums.loc[org]
            out.append((round(float(row["attended"] / row["targeted"]), 4),
                        round(float(row["satisfied"] / row["votes"]), 4)))
        else:
            out.append((None, None))
    return out


def _passes(a, s, rule):
    if a is None or s is None:
        return False
    if rule["combine"] == "both":
        value = min(a, s)
    elif rule["combine"] == "mean":
        value = (a + s) / 2
    else:
        value = rule["weight"] * a + (1 - rule["weight"]) * s
    return bool(value >= rule["threshold"] - 1e-12)


def section_parts(data, t, rule, n_tiers):
    """The replay section's HTML (see the module's doc); ``rule``: report_run.rule_of(data)."""
    q = data.quarterly
    q = q[q["tier"] >= 0]
    quarters = sorted(int(x) for x in q["quarter"].unique())
    if not quarters:
        return [h.paragraph(t("noise.none"))]
    names = orgsim_results.branches(data.path)["name"]
    org_ids = list(data.organizations.index)
    quarter_h = float(data.param("run.days", 365)) * 24.0 / 4
    replay = []
    for quarter in quarters:
        g = q[q["quarter"] == quarter].sort_values(["rank", "branch"])
        rows = [[int(r["rank"]), str(names.loc[int(r["branch"])]), f"{r['score']:.1f}",
                 t.tier(int(r["tier"]))] for _, r in g.iterrows()]
        changed = int((g["tier"] != g["tier_without_noise"]).sum())
        year_start_h = (quarter - 1) // 4 * 4 * quarter_h
        rates = _org_rates_at(data.orders, org_ids, year_start_h, quarter * quarter_h)
        replay.append({
            "label": t("quarter.label", n=quarter),
            "per_tier": np.bincount(g["tier"].astype(int), minlength=n_tiers).tolist(),
            "top": rows[:TOP], "bottom": rows[-TOP:],
            "noise_text": t("replay.noise", changed=changed, branches=len(g)),
            "orgs": [[a, s, _passes(a, s, rule)] for a, s in rates]})
    values = [v for r in replay for o in r["orgs"] for v in o[:2] if v is not None]
    payload = {"quarters": replay, "threshold": rule["threshold"],
               "axis_min": float(np.floor(min(values + [rule["threshold"]]) * 10) / 10),
               "x_label": t("axis.attraction"), "y_label": t("axis.satisfaction")}
    text = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    tiers = ('<div class="table-box"><table><caption>' + h.esc(t("replay.tiers"))
             + "</caption><thead><tr>"
             + "".join(f"<th>{h.esc(t.tier(i))}</th>" for i in range(n_tiers))
             + "</tr></thead><tbody><tr>"
             + "".join(f'<td class="num" id="replay-tier-{i}"></td>' for i in range(n_tiers))
             + "</tr></tbody></table></div>")
    ranking = "".join(
        f'<div class="table-box"><table><caption>{h.esc(t(caption))}</caption><thead><tr>'
        + "".join(f"<th>{h.esc(t('replay.col.' + c))}</th>"
                  for c in ("rank", "branch", "score", "tier"))
        + f'</tr></thead><tbody id="{body}"></tbody></table></div>'
        for caption, body in (("replay.top", "replay-top"), ("replay.bottom", "replay-bottom")))
    last = len(quarters) - 1
    return [h.paragraph(t("replay.intro")),
            f'<p class="replay-control"><label for="replay-quarter">{h.esc(t("replay.slider"))}'
            f'</label> <input type="range" id="replay-quarter" min="0" max="{last}" '
            f'value="{last}" step="1"> <strong id="replay-label"></strong></p>',
            f'<p id="replay-noise" class="story"></p>', tiers, ranking,
            f'<figure><div class="chart-box"><svg id="replay-scatter" viewBox="0 0 360 300" '
            f'role="img" aria-label="{h.esc(t("replay.scatter"))}"></svg></div>'
            f'<figcaption>{h.esc(t("replay.scatter"))}</figcaption></figure>',
            f'<script type="application/json" id="replay-data">{text}</script>',
            f"<script>{SCRIPT}</script>"]
