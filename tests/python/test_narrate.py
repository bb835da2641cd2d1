"""The story of the year (`orgsim run --narrate zh|en --follow KIND=NAME`, issue 6) against the
run file of the same run.

Each story is told from the run's live events; these tests run the binary with `-o FILE.h5` as
well and check that THE STORY'S NUMBERS EQUAL THE FILE'S, read with analysis/orgsim_results.py:
- a branch: its orders (ids, times, assignees, final states, escalations; the counts per
  state, category), each quarter's inspection (the six components, score, rank, tier,
  allowance, effort, the inspectors' noise and the tier without it) and its activities; the
  Chinese story tells the same orders with the Chinese terms of the system, naming the
  categories by their Chinese labels (demand.category_labels_zh);
- a social organization (protective, so it declines orders): the orders it took, the orders it
  declined, its incubation decision with its counts and true quality;
- an official (fatigued, so colleagues cover shifts): shifts, misses, covers and hours;
- one order: its path (placed, declined, started, closed) against its row; an id that never
  occurs is said so at the end;
- bad input (a name that does not exist, an unknown KIND, --narrate without --follow and the
  reverse) exits 2 with the nearest names or what is allowed and writes nothing;
- --json with --narrate: the JSON keeps stdout, the story goes to stderr, and the run (its
  fingerprint) is the run without a story.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import datetime
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))

import orgsim_results as r  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))

BRANCH = "娄桥街道·村社团组织3"  # a branch of the default Ouhai district
# Protective organizations decline orders near a high threshold; tired officials swap shifts.
BEHAVING = ["--set", "behaviour.organization=protective", "--set", "incubation.threshold=0.85",
            "--set", "behaviour.roster=fatigue"]

STATE_EN = {"served": "served and evaluated",
            "gave_up": "gave up (the service point was closed)",
            "cancelled_no_venue": "cancelled: no venue",
            "cancelled_no_money": "cancelled: no money",
            "open_at_year_end": "still open at the end"}
STATE_ZH = {"served": "已服务并评价", "gave_up": "服务点未开放，群众离开",
            "cancelled_no_venue": "因无阵地取消", "cancelled_no_money": "因无经费取消",
            "open_at_year_end": "期末仍未办结"}
DECISION_EN = {"incubated": "incubated", "denied": "denied incubation",
               "not_enough_data": "not judged: not enough data"}
COMPONENTS_EN = ["orders placed", "answered on time", "activities held", "youths contacted",
                 "duty attendance", "satisfaction"]
COMPONENT_COLUMNS = ["orders", "answered", "activities", "contacts", "duty", "satisfaction"]

# The stories are dated from run.start_date, 2024-01-01 in the default scenario ("Tue 1/2 09:15");
# DatesTest tells one with run.start_date = none ("day 1 09:15").
START = datetime.date(2024, 1, 1)
WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
TIME = r"((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+/\d+) (\d\d):(\d\d)"
TIME_ZH = r"\d+月\d+日 周[一二三四五六日] \d\d:\d\d"
ORDER_LINE = re.compile(r"^  " + TIME + r"  order #(\d+): (.*)$")
ORG_ORDER_LINE = re.compile(r"^  " + TIME + r"  order #(\d+) from (.+?): (.*)$")
DECLINE_LINE = re.compile(r"^  " + TIME + r"  declined order #(\d+): its running rate "
                          r"([\d.]+)%, it expected ([\d.]+)% from this service(.*)$")
INSPECTION_LINE = re.compile(
    r"^  " + TIME + r"  quarter (\d+) inspection: (.*) → score (-?[\d.]+) points, rank (\d+) "
    r"of (\d+), tier (\d+) of (\d+), allowance (\d+) yuan; the leader's effort ([\d.]+)$")
NOISE_LINE = re.compile(r"^  " + TIME + r"  inspectors' noise in the score: ([-+][\d.]+) points; "
                        r"without it: tier (\d+), allowance (\d+) yuan")
ACTIVITY_LINE = re.compile(r"^  " + TIME + r"  activity held, cost (\d+) yuan$")


def at(hours):
    """The story's time of an hour of the run: "Tue 1/2 09:15" (dated from START)."""
    minutes = math.floor(hours * 60 + 0.5)  # as C's llround (half away from zero)
    day = START + datetime.timedelta(days=minutes // 1440)
    return (f"{WEEKDAYS_EN[day.weekday()]} {day.month}/{day.day} "
            f"{minutes % 1440 // 60:02d}:{minutes % 60:02d}")


def time_of(match):
    return f"{match.group(1)} {match.group(2)}:{match.group(3)}"


def assert_shown(test, shown, value, decimals):
    """`shown` is `value` printed with `decimals` digits (rounded either way at a tie)."""
    test.assertLessEqual(abs(float(shown) - value), 0.5 * 10 ** -decimals + 1e-9, (shown, value))


def orgsim(*args):
    return subprocess.run([BINARY, "run", "--quiet", *args], capture_output=True, text=True,
                          timeout=120)


def tell(out, language, follow, *settings):
    """`orgsim run SETTINGS --narrate LANGUAGE --follow FOLLOW -o OUT`: the story (stdout)."""
    done = orgsim(*settings, "--narrate", language, "--follow", follow, "-o", str(out))
    if done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}: {done.stderr}")
    return done.stdout


