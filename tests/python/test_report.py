"""Tests of analysis/report.py (the HTML report of a run file or a sweep folder).

Runs `orgsim run` once on a tenth of the district and `orgsim sweep scenarios/sweeps/smoke.ini`
once, makes the reports through the command line (the run's in Chinese, the sweep's in
English and in Chinese), then checks:

- the numbers: the orders total, per-state, per-source, per-kind and per-channel counts,
  escalations, the share answered on time, waits, the two rates, the incubation decisions and
  the truly good organizations, the tiers and allowances per quarter and the officials' duty
  hours shown in the report equal those of `orgsim summary FILE --json`; the flow tables add
  up; the sweep report holds every row of compare.py's table, formatted as compare.py prints
  it, its plain-language lines in the report's language (compare.plain_language's, word for
  word) and compare.py's plots;
- the page: one self-contained file (no URL but data: PNGs, which decode), every section
  with its heading, the language of the labels (one catalogue, both languages complete);
- the command line: a missing or unreadable input, an output folder that does not exist, an
  unknown baseline exit 2 naming the path and write nothing (an existing report is left as it
  was); no CJK font with --lang zh exits 3 naming fonts-noto-cjk;
- in headless Chromium (`chromium --headless --no-sandbox --disable-gpu`): both reports load
  without errors (the page's own status marker, <body data-report-status="ok">, after
  --dump-dom) and show every section; a page with a broken image is reported as an error;
  screenshots are saved as report.png and report-sweep.png in the build folder (the folder
  of ORGSIM_BINARY) and are non-trivial.

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
import io
import json
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
import report_i18n  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
BUILD_DIR = Path(BINARY).resolve().parent
REPORT = SOURCE_DIR / "analysis" / "report.py"
SMOKE = SOURCE_DIR / "scenarios" / "sweeps" / "smoke.ini"
CHROMIUM = shutil.which("chromium")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CJK = re.compile(r"[\u4e00-\u9fff]")
RUN_SECTIONS = ["overview", "dispatch", "organizations", "tiers", "duty", "provenance"]
SWEEP_SECTIONS = ["sweep-overview", "comparison", "plain-language", "tier-stability",
                  "sweep-plots", "sweep-runs"]
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


def setUpModule():
    global TMP, RUN, SWEEP, SUMMARY
    if not os.access(BINARY, os.X_OK):
        raise RuntimeError(f"orgsim binary not found: {BINARY} (set ORGSIM_BINARY)")
    TMP = Path(tempfile.mkdtemp(prefix="orgsim-report-test-"))
    RUN, SWEEP = TMP / "run.h5", TMP / "smoke"
    commands = [[BINARY, "run", "--set", "district.scale=0.1", "--seed", "3", "--quiet",
                 "-o", str(RUN)],
                [BINARY, "sweep", str(SMOKE), "-o", str(SWEEP), "--jobs", "2"]]
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda c: subprocess.run(c, capture_output=True, text=True,
                                                      timeout=120), commands))
    for cmd, d in zip(commands, done):
        if d.returncode != 0:
            raise AssertionError(f"{cmd} exited {d.returncode}: {d.stderr}")
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

    def test_incubation_decisions_and_truly_good_equal_the_summary(self):
        inc = SUMMARY["incubation"]
        for key in ("incubated", "denied", "not_enough_data", "truly_good"):
            with self.subTest(key=key):
                self.assertEqual(self.page.int(f"incubation.{key}"), inc[key])
        self.assertEqual(self.page.int("incubation.denied.truly_good"), inc["wrongly_denied"])
        self.assertEqual(self.page.int("incubation.incubated.not_truly_good"),
                         inc["wrongly_incubated"])
        self.assertEqual(self.page.int("incubation.organizations"),
                         SUMMARY["population"]["social_orgs"])

    def test_tiers_and_allowances_per_quarter_equal_the_summary(self):
        self.assertEqual(len(SUMMARY["tiers"]), 4)
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
        for a in (1, 2, 3):
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
        self.assertEqual(page_en.cells["lower-threshold|incubated|indicator"], "incubated")
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
        cls.index = compare.load_index(SWEEP)
        cls.table = compare.paired_comparison(cls.index, BASELINE)
        cls.path, cls.page = REPORTS["sweep-en"]

    def test_every_row_of_compares_table_is_in_the_report(self):
        self.assertEqual(len(self.table), len(compare.INDICATORS))
        for _, r in self.table.iterrows():
            key = f"{r.point}|{r.indicator}"
            with self.subTest(row=key):
                self.assertIn(key, self.page.rows)
                self.assertEqual(self.page.cells[key + "|policy_mean"],
                                 compare._num(r.policy_mean))
                self.assertEqual(self.page.cells[key + "|baseline_mean"],
                                 compare._num(r.baseline_mean))
                self.assertEqual(self.page.cells[key + "|mean_difference"],
                                 compare._num(r.mean_difference))
                self.assertIn(compare._num(r.ci_low), self.page.cells[key + "|ci"])
                self.assertIn(compare._num(r.ci_high), self.page.cells[key + "|ci"])
                self.assertEqual(self.page.cells[key + "|p_better"], compare._share(r.p_better))
                self.assertEqual(self.page.cells[key + "|p_worse"], compare._share(r.p_worse))

    def test_point_means_are_the_runs(self):
        ok = self.index.ok
        for point in set(ok["point"]):
            mean = ok.loc[ok["point"] == point, "incubated"].mean()
            self.assertEqual(self.page.cells[f"mean|{point}|incubated"], compare._num(mean))

    def test_plain_language_and_plots_of_compare_are_embedded(self):
        text = self.path.read_text(encoding="utf-8")
        self.assertEqual(self.page.items["plain-language"],
                         compare.plain_language(self.table, BASELINE).splitlines())
        ids = {"fig-sweep-indicators", "fig-sweep-organization_rates",
               "fig-sweep-tier_stability"}
        self.assertTrue(all(f'id="{i}"' in text for i in ids))
        self.assertNotIn("plots", os.listdir(SWEEP), "the sweep folder was written to")

    def test_the_chinese_sweep_report_says_the_plain_language_lines_in_chinese(self):
        path, page = REPORTS["sweep-zh"]
        self.assertEqual(page.html.get("lang"), "zh-CN")
        zh = compare.plain_language(self.table, BASELINE, language="zh").splitlines()
        en = compare.plain_language(self.table, BASELINE).splitlines()
        lines = page.items["plain-language"]
        self.assertEqual(lines, zh)
        self.assertEqual(self.page.items["plain-language"], en)  # the English report's
        for line in lines:
            self.assertTrue(line.startswith(f"{POLICY}（"), line)
            self.assertTrue(CJK.search(line), line)
            self.assertNotIn("replication", line)
        for line in en:
            self.assertIsNone(CJK.search(line), line)
        # no "(in English)" note on the lines any more; the plots' labels still are English
        text = path.read_text(encoding="utf-8")
        plain = re.search(r'<section id="plain-language".*?</section>', text, re.S).group(0)
        self.assertNotIn("英文", plain)
        self.assertNotIn('lang="en"', plain)
        plots = re.search(r'<section id="sweep-plots".*?</section>', text, re.S).group(0)
        self.assertIn("英文", plots)
        self.assertEqual(page.sections["plain-language"], report_i18n.Catalogue("zh")("sec.plain"))


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
                           "sweep": BUILD_DIR / "report-sweep.png"}
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

    def test_screenshots_are_saved_in_the_build_folder(self):
        import matplotlib.image
        for name, path in self.screenshots.items():
            with self.subTest(report=name):
                done = self.done[name]
                self.assertEqual(done.returncode, 0, done.stderr[-2000:])
                self.assertTrue(path.is_file(), f"no screenshot {path}")
                data = path.read_bytes()
                self.assertEqual(png_size(data), (1280, 4000))
                self.assertGreater(len(data), 50_000)
                pixels = matplotlib.image.imread(str(path))[..., :3]
                colours = len({tuple(p) for p in pixels[::7, ::7].reshape(-1, 3).tolist()})
                self.assertGreater(colours, 100, "the screenshot is nearly blank")
                self.assertGreater(float(pixels.std()), 0.05)


if __name__ == "__main__":
    unittest.main()
