"""Tests of analysis/report.py (the HTML report of a run file or a sweep folder).

Runs `orgsim run` once on a tenth of the district (two years; protective organizations at a
threshold of 0.85 above the reference standard's 0.8, so the committee's queue does not
settle; tournament leaders, some of whom give up) and `orgsim sweep scenarios/sweeps/smoke.ini`
once, makes the reports through the command line (the run's in Chinese, the sweep's in
English and in Chinese), then checks:

- the numbers: the orders total, per-state, per-source, per-kind, per-channel and per-category
  counts, escalations, the share answered on time, waits (with the orders still waiting
  counted to the run's end), the two rates, the incubation decisions against the reference
  standard and the policy's own rule, the standard as stated, the backlog and waits per
  assignee kind, the warnings at the top of the page, the activities, youth contacts and
  leaders at the effort floor per quarter, the tiers and allowances per quarter and the
  officials' duty hours shown in the report equal those of `orgsim summary FILE --json` (or
  the run file's, read with orgsim_results); the Chinese page has no English word (category
  names are their Chinese labels); the flow tables add
  up; the sweep report says first what compare.py says first (its warning and "nobody
  responds" lines), then its plain-language lines in the report's language
  (compare.plain_language's, word for word, the reference standard first), every row of
  compare.py's table that differs in some replication, formatted as compare.py prints it, the
  others on one "unchanged" row, the forest plot and compare.py's other plots, and fate.py's
  text (when analysis/fate.py is there);
- the page: one self-contained file (no URL but data: PNGs, which decode), every section
  with its heading, the language of the labels (one catalogue, both languages complete);
- the command line: a missing or unreadable input, an output folder that does not exist, an
  unknown baseline exit 2 naming the path and write nothing (an existing report is left as it
  was); no CJK font with --lang zh exits 3 naming fonts-noto-cjk;
- in headless Chromium (`chromium --headless --no-sandbox --disable-gpu`): both reports load
  without errors (the page's own status marker, <body data-report-status="ok">, after
  --dump-dom) and show every section; a page with a broken image is reported as an error;
  screenshots are saved as report.png and report-sweep.png in the build folder (the folder
  of ORGSIM_BINARY) and are non-trivial; at a phone's 390 x 844 both reports are no wider
  than the window, no table header is squeezed to a character a line, every chart's text is
  at least 10 px as shown (the page's own measures on <body>; the sweep's plots are
  compare.py's) and the screenshots are saved as report-phone.png and report-sweep-phone.png;
- the noise section's numbers equal the summary's tier_noise, and the title names the
  district (瓯海区), not the scenario's id; the subtitle names the run's start date.

When Chromium is not installed (scripts/test installs Debian's chromium package), the Chromium
tests are skipped and, if every other test passed, the process exits 77, which ctest reports
as skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt).

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR, set by ctest, which also puts analysis/ on
PYTHONPATH. Run with Debian's /usr/bin/python3:
    cd build && ctest -R python_report --output-on-failure
"""

import atexit
import base64
import contextlib
import dataclasses
import io
import html
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))

import compare  # noqa: E402
import orgsim_results  # noqa: E402
import report_i18n  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
BUILD_DIR = Path(BINARY).resolve().parent
REPORT = SOURCE_DIR / "analysis" / "report.py"
SMOKE = SOURCE_DIR / "scenarios" / "sweeps" / "smoke.ini"
CHROMIUM = shutil.which("chromium")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PHONE = (390, 844)
CJK = re.compile(r"[\u4e00-\u9fff]")
RUN_SECTIONS = ["overview", "dispatch", "organizations", "tiers", "noise", "replay", "activities",
                "duty", "provenance"]
# The run of the report: see the module's docstring.
RUN_SETTINGS = ["district.scale=0.1", "run.years=2", "behaviour.organization=protective",
                "incubation.threshold=0.85", "behaviour.leader=tournament"]
HAS_FATE = (SOURCE_DIR / "analysis" / "fate.py").is_file()
# conclusions first: what to read first, the plain language, the table, the forest plot
SWEEP_SECTIONS = (["sweep-notes", "plain-language", "comparison", "forest"]
                  + (["fate"] if HAS_FATE else [])
                  + ["sweep-overview", "tier-stability", "sweep-plots", "sweep-runs"])
BASELINE = "seed-rule"
POLICY = "lower-threshold"

# --- exit 77 (ctest: skipped) when Chromium is missing and everything else passed ------------

_RESULTS = []


class RecordedTest(unittest.TestCase):
    """Records the unittest result object so that the exit handler below can tell whether
    every test that ran passed."""

    def run(self, result=None):
        result = super().run(result)
        if result is not None and result not in _RESULTS:
            _RESULTS.append(result)
        return result