def assignee_en(order, orgs, units):
    kind = order["assignee_kind"]
    if kind == "social_org":
        return "social organization " + orgs.at[int(order["assignee"]), "name"]
    if kind == "partner_unit":
        return "partner unit " + units.at[int(order["assignee"]), "name"]
    if kind == "district_committee":
        return "the district committee (团区委)"
    return "nobody"


class BranchStoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_narrate_")
        d = Path(cls.tmp.name)
        cls.file = d / "branch.h5"
        cls.en = tell(cls.file, "en", "branch=" + BRANCH)
        cls.zh = tell(d / "branch_zh.h5", "zh", "branch=" + BRANCH)
        branches = r.branches(cls.file)
        cls.branch = int(branches.index[branches["name"] == BRANCH][0])
        orders = r.orders(cls.file)
        cls.orders = orders[orders["branch"] == cls.branch].set_index("id")
        params = r.meta(cls.file)["params"]
        cls.quarter_h = params["run.days"] * 24 / 4
        cls.categories = params["demand.categories"]
        cls.categories_zh = params["demand.category_labels_zh"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_title_names_the_branch_of_the_file(self):
        self.assertTrue(self.en.startswith(f"The year of branch {BRANCH} (娄桥街道"), self.en[:200])

    def test_every_order_of_the_branch_once_with_its_time_assignee_and_state(self):
        orgs, units = r.organizations(self.file), r.partner_units(self.file)
        told = {}
        for line in self.en.splitlines():
            m = ORDER_LINE.match(line)
            if m:
                self.assertNotIn(int(m.group(4)), told)
                told[int(m.group(4))] = (time_of(m), m.group(5))
        self.assertGreater(len(told), 50)
        self.assertEqual(set(told), set(self.orders.index))
        for order_id, (time, text) in told.items():
            o = self.orders.loc[order_id]
            self.assertEqual(time, at(o["created_h"]), order_id)
            self.assertIn(f", category {self.categories[o['category']]} → "
                          f"{assignee_en(o, orgs, units)}", text)
            self.assertIn("; " + STATE_EN[o["state"]], text)
            self.assertEqual("escalated (督办)" in text, bool(o["escalated"]), order_id)
            if o["state"] == "served":
                self.assertIn(f", {o['attended']} of {o['targeted']} came, {o['satisfied']} of "
                              f"{o['votes']} votes satisfied", text)
                self.assertIn(f"; waited {o['started_h'] - o['created_h']:.1f} h", text)

    def test_the_totals_per_final_state_and_per_quarter(self):
        total = [line for line in self.en.splitlines() if line.startswith("The whole run:")]
        self.assertEqual(len(total), 1)
        total = total[0]
        self.assertTrue(total.startswith(f"The whole run: orders {len(self.orders)} ("), total)
        for state, n in self.orders["state"].value_counts().items():
            if n > 0:
                self.assertIn(f"{STATE_EN[state]}: {n}", total)
        self.assertIn(f"; escalated {int(self.orders['escalated'].sum())};", total)
        placed_in = (self.orders["created_h"] // self.quarter_h).clip(0, 3).astype(int)
        for q in range(4):
            line = f"  Quarter {q + 1} in all: orders {int((placed_in == q).sum())} ("
            self.assertIn(line, self.en)

    def test_each_quarter_inspection_equals_the_files(self):
        quarterly = r.quarterly(self.file)
        mine = quarterly[quarterly["branch"] == self.branch].set_index("quarter")
        inspections = [m for m in map(INSPECTION_LINE.match, self.en.splitlines()) if m]
        noises = [m for m in map(NOISE_LINE.match, self.en.splitlines()) if m]
        self.assertEqual(len(inspections), 4)
        self.assertEqual(len(noises), 4)
        for m, noise in zip(inspections, noises):
            q = int(m.group(4))
            row = mine.loc[q]
            self.assertEqual(time_of(m), at(q * self.quarter_h))
            components = m.group(5).split(", ")
            for name, column, text in zip(COMPONENTS_EN, COMPONENT_COLUMNS, components):
                self.assertTrue(text.startswith(name + " "), text)
                assert_shown(self, text[len(name) + 1:], row[column], 2)
            assert_shown(self, m.group(6), row["score"], 1)
            self.assertEqual(int(m.group(7)), row["rank"])
            self.assertEqual(int(m.group(8)), (quarterly["quarter"] == q).sum())  # ranked
            self.assertEqual(int(m.group(9)), row["tier"] + 1)
            self.assertEqual(int(m.group(11)), round(row["allowance_yuan"]))
            assert_shown(self, m.group(12), row["effort"], 2)
            assert_shown(self, noise.group(4), row["noise_points"], 1)
            self.assertEqual(int(noise.group(5)), row["tier_without_noise"] + 1)
            self.assertEqual(int(noise.group(6)), round(row["allowance_without_noise_yuan"]))
        allowance = round(mine["allowance_yuan"].sum())
        self.assertIn(f"allowance {allowance} yuan in all", self.en)

    def test_the_activities_held_are_the_files(self):
        activities = r.branch_activities(self.file)
        held = activities[(activities["branch"] == self.branch) &
                          (activities["outcome"] == "held")]
        told = [m for m in map(ACTIVITY_LINE.match, self.en.splitlines()) if m]
        self.assertGreater(len(held), 0)
        self.assertEqual([time_of(m) for m in told], [at(h) for h in held["time_h"]])
        self.assertEqual([int(m.group(4)) for m in told],
                         [round(c) for c in held["cost_yuan"]])
        self.assertIn(f"; activities held {len(held)}, cancelled ", self.en.splitlines()[-1])

    def test_the_chinese_story_tells_the_same_orders_in_the_terms_of_the_system(self):
        ids = [int(i) for i in re.findall(r"^  " + TIME_ZH + r"  第(\d+)号单：", self.zh, re.M)]
        self.assertEqual(sorted(ids), sorted(self.orders.index))
        # Categories by their Chinese labels (demand.category_labels_zh, one per category).
        self.assertEqual(len(self.categories_zh), len(self.categories))
        told = dict((int(i), name) for i, name in re.findall(
            r"^  " + TIME_ZH + r"  第(\d+)号单：.*?，类别 (\S+) → ", self.zh, re.M))
        self.assertEqual(set(told), set(self.orders.index))
        for order_id, name in told.items():
            self.assertEqual(name, self.categories_zh[self.orders.at[order_id, "category"]])
        for name in self.categories:
            self.assertNotIn(name, self.zh)
        for term in ("村社团组织", "群众所求", "即办件", "社会组织", "已服务并评价", "第1季度督查",
                     "排名第", "补贴", "档", "督查误差", "全程合计"):
            self.assertIn(term, self.zh)
        for word in ("order #", "served and evaluated", "Quarter", "inspection", "yuan", "day "):
            self.assertNotIn(word, self.zh)
        for state, n in self.orders["state"].value_counts().items():
            if n > 0:
                self.assertIn(f"{STATE_ZH[state]}{n}件", self.zh.splitlines()[-1])
        quarterly = r.quarterly(self.file)
        mine = quarterly[quarterly["branch"] == self.branch].set_index("quarter")
        for q in range(1, 5):
            self.assertIn(f"第{q}季度督查：", self.zh)
            self.assertIn(f"排名第{mine.at[q, 'rank']}（共", self.zh)
            self.assertIn(f"第{mine.at[q, 'tier'] + 1}档（共4档）", self.zh)


class BehavingAgentsTest(unittest.TestCase):
    """An organization that declines orders, an official whose colleagues cover shifts, and
    one order's path, in a year where people respond to the rules."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_narrate_")
        cls.dir = Path(cls.tmp.name)
        cls.file = cls.dir / "pick.h5"  # the same run, told by nobody: to pick whom to follow
        done = orgsim(*BEHAVING, "-o", str(cls.file))
        assert done.returncode == 0, done.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_an_organization_its_orders_declines_and_incubation(self):
        declines = r.declines(self.file)
        org = int(declines["org"].value_counts().index[0])
        name = r.organizations(self.file).at[org, "name"]
        out = self.dir / "org.h5"
        story = tell(out, "en", "org=" + name, *BEHAVING)
        self.assertTrue(story.startswith(f"The year of social organization {name} ("))
        orders = r.orders(out)
        mine = orders[(orders["assignee_kind"] == "social_org") & (orders["assignee"] == org)]
        branches = r.branches(out)
        told = {int(m.group(4)): m for m in map(ORG_ORDER_LINE.match, story.splitlines()) if m}
        self.assertEqual(set(told), set(mine["id"]))
        for _, o in mine.iterrows():
            m = told[int(o["id"])]
            self.assertEqual(m.group(5), branches.at[int(o["branch"]), "name"])
            self.assertEqual(time_of(m), at(o["dispatched_h"]))
            self.assertIn("; " + STATE_EN[o["state"]], m.group(6))
        declines = r.declines(out)
        its = declines[declines["org"] == org]
        told = [m for m in map(DECLINE_LINE.match, story.splitlines()) if m]
        self.assertGreater(len(its), 0)
        self.assertEqual(sorted(int(m.group(4)) for m in told), sorted(its["order_id"]))
        by_id = orders.set_index("id")
        orgs, units = r.organizations(out), r.partner_units(out)
        for m in told:
            d = its[its["order_id"] == int(m.group(4))].iloc[0]
            assert_shown(self, m.group(5), 100 * d["standing"], 1)
            assert_shown(self, m.group(6), 100 * d["expected_rate"], 1)
            then = by_id.loc[int(m.group(4))]
            self.assertIn(f"then went to {assignee_en(then, orgs, units)}: "
                          f"{STATE_EN[then['state']]}", m.group(7))
        total = story.splitlines()[-1]
        self.assertTrue(total.startswith(f"The whole run: orders taken {len(mine)} ("), total)
        self.assertIn(f"; declined {len(its)};", total)
        decision = r.incubations(out).set_index("org").loc[org]
        self.assertIn(f"year 1 incubation (孵化) decision: {decision['evaluations']} services "
                      f"evaluated; attraction rate ", story)
        self.assertIn(f"({decision['attended']} of {decision['targeted']} people came)", story)
        self.assertIn(f"({decision['satisfied']} of {decision['votes']} votes)", story)
        self.assertIn(f"→ {DECISION_EN[decision['decision']]}\n", story)
        self.assertIn("the rule (both rates at least 85%, the raw ratio) judged", story)
        # The verdict is the reference standard's (truth.*: both true qualities at least
        # truth.threshold, waits excluded), not the run's own rule (threshold 0.85 here).
        params = r.meta(out)["params"]
        self.assertEqual((params["truth.combine"], params["truth.waits"]), ("both", "excluded"))
        good = min(decision["true_attraction_quality"],
                   decision["true_satisfaction_quality"]) >= params["truth.threshold"] - 1e-12
        verdict = "good by the reference standard" if good else "below the reference standard"
        self.assertIn(f"true quality (hidden from the rule): attraction "
                      f"{100 * decision['true_attraction_quality']:.1f}%, satisfaction "
                      f"{100 * decision['true_satisfaction_quality']:.1f}%; {verdict}\n", story)
        self.assertTrue(total.endswith(f"incubation: year 1 {DECISION_EN[decision['decision']]}"))

    def test_the_rule_reads_in_words_in_chinese(self):
        org = r.organizations(self.file).index[0]
        story = tell(self.dir / "org-zh.h5", "zh", f"org={org}", *BEHAVING)
        self.assertIn("按规则（两率均不低于85%，按原始比率）", story)
        self.assertNotIn("both", story)
        self.assertNotIn("raw", story)

    def test_an_official_shifts_misses_covers_and_hours(self):
        shifts = r.duty_shifts(self.file)
        official = shifts[shifts["role"] == "official"]
        covered = official[official["covered_for"] >= 0]
        self.assertGreater(len(covered), 0, "fatigue should make somebody swap a shift")
        person = int(covered["covered_for"].iloc[0])  # a colleague covered this one's shift
        officials = r.officials(self.file)
        name = officials.at[person, "name"]
        story = tell(self.dir / "official.h5", "zh", "official=" + name, *BEHAVING)
        row = officials.loc[person]
        own = official[official["person"] == person]
        covering = int((own["covered_for"] >= 0).sum())
        covered_by = int((official["covered_for"] == person).sum())
        self.assertEqual(
            story.splitlines()[-1],
            f"全程合计：班次{row['shifts']}个，到岗{row['shifts'] - row['shifts_missed']}个"
            f"（其中替同事顶班{covering}个），缺岗{row['shifts_missed']}个，由同事顶班{covered_by}个；"
            f"值班共{row['duty_h']:.1f}小时")
        self.assertEqual(story.count("替其在"), covered_by)
        self.assertEqual(story.count("缺岗："), row["shifts_missed"])

    def test_one_orders_path(self):
        orders = r.orders(self.file)
        declined = orders[(orders["declines"] > 0) & (orders["state"] == "served")]
        o = declined.sort_values("declines", ascending=False).iloc[0]
        story = tell(self.dir / "order.h5", "en", f"order={o['id']}", *BEHAVING)
        lines = story.splitlines()
        self.assertEqual(lines[0], f"The path of order #{o['id']}")
        branch = r.branches(self.file).at[int(o["branch"]), "name"]
        self.assertIn(f"  {at(o['created_h'])}  placed by ", story)
        self.assertIn(f"from branch {branch} (", story)
        self.assertEqual(story.count(" declined it: its running rate "), o["declines"])
        orgs, units = r.organizations(self.file), r.partner_units(self.file)
        self.assertIn(f"  {at(o['started_h'])}  {assignee_en(o, orgs, units)} started the service "
                      f"(answered) after a wait of {o['started_h'] - o['created_h']:.1f} h", story)
        self.assertIn(f"  {at(o['finished_h'])}  service finished after ", story)
        self.assertIn(f": {o['attended']} of {o['targeted']} people came, {o['satisfied']} of "
                      f"{o['votes']} votes satisfied", story)
        self.assertIn(f"  {at(o['closed_h'])}  closed: served and evaluated", story)
        self.assertEqual("escalated (督办)" in story, bool(o["escalated"]))
        # The lines of the path are in time order.
        times = [tuple(map(int, re.findall(r"\d+", time_of(m)))) for m in
                 (re.match(r"^  " + TIME, line) for line in lines) if m]  # (month, day, h, m)
        self.assertEqual(times, sorted(times))

    def test_an_order_that_never_occurs_is_said_so(self):
        n = len(r.orders(self.file))
        story = tell(self.dir / "none.h5", "en", f"order={n + 1000}", *BEHAVING)
        self.assertEqual(story.splitlines()[-1],
                         f"order #{n + 1000} did not occur in this run: it placed {n} orders "
                         f"(#0 to #{n - 1})")


class DatesTest(unittest.TestCase):
    """run.start_date (a Monday; 2024-01-01 in the default scenario) dates the story:
    "3月31日 周五 06:00"; with run.start_date = none it numbers the days: "第89天 06:00". The date
    only names day 0: the run is the same."""

    def test_the_same_story_told_with_day_numbers(self):
        with tempfile.TemporaryDirectory(prefix="orgsim_narrate_") as tmp:
            days = tell(Path(tmp) / "days.h5", "zh", "branch=" + BRANCH,
                        "--set", "run.start_date=none")
            dated = tell(Path(tmp) / "dates.h5", "zh", "branch=" + BRANCH)
            orders = r.orders(Path(tmp) / "dates.h5")
        self.assertIn("运行从 2024-01-01 星期一开始", dated)
        self.assertIn("（时间为运行的第几天与钟点；第0天是星期一）", days)
        self.assertNotIn("运行从", days)
        self.assertIn("—— 第1季度（1月1日 周一 00:00 至 4月1日 周一 06:00）——", dated)
        self.assertEqual(len(days.splitlines()), len(dated.splitlines()))
        weekdays = "一二三四五六日"
        start = datetime.date(2024, 1, 1)
        lines = dict(zip(days.splitlines(), dated.splitlines()))
        told = 0
        for plain, with_date in lines.items():
            m = re.match(r"^  第(\d+)天 (\d\d:\d\d)  第(\d+)号单", plain)
            if not m:
                continue
            day = start + datetime.timedelta(days=int(m.group(1)))
            self.assertTrue(with_date.startswith(
                f"  {day.month}月{day.day}日 周{weekdays[day.weekday()]} {m.group(2)}  "
                f"第{m.group(3)}号单"), with_date)
            told += 1
        self.assertGreater(told, 10)
        self.assertGreater(len(orders), 0)

    def test_the_start_date_does_not_change_the_run(self):
        fingerprints = set()
        for value in ("none", "2024-01-01", "2029-01-01"):
            done = orgsim("--set", "district.scale=0.1", "--set", f"run.start_date={value}",
                          "--json")
            self.assertEqual(done.returncode, 0, done.stderr)
            fingerprints.add(json.loads(done.stdout)["fingerprint"])
        self.assertEqual(len(fingerprints), 1, fingerprints)

    def test_a_start_date_must_be_a_monday(self):
        for value, problem in (("2024-01-02", "not a Monday"), ("2023-02-30", "not a date"),
                               ("1.1.2024", "not a date")):
            with self.subTest(value=value):
                done = orgsim("--set", f"run.start_date={value}", "--narrate", "zh", "--follow",
                              "branch=" + BRANCH)
                self.assertEqual(done.returncode, 2)
                self.assertIn(f"run.start_date: {value}: {problem}", done.stderr)


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="orgsim_narrate_")
        self.out = Path(self.tmp.name) / "x.h5"

    def tearDown(self):
        self.tmp.cleanup()

    def assert_refused(self, done, *expected):
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertEqual(done.stdout, "")
        for text in expected:
            self.assertIn(text, done.stderr)
        self.assertEqual(list(Path(self.tmp.name).iterdir()), [])  # nothing written

    def test_a_name_that_does_not_exist_gives_the_nearest(self):
        done = orgsim("--narrate", "en", "--follow", "branch=娄桥街道·村社团组织300",
                      "-o", str(self.out))
        self.assert_refused(done, "--follow branch=娄桥街道·村社团组织300: no such branch",
                            "nearest: 娄桥街道·村社团组织3", "nothing was run or written")
        done = orgsim("--narrate", "zh", "--follow", "official=娄桥街道团干部1", "-o", str(self.out))
        self.assert_refused(done, "no such official", "nearest: 娄桥街道·团干部1")

    def test_kind_language_and_the_pair_of_options(self):
        self.assert_refused(orgsim("--narrate", "en", "--follow", "village=x", "-o", str(self.out)),
                            "unknown kind 'village'", "branch=NAME, org=NAME")
        self.assert_refused(orgsim("--narrate", "fr", "--follow", "branch=1", "-o", str(self.out)),
                            "--narrate fr: not a language; allowed: zh, en")
        self.assert_refused(orgsim("--narrate", "en", "-o", str(self.out)), "no --follow")
        self.assert_refused(orgsim("--follow", "branch=1", "-o", str(self.out)), "no --narrate")
        self.assert_refused(orgsim("--narrate", "en", "--follow", "order=x", "-o", str(self.out)),
                            "not an order id")


class JsonAndStoryTest(unittest.TestCase):
    def test_json_keeps_stdout_the_story_goes_to_stderr_and_the_run_is_the_same(self):
        plain = orgsim("--json")
        told = orgsim("--json", "--narrate", "en", "--follow", "branch=" + BRANCH)
        self.assertEqual(told.returncode, 0, told.stderr)
        a, b = json.loads(plain.stdout), json.loads(told.stdout)
        self.assertEqual(a["fingerprint"], b["fingerprint"])
        a.pop("wall_seconds"), b.pop("wall_seconds")
        self.assertEqual(a, b)
        self.assertTrue(told.stderr.startswith(f"The year of branch {BRANCH} ("))
        # Without --json the story replaces the summary table on stdout.
        story = orgsim("--narrate", "en", "--follow", "branch=" + BRANCH).stdout
        self.assertEqual(story, told.stderr)
        self.assertNotIn("fingerprint", story)


if __name__ == "__main__":
    unittest.main()
