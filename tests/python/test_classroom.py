"""Tests of the classroom server (analysis/classroom.py) without a browser.

- it serves only 127.0.0.1 by default and prints its address; the page, its script and the
  chart library come from this machine, with a Content-Security-Policy that allows nothing
  else;
- the year it serves equals the run's own JSON summary (orders, incubated, branches per tier
  and those the inspectors' error moved, per quarter) and the fingerprint of ``orgsim run``;
- settings from the page that do not validate come back with ``orgsim validate``'s own lines,
  each with the key it names; nothing is run;
- bad requests (not JSON, unknown paths and runs, bad keys and values, a bad story query, too
  large a body) get a 4xx JSON answer and the server keeps serving;
- the run file downloads as an attachment;
- a story's lines come with the day each tells of, a dated line ("1月13日 周六") on the day
  the same story told with run.start_date = none numbers.

The browser test (tests/browser/classroom.test.mjs, ctest browser_classroom) drives the page.
Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR, set by ctest. Run with /usr/bin/python3.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))
BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
SEED = 2
SETTINGS = ["district.scale=0.2"]

import classroom  # noqa: E402
import classroom_year  # noqa: E402

SERVER = PORT = SUMMARY = None


def setUpModule():
    global SERVER, PORT, SUMMARY
    args = [a for s in SETTINGS for a in ("--set", s)]
    SERVER = subprocess.Popen([sys.executable, str(SOURCE_DIR / "analysis" / "classroom.py"),
                               "--port", "0", "--seed", str(SEED), "--orgsim", BINARY, *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = SERVER.stdout.readline()
    match = re.match(r"classroom: http://([\d.]+):(\d+)/", line)
    if not match:
        SERVER.kill()
        raise AssertionError(f"no address: {line!r} {SERVER.stderr.read()}")
    assert match.group(1) == "127.0.0.1", line
    PORT = int(match.group(2))
    done = subprocess.run([BINARY, "run", "--seed", str(SEED), *args, "--quiet", "--json"],
                          capture_output=True, text=True, timeout=120, check=True)
    SUMMARY = json.loads(done.stdout)


def tearDownModule():
    if SERVER is not None:
        SERVER.terminate()
        SERVER.wait(timeout=10)


def request(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def get_json(path):
    response, data = request("GET", path)
    return response.status, json.loads(data)


class ServesThePageTest(unittest.TestCase):

    def test_the_page_script_and_chart_library_are_served_with_a_strict_policy(self):
        for path, kind in (("/", "text/html"), ("/classroom.js", "text/javascript"),
                           ("/classroom.css", "text/css"), ("/echarts.min.js", "text/javascript")):
            with self.subTest(path=path):
                response, data = request("GET", path)
                self.assertEqual(response.status, 200)
                self.assertTrue(response.getheader("Content-Type").startswith(kind))
                self.assertIn("default-src 'none'", response.getheader("Content-Security-Policy"))
                self.assertGreater(len(data), 100)
        _, page = request("GET", "/")
        self.assertNotRegex(page.decode("utf-8"), r"(src|href)=\"https?:")

    def test_the_run_file_downloads(self):
        response, data = request("GET", "/api/run/0/file")
        self.assertEqual(response.status, 200)
        self.assertIn("attachment", response.getheader("Content-Disposition"))
        self.assertEqual(data[:8], b"\x89HDF\r\n\x1a\n")


class TheYearEqualsTheRunTest(unittest.TestCase):

    def test_numbers_equal_the_summary_of_the_same_run(self):
        status, run = get_json("/api/run/0")
        self.assertEqual(status, 200)
        year = run["year"]
        self.assertEqual(run["fingerprint"], SUMMARY["fingerprint"])
        self.assertEqual(year["fingerprint"], SUMMARY["fingerprint"])
        self.assertEqual(year["orders_total"], SUMMARY["orders"]["total"])
        self.assertEqual(sum(sum(s) for s in year["daily"]["by_source"].values()),
                         SUMMARY["orders"]["total"])
        for source, n in SUMMARY["orders"]["by_source"].items():
            self.assertEqual(sum(year["daily"]["by_source"][source]), n)
        self.assertEqual(sum(year["daily"]["escalated"]), SUMMARY["orders"]["escalated"])
        for key in ("incubated", "denied", "not_enough_data"):
            self.assertEqual(year["incubation"][key], SUMMARY["incubation"][key])
        self.assertEqual(len(year["quarters"]), len(SUMMARY["tiers"]))
        for mine, theirs in zip(year["quarters"], SUMMARY["tiers"]):
            with self.subTest(quarter=theirs["quarter"]):
                self.assertEqual(mine["per_tier"], theirs["branches_per_tier"])
                self.assertEqual(mine["changed_by_noise"], theirs["changed_by_noise"])
        self.assertEqual(year["district"], "瓯海区")
        self.assertEqual(year["start_date"], "2024-01-01")  # the default scenario's day 0


class RefusedSettingsTest(unittest.TestCase):

    def test_validate_messages_come_back_by_key(self):
        settings = {"incubation.threshold": "2", "tiers.shares": "0.5,0.2"}
        response, data = request("POST", "/api/run", json.dumps({"settings": settings}))
        self.assertEqual(response.status, 200)
        body = json.loads(data)
        self.assertTrue(body["refused"])
        args = [a for s in SETTINGS + [f"{k}={v}" for k, v in settings.items()]
                for a in ("--set", s)]
        done = subprocess.run([BINARY, "validate", str(SOURCE_DIR / "scenarios" / "ouhai.ini"),
                               "--seed", str(SEED), *args], capture_output=True, text=True)
        expected = [line for line in done.stderr.splitlines() if not line.startswith("orgsim:")]
        self.assertEqual([p["message"] for p in body["problems"]], expected)
        self.assertEqual({p["key"] for p in body["problems"]}, set(settings))
        self.assertEqual(len(get_json("/api/runs")[1]), 1, "nothing was run")

    def test_problems_are_matched_to_the_key_they_name(self):
        lines = ("--set: incubation.threshold: 2: out of range; allowed: [0, 1]\n"
                 "x.ini: tiers.shares, tiers.amounts_yuan: 2 shares, 4 amounts: ...\n"
                 "orgsim: 2 problems; nothing was run or written\n")
        self.assertEqual([p["key"] for p in classroom.problems_of(
            lines, {"incubation.threshold", "tiers.amounts_yuan"})],
            ["incubation.threshold", "tiers.amounts_yuan"])


class BadRequestsTest(unittest.TestCase):

    def test_bad_requests_get_an_answer_and_the_server_keeps_serving(self):
        cases = [("POST", "/api/run", b"not json", 400),
                 ("POST", "/api/run", b'["a"]', 400),
                 ("POST", "/api/run", b'{"settings": 3}', 400),
                 ("POST", "/elsewhere", b"{}", 404),
                 ("GET", "/api/run/99", None, 404),
                 ("GET", "/api/run/abc/file", None, 404),
                 ("GET", "/api/changes/0/7", None, 404),
                 ("GET", "/api/run/0/story", None, 400),
                 ("GET", "/api/run/0/story?branch=x", None, 400),
                 ("GET", "/api/run/0/story?branch=1&lang=fr", None, 400),
                 ("GET", "/api/run/0/story?branch=1&quarter=q", None, 400),
                 ("GET", "/../../etc/passwd", None, 404)]
        for method, path, body, status in cases:
            with self.subTest(method=method, path=path, body=body):
                response, data = request(method, path, body)
                self.assertEqual(response.status, status, data)
                self.assertIn("error", json.loads(data))
        for settings in ({"x; rm": "1"}, {"run.seed": "1\n2"}, {"run.seed": [1]}):
            with self.subTest(settings=settings):  # refused, each next to its key
                response, data = request("POST", "/api/run", json.dumps({"settings": settings}))
                self.assertEqual(response.status, 200)
                body = json.loads(data)
                self.assertTrue(body["refused"])
                self.assertEqual([p["key"] for p in body["problems"]], list(settings))
        response, _ = request("POST", "/api/run", b"{}", {"Content-Length": "999999999"})
        self.assertEqual(response.status, 413)
        self.assertEqual(get_json("/api/runs")[0], 200)
        self.assertIsNone(SERVER.poll(), "the server stopped")

    def test_a_story_is_told(self):
        status, story = get_json("/api/run/0/story?branch=3&quarter=1&lang=zh")
        self.assertEqual(status, 200)
        self.assertTrue(story["lines"])
        self.assertIn("第1季度", story["explain"])


class StoryDaysTest(unittest.TestCase):
    """The day of each story line, by which the page shows the story so far: a dated line
    ("1月13日 周六 09:30" / "Sat 1/13 09:30") falls on the day the same story told with
    run.start_date = none numbers ("第12天 09:30" / "day 12 09:30")."""

    def test_dated_lines_fall_on_the_days_the_day_numbers_say(self):
        args = [a for s in SETTINGS for a in ("--set", s)]
        for lang in ("zh", "en"):
            with self.subTest(lang=lang):
                status, story = get_json(f"/api/run/0/story?branch=3&lang={lang}")
                self.assertEqual(status, 200)
                numbered = subprocess.run(
                    [BINARY, "run", "--seed", str(SEED), *args, "--set", "run.start_date=none",
                     "--quiet", "--narrate", lang, "--follow", "branch=3"],
                    capture_output=True, text=True, timeout=120, check=True).stdout.splitlines()
                self.assertEqual(len(numbered), len(story["lines"]))
                days = classroom_year.story_days(
                    numbered, {"start_date": None, "days": 365})
                self.assertEqual(story["days"], days)
                self.assertGreater(sum(d is not None for d in days), 10)
                dated = next(line for line, d in zip(story["lines"], days) if d is not None)
                self.assertRegex(dated, r"^\s*(\d+月\d+日 周.|[A-Z][a-z]{2} \d+/\d+) \d\d:\d\d")

    def test_a_date_is_the_first_day_on_or_after_the_previous_line(self):
        lines = ["—— 第1季度 ——", "  1月1日 周一 00:00  a", "  day 3 09:00  b",
                 "  12月30日 周一 06:00  c", "  Wed 1/1 06:00  d", "  1月1日 周一 00:00  e"]
        view = {"start_date": "2024-01-01", "days": 730}
        # 2024-12-30 is day 364; Wednesday 2025-01-01 day 366; Monday 1 January next in 2029
        self.assertEqual(classroom_year.story_days(lines, view),
                         [None, 0, 3, 364, 366, None])
        self.assertEqual(classroom_year.story_days(lines, {"start_date": None,
                                                                      "days": 730}),
                         [None, None, 3, None, None, None])


if __name__ == "__main__":
    unittest.main()