@atexit.register
def _skip_without_chromium():
    if CHROMIUM is None and _RESULTS and all(r.wasSuccessful() for r in _RESULTS):
        print("SKIP: chromium is not installed (scripts/install-deps installs it); the "
              "Chromium tests did not run, every other test passed", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(77)


# --- the page --------------------------------------------------------------------------------

class Page(HTMLParser):
    """What the tests need from a report: sections and their headings, cells by data-key, row
    keys, images, every URL-bearing attribute, <body> and <html> attributes, the list items of
    each section."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.sections, self.cells, self.values, self.rows = {}, {}, {}, set()
        self.images, self.urls, self.tags, self.body, self.html = [], [], [], {}, {}
        self.text_by_id, self.items = {}, {}
        self._section = None
        self._capture = None  # (kind, key, [text])
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html = a
        elif tag == "body":
            self.body = a
        elif tag == "section":
            self._section = a.get("id")
            self.sections[self._section] = None
        elif tag == "h2" and self._section and self.sections[self._section] is None:
            self._capture = ("heading", self._section, [])
        elif tag in ("td", "th") and "data-key" in a:
            self._capture = ("cell", a["data-key"], [])
            if "data-value" in a:
                self.values[a["data-key"]] = a["data-value"]
        elif tag == "tr" and "data-key" in a:
            self.rows.add(a["data-key"])
        elif tag == "img":
            self.images.append(a)
        elif tag in ("pre", "li") and a.get("id"):
            self._capture = ("id", a["id"], [])
        elif tag == "li" and self._section:
            self._capture = ("item", self._section, [])
        for name in ("src", "href", "action", "srcset", "data", "poster"):
            if name in a:
                self.urls.append((tag, name, a[name]))

    def handle_data(self, data):
        if self._capture:
            self._capture[2].append(data)

    def handle_endtag(self, tag):
        if self._capture and tag in ("h2", "td", "th", "pre", "li"):
            kind, key, text = self._capture
            text = "".join(text).strip()
            if kind == "heading":
                self.sections[key] = text
            elif kind == "cell":
                self.cells[key] = text
            elif kind == "item":
                self.items.setdefault(key, []).append(text)
            else:
                self.text_by_id[key] = text
            self._capture = None
        if tag == "section":
            self._section = None

    def int(self, key):
        return int(self.cells[key].replace(",", ""))

    def float(self, key):
        return float(self.values[key])


def page_text(name):
    """The words a reader sees on a report: its text without tags, scripts, styles, the
    images' data and the provenance section (file names, the INI)."""
    text = REPORTS[name][0].read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r'<section id="provenance".*?</section>', " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def organizations_of_the_run():
    return orgsim_results.organizations(RUN)


def run_report(*args, timeout=120):
    return subprocess.run([sys.executable, str(REPORT), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)


def png_size(data):
    """(width, height) of a PNG from its IHDR chunk."""
    assert data[:8] == PNG_MAGIC, "not a PNG"
    return struct.unpack(">II", data[16:24])


# --- fixtures: one run, one sweep, three reports ---------------------------------------------

TMP = None
RUN = SWEEP = SUMMARY = None
REPORTS = {}
# A second run, read in this process (no page): the same seed at another reference standard,
# the mean of the qualities its public experienced (waits included) at least 0.87, adaptive
# leaders; its JSON summary.
RUN_INCLUDED = SUMMARY_INCLUDED = None
INCLUDED_SETTINGS = ["district.scale=0.1", "truth.waits=included", "truth.combine=mean",
                     "truth.threshold=0.87", "behaviour.leader=adaptive"]


def setUpModule():
    global TMP, RUN, SWEEP, SUMMARY, RUN_INCLUDED, SUMMARY_INCLUDED
    if not os.access(BINARY, os.X_OK):
        raise RuntimeError(f"orgsim binary not found: {BINARY} (set ORGSIM_BINARY)")
    TMP = Path(tempfile.mkdtemp(prefix="orgsim-report-test-"))
    RUN, SWEEP, RUN_INCLUDED = TMP / "run.h5", TMP / "smoke", TMP / "included.h5"
    settings = [a for s in RUN_SETTINGS for a in ("--set", s)]
    included = [a for s in INCLUDED_SETTINGS for a in ("--set", s)]
    commands = [[BINARY, "run", *settings, "--seed", "3", "--quiet", "-o", str(RUN)],
                [BINARY, "run", *included, "--seed", "3", "--quiet", "--json", "-o",
                 str(RUN_INCLUDED)],
                [BINARY, "sweep", str(SMOKE), "-o", str(SWEEP), "--jobs", "2"]]
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda c: subprocess.run(c, capture_output=True, text=True,
                                                      timeout=120), commands))
    for cmd, d in zip(commands, done):
        if d.returncode != 0:
            raise AssertionError(f"{cmd} exited {d.returncode}: {d.stderr}")
    SUMMARY_INCLUDED = json.loads(done[1].stdout)
    summary = subprocess.run([BINARY, "summary", str(RUN), "--json"], capture_output=True,
                             text=True, timeout=60)
    if summary.returncode != 0:
        raise AssertionError(f"orgsim summary exited {summary.returncode}: {summary.stderr}")
    SUMMARY = json.loads(summary.stdout)

    jobs = {"run-zh": (RUN, TMP / "run-zh.html", "zh"),
            "sweep-en": (SWEEP, TMP / "sweep-en.html", "en"),
            "sweep-zh": (SWEEP, TMP / "sweep-zh.html", "zh")}
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = dict(zip(jobs, pool.map(
            lambda j: run_report(j[0], "-o", j[1], "--lang", j[2]), jobs.values())))
    for name, done in results.items():
        if done.returncode != 0:
            raise AssertionError(f"report.py ({name}) exited {done.returncode}: {done.stderr}")
        path = jobs[name][1]
        REPORTS[name] = (path, Page(path.read_text(encoding="utf-8")))


def tearDownModule():
    if TMP is not None:
        shutil.rmtree(TMP, ignore_errors=True)


# --- the run report's numbers ----------------------------------------------------------------

