#!/usr/bin/python3
"""The HTML report of an orgsim run file or sweep folder: one self-contained page.

    /usr/bin/python3 analysis/report.py results/base.h5 -o results/base.html
    /usr/bin/python3 analysis/report.py results/threshold -o results/threshold.html
    /usr/bin/python3 analysis/report.py results/base.h5 --lang en

INPUT is a run file (``orgsim run ... -o FILE.h5``, docs/RESULTS.md) or a sweep folder (``orgsim
sweep SWEEP.ini -o FOLDER``, docs/SWEEPS.md). The page needs no network: the plots are PNGs
embedded as base64 data URLs and the style is inline, so the one file can be mailed or opened
offline. Every number and plot is computed from the input.

A run's report starts, when the run has any (/summary/warnings), with a box of warnings
(``<div id="run-warnings">``): each queue that does not settle, its backlog or the growth of
its waits, and what that means for the run's numbers. Then these sections
(``<section id=...>``):

- ``overview``: the year at a glance: orders by final state, source, kind, channel and
  service category (the categories' Chinese labels, demand.category_labels_zh, in Chinese);
  escalations, the share answered on time and the orders still waiting at the run's end;
  waiting and response times, the wait with the orders still waiting counted to the run's
  end (censored there); the two rates; plots of the orders arising each week by source, the
  waits (by kind, and weekly), and the weekly satisfaction rate;
- ``dispatch``: the dispatch flow, source -> assignee kind -> final state, as a flow diagram
  and two cross tables; the backlog and the waits of each half of the run per assignee kind,
  and whether each queue settles;
- ``organizations``: the two rates of every social organization against the incubation
  threshold (and the reference standard where it differs), with each one's true (hidden)
  quality marked; the reference standard stated, and the decisions against it (good ones
  denied or left undecided, ones below it incubated) beside the policy's own rule on the true
  qualities; decision x reference standard; the decisions the standard calls wrong;
- ``tiers``: branches per allowance tier and allowance per quarter, and tier transitions
  between consecutive quarters;
- ``noise``: the luck in the ranking told in words: how many branch-quarters the inspectors'
  error put in another tier (as the summary's tier_noise), the share of the scores' variance
  that is that error, the allowance it moved; per quarter;
- ``replay``: a quarter slider inside the page (no server; report_replay.py) that redraws
  that quarter's branches per tier, the top and bottom of its ranking, the tiers the error
  moved and the organizations' two rates so far that year (an SVG scatter with the threshold);
- ``activities``: the branches' activities (held, cancelled) and the youths they contacted,
  per quarter, and the leaders who gave up (under an adaptive or tournament leader model);
- ``duty``: each official's hours on duty and shifts missed, and by town;
- ``provenance``: the file's provenance and its effective scenario (INI).

A sweep's report has ``sweep-overview`` (each point's mean indicators), ``comparison``
(analysis/compare.py's paired table against ``--baseline``, default the sweep's first
policy), ``plain-language`` (compare.py's sentences, in the report's language), ``tier-stability``,
``sweep-plots`` (compare.py's three plots) and ``sweep-runs`` (failed runs, provenance).

``--lang zh`` (the default) or ``en``: every label comes from one message catalogue
(analysis/report_i18n.py), domain terms as in the project's glossary. Chinese needs a CJK font
for the plots (Debian: fonts-noto-cjk); without one, ``--lang zh`` fails with a message naming
the package (``--lang en`` still works and writes ids instead of Chinese names in plots).

The title names the district (district.name, e.g. 瓯海区), not the scenario's id; a run's
subtitle gives its start date (run.start_date, day 0: "从 2024年1月1日 周一 起"). The page
reads on a phone (390 px): wide tables scroll sideways in their own box, headers do not break
between characters, charts keep their text at 10 px or more (their box scrolls) and open full
size on a tap (analysis/report_html.py).

The page records its own load errors and, once loaded, sets ``<body data-report-status="ok">``
(or ``"error"``, listing them): tests/python/test_report.py checks that in headless Chromium.

Output: ``-o FILE`` (default: INPUT with ``.html`` for a run file, ``FOLDER.html`` beside a
sweep folder), written to a temporary file in the same folder and renamed when complete.

Exit status: 0 written; 2 bad input (missing or unreadable input, not an orgsim run file or
sweep, unknown baseline, output folder missing) - nothing written; 3 no CJK font for
``--lang zh`` - nothing written; 4 the report could not be written.

Modules: report_i18n (the message catalogue), report_fonts (matplotlib, the CJK font),
report_html (page, sections, tables, figures), report_flow (the flow diagram), report_run (a
run's sections), report_replay (the quarter slider), report_sweep (a sweep's sections). Use
Debian's /usr/bin/python3 (h5py, pandas, matplotlib, scipy).
"""

