"""`orgsim explain` (issue 6): the explanation's numbers are the run file's.

Each test runs the orgsim binary on the default Ouhai year (about 0.3 s a run) with -o, then
`orgsim explain` on the file, parses the English text and compares every number it states
with the file as analysis/orgsim_results.py reads it, recomputing in Python what the file does
not hold (the means, the cut-offs, the gap, the rise of each component that would close it,
the noise's share, the Wilson intervals, "good by the reference standard"):
- a branch in a quarter: components, area and district means, weights and points, score,
  noise, rank, tier, allowance, the cut-offs of its tier and of the tier above, the gap, which
  components could close it alone, the noise's share of the gap, the tier without noise, the
  leader's effort (a tier changed by noise: the allowance "少得 / 多得" so much, unsigned); for
  branches at the top, at the bottom, changed by noise, by name and id;
  under area ranking with score cut-offs over two years too;
- an organization: each year's rates, counts and intervals, the rule's verdict, the decision,
  the true qualities and those its public experienced, the verdict of the reference standard
  (truth.*, recomputed here from the file's parameters) and of the run's own rule on the true
  qualities, wrongly denied / incubated against the standard, the support, the orders served,
  the number of declines and the first declines (protective organizations at threshold 0.85);
  a standard with the waits included whose threshold lies between an organization's true and
  experienced qualities makes it wrongly incubated, without changing the run;
- zh output uses the Chinese terms; bad names give the nearest names (exit 2); a quarter or
  year out of range, --branch with --org, a file that is not a run file: exit 2; a run file
  with a missing table: exit 4.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))

import h5py  # noqa: E402

import orgsim_results as r  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))

COMPONENTS = ["orders", "answered", "activities", "contacts", "duty", "satisfaction"]
COMPONENT_NAMES_EN = ["orders placed", "answered on time", "activities held",
                      "youths contacted", "duty attendance", "satisfaction"]
DECISION_EN = {"incubated": "incubated", "denied": "denied incubation",
               "not_enough_data": "not judged: not enough data"}
SUPPORT_EN = {"kept": "support kept", "shrunk": "support cut", "exited": "left"}
Z95 = 1.959963984540054

NUM = r"(-?[\d.]+)"
# Half a unit of the last decimal shown (2, 3 or 1 decimals), and a little for binary rounding.
HALF2, HALF3, HALF1 = 0.005 + 1e-9, 0.0005 + 1e-9, 0.05 + 1e-9


def run_to(path, *settings):
    cmd = [BINARY, "run", "--quiet", "-o", str(path)]
    for s in settings:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"{cmd} exited {done.returncode}: {done.stderr}")


def explain(path, *args, lang="en"):
    cmd = [BINARY, "explain", str(path), *[str(a) for a in args], "--lang", lang]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def explained(path, *args, lang="en"):
    done = explain(path, *args, lang=lang)
    if done.returncode != 0:
        raise AssertionError(f"explain {args} exited {done.returncode}: {done.stderr}")
    return done.stdout


def one(pattern, text):
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        raise AssertionError(f"no match for {pattern!r} in:\n{text}")
    return found.groups()


def wilson(x, n):
    p = x / n
    centre = p + Z95 * Z95 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n))
    return (centre - half) / (1 + Z95 * Z95 / n), (centre + half) / (1 + Z95 * Z95 / n)


def combined(a, s, combine, weight):
    """The number a rule (or the reference standard) compares with its threshold."""
    if combine == "both":
        return min(a, s)
    if combine == "mean":
        return (a + s) / 2
    return weight * a + (1 - weight) * s


def meets_standard(row, params):
    """Good by the reference standard (truth.*), recomputed: the true qualities, or with
    truth.waits = included the experienced ones when the organization had any."""
    a, s = row["true_attraction_quality"], row["true_satisfaction_quality"]
    if params["truth.waits"] == "included" and not (
            math.isnan(row["experienced_attraction"]) or
            math.isnan(row["experienced_satisfaction"])):
        a, s = row["experienced_attraction"], row["experienced_satisfaction"]
    return combined(a, s, params["truth.combine"], params["truth.attraction_weight"]) >= \
        params["truth.threshold"] - 1e-12


def plain(x):
    """A number as the explanation prints a parameter: at most 4 decimals, no trailing 0."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def standard_en(params):
    """The reference standard as the English explanation states it."""
    t = plain(params["truth.threshold"])
    combine = params["truth.combine"]
    if combine == "both":
        text = f"both true qualities at least {t}"
    elif combine == "mean":
        text = f"the mean of the true qualities at least {t}"
    else:
        w = plain(params["truth.attraction_weight"])
        text = f"attraction × {w} + satisfaction × (1 − {w}) at least {t}"
    return text + (", as experienced (waits included)" if params["truth.waits"] == "included"
                   else ", waits excluded")


class ExplainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_explain_")
        cls.dir = Path(cls.tmp.name)
        cls.base = cls.dir / "base.h5"
        cls.protective = cls.dir / "protective.h5"
        cls.cutoffs = cls.dir / "cutoffs.h5"
        run_to(cls.base)
        run_to(cls.protective, "behaviour.organization=protective", "incubation.threshold=0.85")
        run_to(cls.cutoffs, "run.years=2", "inspection.ranking=area", "tiers.scheme=score_cutoff",
               "behaviour.leader=tournament")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    # ---- a branch in a quarter ----

    def check_branch(self, path, branch, quarter, text):
        """Every number of the explanation of `branch` in 1-based `quarter` against the file."""
        params = r.meta(path)["params"]
        weights = [params[f"inspection.weight_{c}"] for c in COMPONENTS]
        q = r.quarterly(path)
        areas = r.branches(path)["area"]
        q = q[q["quarter"] == quarter].copy()
        q["area"] = areas.loc[q["branch"]].to_numpy()
        me = q[q["branch"] == branch].iloc[0]
        by_area = params["inspection.ranking"] == "area"
        scope = q[q["area"] == me["area"]] if by_area else q
        tier = int(me["tier"])
        tiers = len(params["tiers.amounts_yuan"])

        title = one(r"was in tier (\d+) in quarter (\d+) \(year (\d+)\)$", text)
        self.assertEqual(title, (str(tier + 1), str(quarter), str((quarter - 1) // 4 + 1)))
        self.assertAlmostEqual(float(one(r"effort this quarter " + NUM, text)[0]), me["effort"],
                               delta=HALF2)

        lines = re.findall(r"^  (.+?): " + NUM + r" \(area mean " + NUM + r", district mean " +
                           NUM + r"\) x weight " + NUM + r" = " + NUM + r" points$", text,
                           re.MULTILINE)
        self.assertEqual([line[0] for line in lines], COMPONENT_NAMES_EN)
        same_area = q[q["area"] == me["area"]]
        for (name, value, area_mean, district_mean, weight, points), c, w in zip(
                lines, COMPONENTS, weights):
            self.assertAlmostEqual(float(value), me[c], delta=HALF3, msg=name)
            self.assertAlmostEqual(float(area_mean), same_area[c].mean(), delta=HALF3, msg=name)
            self.assertAlmostEqual(float(district_mean), q[c].mean(), delta=HALF3, msg=name)
            self.assertAlmostEqual(float(weight), w, places=6, msg=name)
            self.assertAlmostEqual(float(points), 100 * w * me[c], delta=HALF2, msg=name)

        weighted, noise, score = map(float, one(
            r"^Weighted points " + NUM + r", inspectors' noise ([+-][\d.]+) points .*: score " +
            NUM + r"\.$", text))
        self.assertAlmostEqual(score, me["score"], delta=HALF2)
        self.assertAlmostEqual(noise, me["noise_points"], delta=HALF2)
        self.assertAlmostEqual(weighted, me["score"] - me["noise_points"], delta=HALF2)

        rank, ranked, where, shown_tier, allowance = one(
            r"^Rank (\d+) of (\d+) in (the district|its area) → tier (\d+), allowance " + NUM +
            r" yuan this quarter\.$", text)
        self.assertEqual(int(rank), me["rank"])
        self.assertEqual(int(ranked), len(scope))
        self.assertEqual(where, "its area" if by_area else "the district")
        self.assertEqual(int(shown_tier), tier + 1)
        self.assertAlmostEqual(float(allowance), me["allowance_yuan"], delta=HALF2)

        # The cut-offs, recomputed: the scheme's, or the lowest score each tier took in scope.
        if params["tiers.scheme"] == "score_cutoff":
            cut = list(params["tiers.score_cutoffs"])
        else:
            cut = [scope.loc[scope["tier"] <= t, "score"].min() for t in range(tiers - 1)]
        stated = {int(t) - 1: float(v) for t, v in re.findall(
            r"^Cut-off of tier (\d+) \(.*\): " + NUM + r"\.$", text, re.MULTILINE)}
        expected = {t: cut[t] for t in (tier - 1, tier) if 0 <= t < tiers - 1}
        self.assertEqual(set(stated), set(expected))
        for t, value in expected.items():
            self.assertAlmostEqual(stated[t], value, delta=HALF2)
        if tier == tiers - 1:
            self.assertIn(f"It is in the bottom tier, tier {tier + 1}, which has no cut-off.", text)

        if tier == 0:
            self.assertIn("It is in the top tier: there is no tier above.", text)
            self.assertNotIn("Gap to the tier above", text)
        else:
            gap = cut[tier - 1] - me["score"]
            above, _, stated_gap = one(r"^Gap to the tier above \(tier (\d+), allowance " + NUM +
                                       r" yuan\): " + NUM + r" points\.", text)
            self.assertEqual(int(above), tier)
            self.assertAlmostEqual(float(stated_gap), gap, delta=HALF2)
            could = []
            for c, w, name in zip(COMPONENTS, weights, COMPONENT_NAMES_EN):
                need = gap / (100 * w)
                if need <= 1 - me[c]:
                    could.append(name)
                    found = one(r"^  " + re.escape(name) + r": \+" + NUM + r" \(" + NUM +
                                r" → " + NUM + r"\): could close it$", text)
                    self.assertAlmostEqual(float(found[2]), me[c] + need, delta=HALF3)
                else:
                    found = one(r"^  " + re.escape(name) + r": \+" + NUM +
                                r" needed, at most \+" + NUM + r" possible: could not$", text)
                    self.assertAlmostEqual(float(found[1]), 1 - me[c], delta=HALF3)
                self.assertAlmostEqual(float(found[0]), need, delta=HALF3, msg=name)
            if could:
                self.assertIn("Components that alone would have closed the gap: " +
                              ", ".join(could) + ".", text)
            else:
                self.assertIn("No component alone would have closed the gap.", text)
            if me["noise_points"] < 0:
                points, share = one(r"noise took " + NUM + r" points off the score: " + NUM +
                                    r"% of the gap", text)
                self.assertAlmostEqual(float(points), -me["noise_points"], delta=HALF2)
                self.assertAlmostEqual(float(share),
                                       100 * min(1.0, -me["noise_points"] / gap), delta=HALF1)

        without_tier, too, without_allowance = one(
            r"it would have been in tier (\d+)( too)? \(allowance " + NUM + r" yuan\)", text)
        self.assertEqual(int(without_tier), me["tier_without_noise"] + 1)
        self.assertEqual(bool(too), me["tier_without_noise"] == me["tier"])
        self.assertAlmostEqual(float(without_allowance), me["allowance_without_noise_yuan"],
                               delta=HALF2)
        if me["tier_without_noise"] != me["tier"]:  # the amount unsigned, its direction in words
            amount, direction = one(r"it got " + NUM + r" yuan (less|more) this quarter", text)
            moved = me["allowance_yuan"] - me["allowance_without_noise_yuan"]
            self.assertAlmostEqual(float(amount), abs(moved), delta=HALF2)
            self.assertEqual(direction, "less" if moved < 0 else "more")

    def branches_of_interest(self, path, quarter):
        q = r.quarterly(path)
        q = q[q["quarter"] == quarter]
        wanted = [q["tier"] == 0, q["tier"] == q["tier"].max(),
                  q["tier"] != q["tier_without_noise"], (q["noise_points"] < 0) & (q["tier"] > 0),
                  (q["noise_points"] > 0) & (q["tier"] > 0)]
        picks = {int(q.loc[w, "branch"].iloc[0]) for w in wanted if w.any()}
        self.assertGreaterEqual(len(picks), 3)
        return sorted(picks)

    def test_branch_numbers_equal_the_file(self):
        for quarter in (1, 4):
            for branch in self.branches_of_interest(self.base, quarter):
                with self.subTest(quarter=quarter, branch=branch):
                    text = explained(self.base, "--branch", branch, "--quarter", quarter)
                    self.check_branch(self.base, branch, quarter, text)

    def test_branch_by_name_and_the_last_quarter_by_default(self):
        names = r.branches(self.base)
        name = names.loc[7, "name"]
        by_name = explained(self.base, "--branch", name)
        self.assertEqual(by_name, explained(self.base, "--branch", 7, "--quarter", 4))
        self.check_branch(self.base, 7, 4, by_name)
        self.assertIn(name, by_name)
        self.assertIn(names.loc[7, "leader"], by_name)
        self.assertIn(names.loc[7, "town_name"], by_name)

    def test_area_ranking_and_score_cutoffs(self):
        for quarter in (2, 7):
            for branch in self.branches_of_interest(self.cutoffs, quarter):
                with self.subTest(quarter=quarter, branch=branch):
                    text = explained(self.cutoffs, "--branch", branch, "--quarter", quarter)
                    self.check_branch(self.cutoffs, branch, quarter, text)

    def test_branch_in_chinese(self):
        text = explained(self.base, "--branch", 3, "--quarter", 2, lang="zh")
        tier = int(r.quarterly(self.base).query("quarter == 2 and branch == 3")["tier"].iloc[0])
        for term in (f"第{tier + 1}档", "点单数", "按时回音", "群众满意", "督查误差", "补贴分档",
                     "片区", "兼职村社团组织负责人", "分数线"):
            self.assertIn(term, text)
        self.assertNotIn("points", text)

    def test_a_tier_changed_by_noise_says_how_much_less_or_more_in_chinese(self):
        q = r.quarterly(self.base)
        q = q[(q["quarter"] == 1) & (q["tier"] != q["tier_without_noise"])]
        for direction, word in ((q["allowance_yuan"] < q["allowance_without_noise_yuan"], "少得"),
                                (q["allowance_yuan"] > q["allowance_without_noise_yuan"], "多得")):
            with self.subTest(word=word):
                self.assertTrue(direction.any())
                me = q[direction].iloc[0]
                text = explained(self.base, "--branch", int(me["branch"]), "--quarter", 1,
                                 lang="zh")
                amount = abs(me["allowance_yuan"] - me["allowance_without_noise_yuan"])
                self.assertIn(f"本季度因此{word} {amount:.0f} 元", text)
                self.assertNotIn("相差", text)
                self.assertNotIn("-", text.split("误差改变了档次")[1].split("\n")[0])

    # ---- an organization ----

    def check_org(self, path, org, text):
        params = r.meta(path)["params"]
        threshold = params["incubation.threshold"]
        self.assertEqual(params["incubation.combine"], "both")
        self.assertEqual(params["incubation.estimator"], "raw")
        days = params["run.days"]
        inc = r.incubations(path)
        orgs = r.organizations(path)
        orders = r.orders(path)
        declines = r.declines(path)
        rows = inc[inc["org"] == org]
        self.assertGreater(len(rows), 0)
        blocks = text.strip().split("\n\n")
        self.assertEqual(len(blocks), len(rows))
        for block, (_, row) in zip(blocks, rows.iterrows()):
            year = int(row["year"])
            name, _, shown_year, decision = one(r"^(.+) \((.+)\), year (\d+): (.+)$", block)
            self.assertEqual(name, orgs.loc[org, "name"])
            self.assertEqual(int(shown_year), year)
            self.assertEqual(decision, DECISION_EN[row["decision"]])
            self.assertEqual(int(one(r"^(\d+) services evaluated", block)[0]),
                             row["evaluations"])
            for label, x, n, rate in (("attraction", "attended", "targeted", "attraction_rate"),
                                      ("satisfaction", "satisfied", "votes",
                                       "satisfaction_rate")):
                part, whole, value, low, high = one(
                    r"^  " + label + r" rate \(.+\): (\d+) of (\d+) = " + NUM +
                    r" \(95% Wilson interval " + NUM + r" to " + NUM + r"\)$", block)
                self.assertEqual((int(part), int(whole)), (row[x], row[n]))
                self.assertAlmostEqual(float(value), row[rate], delta=HALF3)
                lo, hi = wilson(row[x], row[n])
                self.assertAlmostEqual(float(low), lo, delta=HALF3)
                self.assertAlmostEqual(float(high), hi, delta=HALF3)
            a, s, combined, line, verdict = one(
                r"judged: attraction " + NUM + r", satisfaction " + NUM + r"; the value compared "
                r"with the threshold: " + NUM + r" against " + NUM + r": (passes|fails)\.", block)
            self.assertAlmostEqual(float(a), row["attraction_rate"], delta=HALF3)
            self.assertAlmostEqual(float(s), row["satisfaction_rate"], delta=HALF3)
            self.assertAlmostEqual(float(combined),
                                   min(row["attraction_rate"], row["satisfaction_rate"]),
                                   delta=HALF3)
            self.assertAlmostEqual(float(line), threshold)
            self.assertEqual(verdict == "passes", row["decision"] == "incubated")
            self.assertIn(f"Decision: {DECISION_EN[row['decision']]}.", block)
            self.assertNotIn("Note:", block)

            qa, qs = one(r"^True qualities \(hidden from the rule\): attraction " + NUM +
                         r", satisfaction " + NUM + r"\.$", block)
            self.assertAlmostEqual(float(qa), row["true_attraction_quality"], delta=HALF3)
            self.assertAlmostEqual(float(qs), row["true_satisfaction_quality"], delta=HALF3)
            felt = re.search(r"^As its public experienced them, lowered by the year's waits: "
                             r"attraction " + NUM + r", satisfaction " + NUM + r"\.$", block,
                             re.MULTILINE)
            has_felt = not (math.isnan(row["experienced_attraction"]) or
                            math.isnan(row["experienced_satisfaction"]))
            self.assertEqual(felt is not None, has_felt)
            if felt:
                self.assertAlmostEqual(float(felt.group(1)), row["experienced_attraction"],
                                       delta=HALF3)
                self.assertAlmostEqual(float(felt.group(2)), row["experienced_satisfaction"],
                                       delta=HALF3)
            standard, good, verdict = one(
                r"^Against the reference standard \((.+); the same for every policy\): "
                r"(good|below the standard); the policy's own rule (passes|fails) on the true "
                r"qualities\.$", block)
            self.assertEqual(standard, standard_en(params))
            meets = meets_standard(row, params)
            self.assertEqual(good == "good", meets)
            self.assertEqual(verdict == "passes",
                             min(row["true_attraction_quality"],
                                 row["true_satisfaction_quality"]) >= threshold - 1e-12)
            denied_good = meets and row["decision"] == "denied"
            incubated_below = not meets and row["decision"] == "incubated"
            self.assertEqual("So it was wrongly denied: good by the reference standard, yet "
                             "denied." in block, denied_good)
            self.assertEqual("So it was wrongly incubated: below the reference standard, yet "
                             "incubated." in block, incubated_below)
            self.assertEqual("For want of data it was not judged." in block,
                             not denied_good and row["decision"] == "not_enough_data")
            self.assertEqual("The decision agrees with the reference standard." in block,
                             not (denied_good or incubated_below or
                                  row["decision"] == "not_enough_data"))
            if year < params["run.years"]:
                self.assertIn(f"Afterwards: {SUPPORT_EN[row['support']]}; staff for the next "
                              f"year {row['staff_after']}.", block)
            else:
                self.assertIn("This is the run's last year: the decision has no consequence "
                              "inside the run.", block)

            year_h = (orders["finished_h"] // (days * 24)).clip(upper=inc["year"].max() - 1) + 1
            served = orders[(orders["assignee_kind"] == "social_org") &
                            (orders["assignee"] == org) & (orders["state"] == "served") &
                            (year_h == year)]
            self.assertEqual(int(one(r"^Orders it served this year: (\d+)\.$", block)[0]),
                             len(served))
            self.assertEqual(len(served), row["evaluations"])

            mine = declines[(declines["org"] == org) &
                            ((declines["time_h"] // (days * 24)).clip(upper=inc["year"].max() - 1)
                             + 1 == year)]
            if len(mine) == 0:
                self.assertIn("It declined no order this year.", block)
                continue
            self.assertEqual(int(one(r"^It declined (\d+) orders this year", block)[0]),
                             len(mine))
            # the time dated from run.start_date (the default scenario's 2024-01-01)
            listed = re.findall(r"^  [A-Z][a-z]{2} \d+/\d+ \d\d:\d\d: order (\d+) \(.+?\), "
                                r"running rate " + NUM +
                                r", expected " + NUM + r"; finally", block, re.MULTILINE)
            self.assertEqual(len(listed), min(5, len(mine)))
            for (order_id, standing, expected), (_, d) in zip(listed, mine.iterrows()):
                self.assertEqual(int(order_id), d["order_id"])
                self.assertAlmostEqual(float(standing), d["standing"], delta=HALF3)
                self.assertAlmostEqual(float(expected), d["expected_rate"], delta=HALF3)
            if len(mine) > 5:
                self.assertIn(f"... and {len(mine) - 5} more", block)

    def test_every_organization_of_the_protective_year(self):
        declines = r.declines(self.protective)
        self.assertGreater(len(declines), 0)
        orgs = r.organizations(self.protective)
        for org in orgs.index:
            with self.subTest(org=int(org)):
                self.check_org(self.protective, int(org),
                               explained(self.protective, "--org", int(org)))

    def test_the_wrongly_denied_organization_of_the_default_year(self):
        params = r.meta(self.base)["params"]
        inc = r.incubations(self.base)
        good = inc.apply(lambda row: meets_standard(row, params), axis=1)
        wrong = inc[good & (inc["decision"] == "denied")]
        self.assertGreater(len(wrong), 0)
        org = int(wrong["org"].iloc[0])
        name = r.organizations(self.base).loc[org, "name"]
        text = explained(self.base, "--org", name, "--year", 1)
        self.check_org(self.base, org, text)
        self.assertIn("So it was wrongly denied", text)

    def test_an_organization_judged_as_its_public_experienced_it(self):
        # The default year again, judged against a weighted standard with the waits included,
        # its threshold between what an incubated organization truly was and what its public
        # experienced: below the standard, so wrongly incubated; the same events otherwise.
        inc = r.incubations(self.base)
        w = 0.3
        truly = inc.apply(lambda x: combined(x["true_attraction_quality"],
                                             x["true_satisfaction_quality"], "weighted", w), axis=1)
        felt = inc.apply(lambda x: combined(x["experienced_attraction"],
                                            x["experienced_satisfaction"], "weighted", w), axis=1)
        gap = (truly - felt)[inc["decision"] == "incubated"]
        row = int(gap.idxmax())
        threshold = round(truly[row] - gap[row] / 2, 4)
        self.assertTrue(felt[row] < threshold <= truly[row], (felt[row], truly[row]))
        org = int(inc.loc[row, "org"])
        path = self.dir / "experienced.h5"
        run_to(path, "truth.waits=included", "truth.combine=weighted",
               f"truth.attraction_weight={w}", f"truth.threshold={threshold}")
        self.assertEqual(r.meta(path)["fingerprint"], r.meta(self.base)["fingerprint"])
        text = explained(path, "--org", org)
        self.check_org(path, org, text)
        self.assertIn(f"Against the reference standard (attraction × 0.3 + satisfaction × (1 − "
                      f"0.3) at least {plain(threshold)}, as experienced (waits included); the "
                      f"same for every policy): below the standard; ", text)
        self.assertIn("So it was wrongly incubated", text)
        zh = explained(path, "--org", org, lang="zh")
        for term in ("群众实际感受到的质量", "参照标准（吸引 × 0.3 + 满意 × (1 − 0.3) 不低于 "
                     f"{plain(threshold)}，按群众实际感受（计入等待），对每个政策都相同）：未达标",
                     "因此属于误孵：按参照标准未达标，却予以孵化。"):
            self.assertIn(term, zh)
        # Judged on its true qualities by the same standard, the organization was good.
        self.assertIn("The decision agrees with the reference standard.",
                      explained(self.base, "--org", org))

    def test_two_years_one_block_each_and_year_selection(self):
        org = 5
        both = explained(self.cutoffs, "--org", org)
        self.check_org(self.cutoffs, org, both)
        second = explained(self.cutoffs, "--org", org, "--year", 2)
        self.assertEqual(second.strip(), both.strip().split("\n\n")[1])

    def test_org_in_chinese(self):
        text = explained(self.protective, "--org", 0, lang="zh")
        for term in ("孵化", "两率", "群众吸引率", "群众满意率", "门槛", "真实质量", "拒接",
                     "参照标准（两项真实质量均不低于 0.8，不计等待，对每个政策都相同）",
                     "本政策自己的规则对真实质量"):
            self.assertIn(term, text)
        self.assertNotIn("truly good", text)

    # ---- bad input ----

    def test_unknown_names_give_the_nearest(self):
        names = r.branches(self.base)["name"].tolist()
        wanted = names[12].replace("街道", "街头", 1) if "街道" in names[12] else names[12] + "x"
        done = explain(self.base, "--branch", wanted)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, "")
        listed = done.stderr.strip().split("nearest: ", 1)[1].split(", ")
        self.assertEqual(len(listed), 5)
        self.assertEqual(listed[0], names[12])
        self.assertTrue(set(listed) <= set(names))
        done = explain(self.base, "--org", "青年社会组", lang="zh")
        self.assertEqual(done.returncode, 2)
        self.assertIn("最接近的", done.stderr)
        self.assertIn(r.organizations(self.base).loc[0, "name"], done.stderr)

    def test_bad_arguments_and_files(self):
        cases = [
            (["--branch", 0, "--quarter", 5], "quarter 5 is out of range: this run's inspected "
                                              "quarters are 1 to 4"),
            (["--branch", 0, "--quarter", 0], "1 to 4"),
            (["--org", 0, "--year", 2], "year 2 is out of range: this run's years are 1 to 1"),
            (["--branch", 0, "--org", 0], "either --branch or --org"),
            ([], "either --branch or --org"),
            (["--org", 0, "--quarter", 1], "--quarter goes with --branch"),
            (["--branch", 0, "--year", 1], "--year goes with --org"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                done = explain(self.base, *args)
                self.assertEqual(done.returncode, 2)
                self.assertIn(message, done.stderr)
        done = subprocess.run([BINARY, "explain", str(self.base), "--org", "0", "--lang", "fr"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 2)

        not_run = self.dir / "not_run.h5"
        not_run.write_text("not an HDF5 file\n")
        self.assertEqual(explain(not_run, "--org", 0).returncode, 2)
        self.assertEqual(explain(self.dir / "missing.h5", "--org", 0).returncode, 2)

        broken = self.dir / "broken.h5"
        shutil.copy(self.base, broken)
        with h5py.File(broken, "a") as f:
            del f["agents/branches_names"]
        done = explain(broken, "--branch", 0)
        # A table missing from the file is a damaged file (exit 2, naming it), not an I/O error.
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("/agents/branches_names is missing", done.stderr)

    def test_help(self):
        done = subprocess.run([BINARY, "explain", "--help"], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(done.returncode, 0)
        for option in ("--branch", "--quarter", "--org", "--year", "--lang"):
            self.assertIn(option, done.stdout)


if __name__ == "__main__":
    unittest.main()