class RunReportNumbersTest(RecordedTest):

    def setUp(self):
        self.page = REPORTS["run-zh"][1]
        self.orders = SUMMARY["orders"]

    def test_orders_total_and_per_state_counts_equal_the_summary(self):
        self.assertEqual(self.page.int("orders.total"), self.orders["total"])
        self.assertTrue(self.orders["by_state"])
        for state, n in self.orders["by_state"].items():
            with self.subTest(state=state):
                self.assertEqual(self.page.int(f"orders.by_state.{state}"), n)

    def test_counts_by_source_kind_and_channel_equal_the_summary(self):
        for group in ("source", "kind", "channel"):
            for value, n in self.orders[f"by_{group}"].items():
                with self.subTest(group=group, value=value):
                    self.assertEqual(self.page.int(f"orders.by_{group}.{value}"), n)

    def test_escalations_on_time_share_and_rates_equal_the_summary(self):
        self.assertEqual(self.page.int("orders.escalated"), self.orders["escalated"])
        for key in ("answered_on_time_share", "attraction_rate", "satisfaction_rate"):
            with self.subTest(key=key):
                self.assertAlmostEqual(self.page.float(f"orders.{key}"), self.orders[key],
                                       places=12)
        self.assertEqual(self.page.cells["orders.satisfaction_rate"],
                         f"{self.orders['satisfaction_rate']:.3f}")

    def test_waiting_and_response_times_equal_the_summary(self):
        for key in ("wait_h", "response_h"):
            stats = self.orders[key]
            self.assertEqual(self.page.int(f"orders.{key}.count"), stats["count"])
            for s in ("mean", "median", "p90", "max"):
                with self.subTest(key=key, stat=s):
                    self.assertAlmostEqual(self.page.float(f"orders.{key}.{s}"), stats[s],
                                           places=9)
                    self.assertEqual(self.page.cells[f"orders.{key}.{s}"], f"{stats[s]:,.1f}")

    def test_the_noise_story_equals_the_summary(self):
        noise = SUMMARY["tier_noise"]
        self.assertEqual(self.page.int("noise.branch_quarters"), noise["branch_quarters"])
        self.assertEqual(self.page.int("noise.changed"), noise["changed"])
        self.assertAlmostEqual(self.page.float("noise.allowance_moved_yuan"),
                               noise["allowance_moved_yuan"], places=6)
        for q in SUMMARY["tiers"]:
            with self.subTest(quarter=q["quarter"]):
                self.assertEqual(self.page.int(f"noise.{q['quarter']}.changed"),
                                 q["changed_by_noise"])
        luck = self.page.float("noise.luck_share")
        self.assertTrue(0 <= luck <= 1)
        self.assertIn(f"其中 {noise['changed']:,} 次", page_text("run-zh"))

    def test_the_replay_data_of_every_quarter_equals_the_summary(self):
        text = REPORTS["run-zh"][0].read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/json" id="replay-data">(.*?)'
                                    r"</script>", text, re.S).group(1))
        self.assertEqual(len(data["quarters"]), len(SUMMARY["tiers"]))
        orgs = len(organizations_of_the_run())
        for mine, theirs in zip(data["quarters"], SUMMARY["tiers"]):
            with self.subTest(quarter=theirs["quarter"]):
                self.assertEqual(mine["per_tier"], theirs["branches_per_tier"])
                self.assertRegex(mine["noise_text"], rf"(?<!\d){theirs['changed_by_noise']}(?!\d)")
                self.assertEqual(len(mine["orgs"]), orgs)
                self.assertEqual([r[0] for r in mine["top"]], sorted(r[0] for r in mine["top"]))
        # the last quarter: the year so far is the whole last year, the rates its decisions
        # were made on (raw, pooled)
        inc = orgsim_results.incubations(RUN)
        inc = inc[inc["year"] == inc["year"].max()].set_index("org")
        checked = 0
        for org, (a, s, _) in zip(organizations_of_the_run().index, data["quarters"][-1]["orgs"]):
            if org in inc.index and inc.at[org, "targeted"] and inc.at[org, "votes"]:
                self.assertAlmostEqual(a, inc.at[org, "attraction_rate"], delta=5.1e-5)
                self.assertAlmostEqual(s, inc.at[org, "satisfaction_rate"], delta=5.1e-5)
                checked += 1
        self.assertGreater(checked, 0)

    def test_the_title_names_the_district_not_the_scenario_id(self):
        text = REPORTS["run-zh"][0].read_text(encoding="utf-8")
        title = re.search(r"<h1>(.*?)</h1>", text).group(1)
        self.assertTrue(title.startswith("瓯海区"), title)
        self.assertNotIn("ouhai", title)
        # the run's day 0 (run.start_date of the default scenario) in the subtitle
        subtitle = re.search(r'<p class="subtitle">(.*?)</p>', text).group(1)
        self.assertIn("从 2024年1月1日 周一 起", subtitle)

    def test_incubation_against_the_reference_standard_equals_the_summary(self):
        inc = SUMMARY["incubation"]
        decisions = inc["incubated"] + inc["denied"] + inc["not_enough_data"]
        self.assertEqual(self.page.int("incubation.decisions"), decisions)
        self.assertEqual(self.page.int("incubation.total"), decisions)
        for key in ("incubated", "denied", "not_enough_data"):
            with self.subTest(key=key):
                self.assertEqual(self.page.int(f"incubation.{key}"), inc[key])
        for key in ("meets_standard", "good_denied", "good_not_enough_data", "below_standard",
                    "below_standard_incubated"):
            with self.subTest(key=key):
                self.assertEqual(self.page.int(f"incubation.{key}"), inc[key])
        for key, whole in (("good_denied", "meets_standard"),
                           ("below_standard_incubated", "below_standard")):
            self.assertAlmostEqual(self.page.float(f"incubation.{key}.share"),
                                   inc[f"{key}_share"], places=12)
            self.assertEqual(inc[f"{key}_share"], inc[key] / inc[whole] if inc[whole] else 0)
        for key in ("good", "wrongly_denied", "wrongly_incubated"):
            self.assertEqual(self.page.int(f"incubation.own_rule.{key}"), inc["own_rule"][key])
        # decision x standard
        self.assertEqual(self.page.int("incubation.total.good"), inc["meets_standard"])
        self.assertEqual(self.page.int("incubation.total.below"), inc["below_standard"])
        self.assertEqual(self.page.int("incubation.denied.good"), inc["good_denied"])
        self.assertEqual(self.page.int("incubation.incubated.below"),
                         inc["below_standard_incubated"])
        self.assertEqual(self.page.int("incubation.not_enough_data.good"),
                         inc["good_not_enough_data"])
        # one row per decision the standard calls wrong
        wrong = [key for key in self.page.rows if key.startswith("misjudged.")]
        self.assertEqual(len(wrong), inc["good_denied"] + inc["below_standard_incubated"])
        # The run's own rule (0.85) is not the standard (0.8): the two counts differ in kind.
        self.assertLess(inc["standard"]["threshold"], inc["threshold"])

    def test_the_reference_standard_is_stated(self):
        zh = report_i18n.Catalogue("zh")
        standard = SUMMARY["incubation"]["standard"]
        self.assertEqual((standard["combine"], standard["waits"]), ("both", "excluded"))
        stated = (zh("standard.both", t=f"{standard['threshold']:g}")
                  + zh("standard.waits_excluded"))
        self.assertEqual(stated, "两项真实质量均不低于 0.8，不计等待")
        self.assertIn(zh("orgs.standard", standard=stated), page_text("run-zh"))

    def test_waits_with_the_orders_still_waiting_equal_the_summary(self):
        incl = self.orders["wait_incl_open_h"]
        self.assertEqual(self.page.int("orders.wait_incl_open_h.count"), incl["count"])
        self.assertAlmostEqual(self.page.float("orders.wait_incl_open_h.mean"), incl["mean"],
                               places=9)
        self.assertEqual(self.page.int("orders.wait_incl_open_h.still_waiting_at_end"),
                         incl["still_waiting_at_end"])
        # censored at the end: said so, with the number of orders still waiting
        self.assertIn(report_i18n.Catalogue("zh")("overview.censored",
                                                  n=f"{incl['still_waiting_at_end']:,}"),
                      page_text("run-zh"))

    def test_backlog_and_waits_per_assignee_kind_equal_the_summary(self):
        queues = self.orders["queues"]
        # The sentences name the queues (results/queue_health.cpp); the table has the kinds.
        names = {"social organizations' queue": "social_org",
                 "partner units' queue": "partner_unit",
                 "district committee's queue": "district_committee"}
        warned = {names[w.split(" does not settle")[0].removeprefix("the ")]
                  for w in SUMMARY["warnings"]}
        zh = report_i18n.Catalogue("zh")
        for kind, q in queues.items():
            with self.subTest(kind=kind):
                self.assertEqual(self.page.int(f"queues.{kind}.orders"), q["orders"])
                self.assertEqual(self.page.int(f"queues.{kind}.open_at_end"), q["open_at_end"])
                for half in ("wait_first_half_h", "wait_second_half_h"):
                    shown = self.page.float(f"queues.{kind}.{half}")
                    if q[half] is None:
                        self.assertTrue(math.isnan(shown))
                    else:
                        self.assertAlmostEqual(shown, q[half], places=9)
                self.assertEqual(self.page.cells[f"queues.{kind}.settles"] ==
                                 zh("queues.does_not_settle"), kind in warned)

    def test_the_warnings_are_at_the_top(self):
        text = REPORTS["run-zh"][0].read_text(encoding="utf-8")
        self.assertTrue(SUMMARY["warnings"], "the run of this test should warn")
        self.assertLess(text.index('id="run-warnings"'), text.index("<nav>"))
        zh = report_i18n.Catalogue("zh")
        rows = orgsim_results.warnings(RUN)
        self.assertEqual(list(rows["message"]), SUMMARY["warnings"])
        items = {key: value for key, value in self.page.text_by_id.items()
                 if key.startswith("warning-")}
        self.assertEqual(sorted(items), sorted(f"warning-{a}" for a in rows["assignee"]))
        self.assertIn(zh("warnings.title", n=len(rows)), text)
        for _, w in rows.iterrows():
            item = items[f"warning-{w['assignee']}"]
            self.assertTrue(item.startswith(zh.label("assignee", w["assignee"])), item)
            if w["backlog"]:
                self.assertIn(f"{w['open_at_end']:,} 件未办结，占其 {w['orders']:,} 件点单的 "
                              f"{100 * w['open_at_end'] / w['orders']:.0f}%", item)
            if w["wait_growth"]:
                self.assertIn(f"平均等了 {w['second_half_wait_h']:,.0f} 小时，前半程为 "
                              f"{w['first_half_wait_h']:,.0f} 小时", item)
        self.assertIn(zh("warnings.consequence"), text)

    def test_a_run_without_warnings_has_no_box(self):
        import report_run
        rows = orgsim_results.warnings(RUN)
        self.assertEqual(report_run.warnings_box(rows.iloc[:0], report_i18n.Catalogue("en")), "")
        box = report_run.warnings_box(rows, report_i18n.Catalogue("en"))
        self.assertIn("queue(s) of this run do not settle", box)
        self.assertNotRegex(box, CJK)

    def test_activities_youth_contacts_and_leaders_who_gave_up_equal_the_summary(self):
        activities = SUMMARY["activities"]
        for key in ("held", "cancelled_no_venue", "cancelled_no_money", "youth_contacts"):
            with self.subTest(key=key):
                self.assertEqual(self.page.int(f"activities.{key}"), activities[key])
        quarters = [q["quarter"] for q in SUMMARY["tiers"]]
        self.assertEqual(sum(self.page.int(f"activities.{n}.youth_contacts") for n in quarters),
                         activities["youth_contacts"])
        self.assertEqual(sum(self.page.int(f"activities.{n}.held") for n in quarters),
                         activities["held"])
        at_floor = SUMMARY["behaviour"]["leaders_at_floor"]
        self.assertEqual([self.page.int(f"activities.{n}.leaders_at_floor") for n in quarters],
                         at_floor)
        # per quarter, from the run file: youths contacted by the inspected branches
        q = orgsim_results.quarterly(RUN)
        contacts = q[q["tier"] >= 0].groupby("quarter")["youth_contacts"].sum()
        self.assertEqual([self.page.int(f"activities.{n}.youth_contacts") for n in quarters],
                         [int(contacts.get(n, 0)) for n in quarters])

    def test_categories_by_their_chinese_labels(self):
        params = orgsim_results.meta(RUN)["params"]
        names, labels = params["demand.categories"], params["demand.category_labels_zh"]
        self.assertEqual(len(labels), len(names))
        orders = orgsim_results.orders(RUN)
        counts = orders["category_name"].value_counts()
        text = page_text("run-zh")
        for name, label in zip(names, labels):
            with self.subTest(category=name):
                self.assertEqual(self.page.int(f"orders.by_category.{name}"),
                                 int(counts.get(name, 0)))
                self.assertIn(label, text)
                self.assertNotIn(name, text)

    def test_the_chinese_page_has_no_english_word(self):
        allowed = set(re.findall(r"[A-Za-z]{2,}", f"{SUMMARY['scenario']} {RUN}"))
        allowed |= {"analysis", "report", "py"}  # the footer names analysis/report.py
        words = set(re.findall(r"[A-Za-z]{2,}", page_text("run-zh"))) - allowed
        self.assertEqual(words, set())

    def test_tiers_and_allowances_per_quarter_equal_the_summary(self):
        self.assertEqual(len(SUMMARY["tiers"]), 4 * SUMMARY["years"])
        for q in SUMMARY["tiers"]:
            n = q["quarter"]
            for i, count in enumerate(q["branches_per_tier"]):
                with self.subTest(quarter=n, tier=i):
                    self.assertEqual(self.page.int(f"tiers.{n}.tier.{i}"), count)
            self.assertAlmostEqual(self.page.float(f"tiers.{n}.allowance_yuan"),
                                   q["allowance_yuan"], places=6)
        self.assertAlmostEqual(self.page.float("allowance_total_yuan"),
                               SUMMARY["allowance_total_yuan"], places=6)

    def test_tier_changes_add_up(self):
        branches = SUMMARY["population"]["branches"]
        for a in range(1, 4 * SUMMARY["years"]):
            key = f"tiers.change.{a}-{a + 1}"
            changed = self.page.float(key)
            self.assertEqual(changed, self.page.int(key + ".up") + self.page.int(key + ".down"))
            self.assertLessEqual(changed, branches)

    def test_officials_duty_hours_equal_the_summary(self):
        hours = SUMMARY["duty"]["official_hours"]
        self.assertEqual(self.page.int("duty.official_hours.count"), hours["count"])
        for s in ("mean", "min", "median", "max"):
            with self.subTest(stat=s):
                self.assertAlmostEqual(self.page.float(f"duty.official_hours.{s}"), hours[s],
                                       places=9)

    def test_the_flow_tables_add_up_to_the_orders(self):
        total = self.orders["total"]
        self.assertEqual(self.page.int("flow.source_assignee.total"), total)
        self.assertEqual(self.page.int("flow.assignee_state.total"), total)
        for source, n in self.orders["by_source"].items():
            self.assertEqual(self.page.int(f"flow.source_assignee.{source}.total"), n)
        for state, n in self.orders["by_state"].items():
            self.assertEqual(self.page.int(f"flow.assignee_state.total.{state}"), n)

    def test_provenance_is_the_runs(self):
        self.assertEqual(self.page.cells["meta.fingerprint"], SUMMARY["fingerprint"])
        self.assertEqual(self.page.cells["meta.seed"], str(SUMMARY["seed"]))