import argparse
import os
import signal
import sys
import tempfile

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import python_deps  # noqa: E402  (which Python: before the imports it checks)

python_deps.require('h5py', 'numpy', 'pandas', 'scipy', 'matplotlib', tool="report.py")

import report_html  # noqa: E402
from report_i18n import LANGUAGES, Catalogue  # noqa: E402

EXIT_OK, EXIT_INPUT, EXIT_FONT, EXIT_WRITE = 0, 2, 3, 4


class ReportError(Exception):
    """A problem the user can fix; ``code`` is the exit status."""

    def __init__(self, message, code=EXIT_INPUT):
        super().__init__(message)
        self.code = code


def default_output(source):
    source = os.path.normpath(source)
    if os.path.isdir(source):
        return source + ".html"
    root, ext = os.path.splitext(source)
    return (root if ext in (".h5", ".hdf5") else source) + ".html"


def check_paths(source, output):
    """Raises ReportError unless the input exists and is readable and the output can be
    created; returns "run" or "sweep"."""
    if not os.path.exists(source):
        raise ReportError(f"{source}: no such file or folder (expected an orgsim run file or "
                          f"a sweep folder)")
    kind = "sweep" if os.path.isdir(source) else "run"
    if not os.access(source, os.R_OK | (os.X_OK if kind == "sweep" else 0)):
        raise ReportError(f"{source}: not readable")
    folder = os.path.dirname(os.path.abspath(output))
    if os.path.isdir(output):
        raise ReportError(f"{output}: is a folder; give the report's file name")
    if not os.path.isdir(folder):
        raise ReportError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"{output}: the folder {folder} is not writable")
    if os.path.exists(output) and os.path.samefile(output, source):
        raise ReportError(f"{output}: is the input; give another file name")
    return kind


def make_report(source, lang="zh", baseline=None):
    """The report of a run file or sweep folder as an HTML string. Raises ReportError. The
    input is read (and refused if unusable) before the fonts are looked at."""
    t = Catalogue(lang)
    kind = "sweep" if os.path.isdir(source) else "run"
    if kind == "run" and baseline:
        raise ReportError("--baseline is for a sweep folder, not a run file")
    try:
        # missing or unreadable, not an orgsim file, a layout this code does not know
        if kind == "run":
            import report_run
            data = report_run.load(source)
        else:
            import report_sweep
            index, baseline = report_sweep.load(source, baseline)
    except (ValueError, KeyError, OSError) as error:
        raise ReportError(_message(error, source)) from None

    import report_fonts  # matplotlib, only once the input is known to be good
    try:
        family = report_fonts.setup(need_cjk=(lang == "zh"))
    except report_fonts.NoCJKFontError as error:
        raise ReportError(str(error), EXIT_FONT) from None
    try:
        alerts = ""
        if kind == "run":
            title, subtitle, sections, alerts = report_run.build(data, t, cjk=family is not None)
        else:  # reads every run file of the sweep
            title, subtitle, sections = report_sweep.build(index, baseline, t)
    except (ValueError, KeyError, OSError) as error:
        raise ReportError(_message(error, source)) from None
    return report_html.page(lang, title, subtitle, sections, t, alerts)


def _message(error, source):
    """The error as one line that names the file."""
    if isinstance(error, KeyError):  # h5py: a group or dataset that is not there
        what = error.args[0] if error.args else error
        text = f"{what}: not the layout this report reads (docs/RESULTS.md, docs/SWEEPS.md)"
    elif isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or error}"
    else:
        text = str(error)
    return text if source in text else f"{source}: {text}"


def write_atomically(path, text):
    """Writes ``text`` to a temporary file beside ``path``, then renames it to ``path``: the
    report is either complete or absent. Raises ReportError (exit 4) on failure."""
    folder = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                                   suffix=".partial", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)  # mkstemp makes the file 0600; give it the usual mode
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as error:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise ReportError(f"{path}: cannot write the report: {error}", EXIT_WRITE) from None
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="report.py",
        description="Write the HTML report (one self-contained file) of an orgsim run file "
                    "or sweep folder.")
    parser.add_argument("input", help="a run file (orgsim run -o FILE.h5) or a sweep folder "
                                      "(orgsim sweep -o FOLDER)")
    parser.add_argument("-o", "--output", metavar="FILE.html",
                        help="the report (default: the run file with .html, or FOLDER.html)")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh",
                        help="the report's language (default: zh)")
    parser.add_argument("--baseline", metavar="POLICY",
                        help="sweep: the policy to compare with (default: the first policy)")
    args = parser.parse_args(argv)
    output = args.output or default_output(args.input)
    try:
        check_paths(args.input, output)
        text = make_report(args.input, args.lang, args.baseline)
        write_atomically(output, text)
    except ReportError as error:
        print(f"report.py: error: {error}", file=sys.stderr)
        return error.code
    print(f"wrote {output}")
    return EXIT_OK


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