class RunFiguresTest(RecordedTest):
    """report_run.figures_of, in this process, on a run judged with the waits included (and
    adaptive leaders), against that run's JSON summary."""

    @classmethod
    def setUpClass(cls):
        import report_run
        cls.report_run = report_run
        cls.data = report_run.load(RUN_INCLUDED)
        cls.f = report_run.figures_of(cls.data)

    def test_incubation_against_a_standard_with_the_waits_included(self):
        inc = SUMMARY_INCLUDED["incubation"]
        self.assertEqual(inc["standard"], {"threshold": 0.87, "combine": "mean",
                                           "attraction_weight": 0.5, "waits": "included"})
        for key in ("incubated", "denied", "not_enough_data", "meets_standard", "good_denied",
                    "good_denied_share", "good_not_enough_data", "below_standard",
                    "below_standard_incubated", "below_standard_incubated_share", "own_rule"):
            with self.subTest(key=key):
                self.assertEqual(self.f["incubation"][key], inc[key])
        # The waits decide here: judged on the true qualities, the count would differ.
        judged_on_truth = dataclasses.replace(self.data, meta={
            **self.data.meta, "params": {**self.data.params, "truth.waits": "excluded"}})
        excluded = self.report_run.meets_standard(judged_on_truth, self.data.incubations)
        self.assertNotEqual(int(excluded.sum()), inc["meets_standard"],
                            "this run does not test truth.waits = included")

    def test_waits_queues_activities_and_leaders(self):
        orders, o = SUMMARY_INCLUDED["orders"], self.f["orders"]
        incl = orders["wait_incl_open_h"]
        self.assertEqual(o["wait_incl_open_h"]["count"], incl["count"])
        self.assertEqual(o["wait_incl_open_h"]["still_waiting_at_end"],
                         incl["still_waiting_at_end"])
        self.assertAlmostEqual(o["wait_incl_open_h"]["mean"], incl["mean"], places=9)
        for kind, q in orders["queues"].items():
            for key, value in q.items():
                with self.subTest(kind=kind, key=key):
                    if value is None:
                        self.assertTrue(math.isnan(o["queues"][kind][key]))
                    else:
                        self.assertAlmostEqual(o["queues"][kind][key], value, places=9)
        for key in ("held", "cancelled_no_venue", "cancelled_no_money", "youth_contacts"):
            self.assertEqual(self.f["activities"][key], SUMMARY_INCLUDED["activities"][key], key)
        self.assertEqual(self.f["behaviour"]["leaders_at_floor"],
                         SUMMARY_INCLUDED["behaviour"]["leaders_at_floor"])
        self.assertEqual(SUMMARY_INCLUDED["behaviour"]["leader"], "adaptive")


# --- the page itself -------------------------------------------------------------------------

class PageTest(RecordedTest):

    def check_self_contained(self, name):
        path, page = REPORTS[name]
        text = path.read_text(encoding="utf-8")
        self.assertNotRegex(text, r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/",
                            "a URL to another site")
        for forbidden in ("link", "iframe", "object", "embed"):
            self.assertNotIn(forbidden, page.tags)
        self.assertRegex(text, r"Content-Security-Policy\" content=\"default-src 'none'")
        for tag, attr, url in page.urls:
            with self.subTest(tag=tag, url=url[:40]):
                self.assertTrue(url.startswith("data:image/png;base64,") or url.startswith("#"),
                                f"<{tag} {attr}> is not embedded: {url[:60]}")
        self.assertGreaterEqual(len(page.images), 3)
        for img in page.images:
            png = base64.b64decode(img["src"].split(",", 1)[1], validate=True)
            width, height = png_size(png)
            self.assertGreater(width * height, 100 * 100)
            self.assertTrue(img.get("alt"))

    def test_reports_are_self_contained(self):
        for name in REPORTS:
            with self.subTest(report=name):
                self.check_self_contained(name)

    def test_every_section_is_there_with_its_heading(self):
        for name, ids in (("run-zh", RUN_SECTIONS), ("sweep-en", SWEEP_SECTIONS)):
            page = REPORTS[name][1]
            self.assertEqual(list(page.sections), ids, name)
            self.assertEqual(page.body.get("data-sections", "").split(), ids)
            for section_id, heading in page.sections.items():
                self.assertTrue(heading, f"{name}: section {section_id} has no heading")

    def test_the_language_of_the_labels(self):
        zh, en = report_i18n.Catalogue("zh"), report_i18n.Catalogue("en")
        page_zh, page_en = REPORTS["run-zh"][1], REPORTS["sweep-en"][1]
        self.assertEqual(page_zh.html.get("lang"), "zh-CN")
        self.assertEqual(page_en.html.get("lang"), "en")
        self.assertEqual(page_zh.sections["overview"], zh("sec.overview"))
        self.assertEqual(page_zh.sections["dispatch"], "派单流向")
        self.assertEqual(page_en.sections["comparison"], en("sec.comparison"))
        sweep_table = compare.paired_comparison(compare.load_index(SWEEP), BASELINE)
        for _, r in sweep_table[~sweep_table["identical"]].iterrows():
            self.assertEqual(page_en.cells[f"{r.point}|{r.indicator}|indicator"],
                             compare.indicator_name(r.indicator, "en"))
        for section_id, heading in page_en.sections.items():
            self.assertIsNone(CJK.search(heading), f"Chinese in an English heading: {heading}")
        text_zh = REPORTS["run-zh"][0].read_text(encoding="utf-8")
        for term in ("点单", "派单", "群众满意率", "孵化", "团干部", "即办件", "已服务"):
            self.assertIn(term, text_zh)

    def test_the_catalogue_is_complete_in_both_languages(self):
        self.assertEqual(report_i18n.check_catalogue(), [])
        broken = {"x": {"zh": "{a} 个", "en": "{b} of them"}, "y": {"zh": "只有中文"}}
        self.assertEqual(len(report_i18n.check_catalogue(broken)), 2)


# --- the sweep report ------------------------------------------------------------------------

class SweepReportTest(RecordedTest):

    @classmethod
    def setUpClass(cls):
        import report_sweep
        cls.report_sweep = report_sweep
        cls.index = compare.load_index(SWEEP)
        cls.table = compare.paired_comparison(cls.index, BASELINE)
        cls.standard = compare.reference_standard(cls.index)
        cls.path, cls.page = REPORTS["sweep-en"]

    def test_what_differs_is_in_the_table_and_the_rest_on_one_row(self):
        self.assertEqual(len(self.table), len(compare.INDICATORS))
        changed = self.table[~self.table["identical"]]
        self.assertTrue(len(changed), "the smoke policies differ in some indicator")
        for _, r in changed.iterrows():
            key = f"{r.point}|{r.indicator}"
            with self.subTest(row=key):
                self.assertIn(key, self.page.rows)
                self.assertEqual(self.page.cells[key + "|policy_mean"],
                                 compare._num(r.policy_mean))
                self.assertEqual(self.page.cells[key + "|baseline_mean"],
                                 compare._num(r.baseline_mean))
                self.assertEqual(self.page.cells[key + "|mean_difference"],
                                 compare._num(r.mean_difference) + (" *" if r.significant
                                                                    else ""))
                self.assertIn(compare._num(r.ci_low), self.page.cells[key + "|ci"])
                self.assertIn(compare._num(r.ci_high), self.page.cells[key + "|ci"])
                self.assertEqual(self.page.cells[key + "|p_better"], compare._share(r.p_better))
                self.assertEqual(self.page.cells[key + "|p_worse"], compare._share(r.p_worse))
        unchanged = self.table[self.table["identical"]]
        self.assertTrue(len(unchanged), "the smoke policies are the same in some indicator")
        text = html.unescape(self.path.read_text(encoding="utf-8"))
        comparison = re.search(r'<section id="comparison".*?</section>', text, re.S).group(0)
        listed = ", ".join(compare.indicator_name(i) for i in unchanged["indicator"])
        self.assertIn(f"unchanged (identical in every replication): {listed}", comparison)
        for _, r in unchanged.iterrows():
            self.assertNotIn(f"{r.point}|{r.indicator}", self.page.rows)

    def test_point_means_are_the_runs_in_the_tables_units(self):
        ok = self.index.ok
        for point in set(ok["point"]):
            runs = ok[ok["point"] == point]
            per_year = (runs["incubated"] / runs["years"]).mean()
            self.assertEqual(self.page.cells[f"mean|{point}|incubated"], compare._num(per_year))
            rate = (runs["satisfaction_rate"] * 100).mean()
            self.assertEqual(self.page.cells[f"mean|{point}|satisfaction_rate"],
                             compare._num(rate))

    def test_the_page_says_first_what_compare_says_first(self):
        notes = self.report_sweep.notes(self.index, BASELINE, self.table, "en")
        # the smoke policies differ only in the threshold, every behaviour model fixed
        self.assertTrue(any("nobody responds to the incubation rule" in n for n in notes))
        self.assertEqual(notes, compare.warning_lines(self.index, "en") + compare.response_lines(
            compare.response_notes(self.index, BASELINE, self.table), "en"))
        self.assertEqual(self.page.items["sweep-notes"], notes)
        self.assertEqual(REPORTS["sweep-zh"][1].items["sweep-notes"],
                         self.report_sweep.notes(self.index, BASELINE, self.table, "zh"))
        text = self.path.read_text(encoding="utf-8")
        order = [text.index(f'<section id="{s}"') for s in SWEEP_SECTIONS]
        self.assertEqual(order, sorted(order))

    def test_plain_language_and_plots_of_compare_are_embedded(self):
        text = self.path.read_text(encoding="utf-8")
        lines = compare.plain_language(self.table, BASELINE, standard=self.standard)
        self.assertEqual(self.page.items["plain-language"], lines.splitlines())
        self.assertIn("one fixed standard", self.page.items["plain-language"][0])
        ids = {"fig-sweep-forest", "fig-sweep-organization_rates", "fig-sweep-tier_stability"}
        self.assertTrue(all(f'id="{i}"' in text for i in ids))
        self.assertNotIn('id="fig-sweep-indicators"', text)
        forest = re.search(r'<section id="forest".*?</section>', text, re.S).group(0)
        self.assertIn('id="fig-sweep-forest"', forest)
        self.assertNotIn("plots", os.listdir(SWEEP), "the sweep folder was written to")

    def test_the_chinese_sweep_report_says_the_plain_language_lines_in_chinese(self):
        path, page = REPORTS["sweep-zh"]
        self.assertEqual(page.html.get("lang"), "zh-CN")
        zh = compare.plain_language(self.table, BASELINE, language="zh",
                                    standard=self.standard).splitlines()
        lines = page.items["plain-language"]
        self.assertEqual(lines, zh)
        for line in lines[1:]:
            self.assertTrue(line.startswith(f"{POLICY}与{BASELINE}相比（"), line)
            self.assertNotIn("没有可检测的差异", line)
        for line in lines:
            self.assertTrue(CJK.search(line), line)
            self.assertNotIn("replication", line)
        for line in self.page.items["plain-language"]:
            self.assertIsNone(CJK.search(line), line)
        self.assertEqual(page.sections["plain-language"], report_i18n.Catalogue("zh")("sec.plain"))
        self.assertEqual(page.sections["sweep-notes"], "先读这里")

    @unittest.skipUnless(HAS_FATE, "analysis/fate.py is not there yet")
    def test_who_changes_fate_is_fates_text(self):
        import fate
        for name, lang in (("sweep-en", "en"), ("sweep-zh", "zh")):
            with self.subTest(report=name):
                page = REPORTS[name][1]
                self.assertEqual(page.text_by_id["fate-text"],
                                 fate.format_fate(self.index, BASELINE, language=lang).strip())

    def test_the_pages_own_messages_are_complete_in_both_languages(self):
        self.assertEqual(report_i18n.check_catalogue(self.report_sweep.MESSAGES), [])
        shadowed = set(self.report_sweep.MESSAGES) & set(report_i18n.MESSAGES)
        self.assertEqual(shadowed, set(), "a message of the page hides the shared catalogue's")
        for unit in set(compare.UNITS.values()):
            self.assertIn(f"unit.{unit}", self.report_sweep.MESSAGES)


# --- the command line ------------------------------------------------------------------------

class Result:
    def __init__(self, returncode, stderr):
        self.returncode, self.stderr = returncode, stderr


def report_main(*args):
    """report.main(ARGS) in this process (no interpreter to start): its exit status and
    stderr."""
    import report
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = report.main([str(a) for a in args])
    return Result(code, err.getvalue())


class CommandLineTest(RecordedTest):
    """The command line's refusals. One through a real process; the others call report.main
    in this process."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(dir=TMP))

    def assert_refused(self, done, code, *words):
        self.assertEqual(done.returncode, code, done.stderr)
        for word in words:
            self.assertIn(str(word), done.stderr)
        self.assertEqual(list(self.dir.iterdir()), [], "something was written")

    def test_a_missing_input_exits_2_naming_it(self):
        missing = self.dir / "no-such.h5"
        self.assert_refused(run_report(missing, "-o", self.dir / "r.html"), 2, missing)

    def test_a_file_that_is_not_a_run_exits_2(self):
        bogus = TMP / "bogus.h5"
        bogus.write_text("not hdf5")
        self.assert_refused(report_main(bogus, "-o", self.dir / "r.html"), 2, bogus,
                            "not an orgsim run file")
        self.assert_refused(report_main(SWEEP / "sweep.h5", "-o", self.dir / "r.html"), 2,
                            "not an orgsim run file")

    def test_a_folder_that_is_not_a_sweep_exits_2(self):
        self.assert_refused(report_main(TMP / "nothing-here", "-o", self.dir / "r.html"), 2,
                            TMP / "nothing-here")
        empty = Path(tempfile.mkdtemp(dir=TMP))
        self.assert_refused(report_main(empty, "-o", self.dir / "r.html"), 2, "sweep.h5")

    def test_an_output_folder_that_does_not_exist_exits_2(self):
        out = self.dir / "missing" / "r.html"
        self.assert_refused(report_main(RUN, "-o", out), 2, out.parent)

    def test_an_unknown_baseline_exits_2_listing_the_policies(self):
        self.assert_refused(report_main(SWEEP, "--baseline", "nope", "-o", self.dir / "r.html"),
                            2, "nope", "seed-rule", "lower-threshold")
        self.assert_refused(report_main(RUN, "--baseline", "seed-rule", "-o",
                                        self.dir / "r.html"), 2, "--baseline")

    def test_a_failure_leaves_an_existing_report_as_it_was(self):
        out = self.dir / "r.html"
        out.write_text("the old report")
        bogus = TMP / "bogus-too.h5"
        bogus.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(100))  # an HDF5 signature, no file
        done = report_main(bogus, "-o", out)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn(str(bogus), done.stderr)
        self.assertEqual(out.read_text(), "the old report")
        self.assertEqual([p.name for p in self.dir.iterdir()], ["r.html"])

    def test_the_default_output_is_beside_the_input(self):
        import report
        self.assertEqual(report.default_output("results/base.h5"), "results/base.html")
        self.assertEqual(report.default_output(str(SWEEP) + "/"), str(SWEEP) + ".html")

    def test_no_cjk_font_fails_in_chinese_naming_the_package(self):
        import report_fonts
        saved = report_fonts.find_cjk_font
        report_fonts.find_cjk_font = lambda: None
        try:
            self.assert_refused(report_main(RUN, "-o", self.dir / "zh.html"), 3,
                                "fonts-noto-cjk")
        finally:
            report_fonts.find_cjk_font = saved

    def test_the_installed_cjk_font_is_found(self):
        import report_fonts
        self.assertIsNotNone(report_fonts.find_cjk_font(),
                             "no CJK font: install fonts-noto-cjk (scripts/install-deps)")
        self.assertIsNone(report_fonts.pick_cjk_family([("DejaVu Sans", "/nonexistent")]))


# --- headless Chromium -----------------------------------------------------------------------

def chromium(*args):
    profile = tempfile.mkdtemp(dir=TMP, prefix="chromium-")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


@unittest.skipIf(CHROMIUM is None, "chromium is not installed (scripts/install-deps)")
class ChromiumTest(RecordedTest):

    @classmethod
    def setUpClass(cls):
        run_path, sweep_path = REPORTS["run-zh"][0], REPORTS["sweep-en"][0]
        # the same page with one image that cannot be decoded: the marker must say so
        broken = TMP / "broken.html"
        text = run_path.read_text(encoding="utf-8")
        broken.write_text(re.sub(r'src="data:image/png;base64,[^"]*"',
                                 'src="data:image/png;base64,AAAA"', text, count=1),
                          encoding="utf-8")
        cls.screenshots = {"run": BUILD_DIR / "report.png",
                           "sweep": BUILD_DIR / "report-sweep.png",
                           "run-phone": BUILD_DIR / "report-phone.png",
                           "sweep-phone": BUILD_DIR / "report-sweep-phone.png"}
        for path in cls.screenshots.values():
            if path.exists():
                path.unlink()
        wait = "--virtual-time-budget=5000"  # let the page load and its script run
        jobs = {  # the DOM after loading, and a screenshot of the same load
            "run": (wait, "--window-size=1280,4000", f"--screenshot={cls.screenshots['run']}",
                    "--dump-dom", run_path.as_uri()),
            "sweep": (wait, "--window-size=1280,4000",
                      f"--screenshot={cls.screenshots['sweep']}", "--dump-dom",
                      sweep_path.as_uri()),
            "broken": (wait, "--dump-dom", broken.as_uri()),
            # a phone's width (an iPhone's 390 x 844 CSS pixels)
            "run-phone": (wait, f"--window-size={PHONE[0]},{PHONE[1]}",
                          f"--screenshot={cls.screenshots['run-phone']}", "--dump-dom",
                          run_path.as_uri()),
            "sweep-phone": (wait, f"--window-size={PHONE[0]},{PHONE[1]}",
                            f"--screenshot={cls.screenshots['sweep-phone']}", "--dump-dom",
                            sweep_path.as_uri()),
        }
        with ThreadPoolExecutor(3) as pool:
            cls.done = dict(zip(jobs, pool.map(lambda a: chromium(*a), jobs.values())))

    def dom(self, name):
        done = self.done[name]
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        self.assertIn("<body", done.stdout, done.stderr[-2000:])
        return Page(done.stdout)

    def check_loaded(self, name, ids):
        page = self.dom(name)
        self.assertEqual(page.body.get("data-report-status"), "ok",
                         page.text_by_id.get("report-errors", ""))
        self.assertEqual(page.text_by_id.get("report-errors", ""), "")
        for section_id in ids:
            self.assertIn(section_id, page.sections)
            self.assertTrue(page.sections[section_id])

    def test_the_run_report_loads_without_errors_and_shows_its_sections(self):
        self.check_loaded("run", RUN_SECTIONS)

    def test_the_sweep_report_loads_without_errors_and_shows_its_sections(self):
        self.check_loaded("sweep", SWEEP_SECTIONS)

    def test_a_broken_image_is_reported(self):
        page = self.dom("broken")
        self.assertEqual(page.body.get("data-report-status"), "error")
        self.assertIn("image", page.text_by_id.get("report-errors", ""))

    def test_on_a_phone_nothing_sticks_out_and_chart_text_is_at_least_10_px(self):
        for name in ("run-phone", "sweep-phone"):
            with self.subTest(report=name):
                page = self.dom(name)
                self.assertEqual(page.body.get("data-report-status"), "ok",
                                 page.text_by_id.get("report-errors", ""))
                self.assertEqual(page.body.get("data-overflow-px"), "0",
                                 "the page is wider than a phone's screen")
                self.assertEqual(page.body.get("data-squeezed-headers"), "0",
                                 "table headers broken about a character a line")
                # every chart's text as shown (the page's own measure: each image's smallest
                # text times the scale it is shown at); the sweep's plots are compare.py's
                self.assertIn("data-min-chart-text-px", page.body, "no chart was measured")
                self.assertGreaterEqual(float(page.body["data-min-chart-text-px"]), 10.0)

    def test_the_replay_draws_the_last_quarter_when_loaded(self):
        dom = self.done["run-phone"].stdout
        last = SUMMARY["tiers"][-1]["branches_per_tier"]
        for i, n in enumerate(last):
            self.assertRegex(dom, rf'id="replay-tier-{i}">{n}<')
        text = REPORTS["run-zh"][0].read_text(encoding="utf-8")
        data = json.loads(re.search(r'id="replay-data">(.*?)</script>', text, re.S).group(1))
        rated = [o for o in data["quarters"][-1]["orgs"] if None not in o[:2]]
        self.assertGreater(len(rated), 0)
        self.assertEqual(dom.count("<circle"), len(rated))

    def test_screenshots_are_saved_in_the_build_folder(self):
        import matplotlib.image
        for name, path in self.screenshots.items():
            with self.subTest(report=name):
                done = self.done[name]
                self.assertEqual(done.returncode, 0, done.stderr[-2000:])
                self.assertTrue(path.is_file(), f"no screenshot {path}")
                data = path.read_bytes()
                self.assertEqual(png_size(data), PHONE if name.endswith("phone") else (1280, 4000))
                self.assertGreater(len(data), 50_000)
                pixels = matplotlib.image.imread(str(path))[..., :3]
                colours = len({tuple(p) for p in pixels[::7, ::7].reshape(-1, 3).tolist()})
                self.assertGreater(colours, 100, "the screenshot is nearly blank")
                self.assertGreater(float(pixels.std()), 0.05)


if __name__ == "__main__":
    unittest.main()
