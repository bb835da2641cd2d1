#!/usr/bin/python3
"""The classroom: play a simulated year in the browser, change a rule, replay the same year.

    /usr/bin/python3 analysis/classroom.py [SCENARIO.ini] [--port 8080] [--seed N]
                                           [--set key=value]... [--host 127.0.0.1]

Starts a local web server and prints its address (``classroom: http://127.0.0.1:8080/``). The
page needs no network: the chart library (Apache ECharts, pinned in web/package-lock.json and
installed by ``scripts/install-deps``, which runs ``npm ci`` in web/) is served from this
machine, with the page's own script and style (web/classroom/). It serves only localhost unless
``--host`` says otherwise.

Every year the page shows is a real orgsim run: a child process ``orgsim run SCENARIO --seed N
--set ... -o RUN.h5 --json`` (SimGrid allows one engine per process), read back from its run
file (analysis/classroom_year.py). The first run uses the scenario and the command line's
settings; a change of rules on the page re-runs the same seed with the changed settings (common
random numbers) and the page shows both years side by side with what changed. Settings from the
page are first checked by ``orgsim validate``: its messages come back to the page as they are,
each next to the control of the key it names. A branch's or an organization's story is
``orgsim run ... --narrate zh|en --follow branch=ID`` of the same run (its settings and seed),
and its reasons ``orgsim explain RUN.h5 --branch ID --quarter Q`` (``--org ID``).

HTTP API (JSON unless said): ``GET /`` the page; ``GET /api/runs`` the runs so far (id,
settings, fingerprint); ``GET /api/run/ID`` a run's year (classroom_year.year_view) with its
fingerprint and summary; ``POST /api/run`` with ``{"settings": {"key": "value"}}`` validates
and runs a year (400 with ``{"problems": [{"key", "message"}]}`` when validate refuses);
``GET /api/changes/A/B`` what changed from run A to run B; ``GET /api/run/ID/file`` the run
file (application/x-hdf5, a download); ``GET /api/run/ID/story?branch=B|org=O&lang=zh|en
[&quarter=Q]`` the narration lines, the day each tells of (``days``: classroom_year.story_days;
null for a heading) and the explain text. A request that fails answers 4xx/5xx
with ``{"error": ...}``; the server keeps serving.

A Python server rather than an ``orgsim`` verb: each year is a child process anyway, and the
run file is read with the project's Python readers (orgsim_results) that the report uses too,
so the numbers on the page are the report's numbers. Use Debian's /usr/bin/python3.

Exit status: 0 stopped (Ctrl-C); 2 bad input (no orgsim binary, the chart library not
installed, a scenario or settings that do not validate, a port in use).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import classroom_year  # noqa: E402
import report_i18n  # noqa: E402
import summary_keys  # noqa: E402

SOURCE_DIR = Path(__file__).resolve().parents[1]
PAGE_DIR = SOURCE_DIR / "web" / "classroom"
ECHARTS = SOURCE_DIR / "web" / "node_modules" / "echarts" / "dist" / "echarts.min.js"
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/classroom.js": ("classroom.js", "text/javascript; charset=utf-8"),
          "/classroom.css": ("classroom.css", "text/css; charset=utf-8")}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'")
KEY = re.compile(r"^[a-z_]+\.[a-z_0-9]+$")
RUN_TIMEOUT_S = 120
FINGERPRINT = summary_keys.key("fingerprint")  # the one key of a run's summary read here
EXIT_OK, EXIT_INPUT = 0, 2


class ClassroomError(Exception):
    """A problem with a request (``status``: the HTTP status) or the start (exit 2)."""

    def __init__(self, message, status=400, problems=None):
        super().__init__(message)
        self.status, self.problems = status, problems


def problems_of(stderr, keys):
    """``orgsim validate``'s lines as (key, message) pairs: the key is the setting the line
    names (``--set: KEY: value: problem`` or ``FILE: KEY[, KEY]: ...``), the first of
    ``keys`` it names, else None (a problem for the page as a whole)."""
    out = []
    for line in stderr.splitlines():
        line = line.strip()
        if not line or line.startswith("orgsim: ") or line.startswith("usage:"):
            continue
        fields = [f.strip() for f in line.split(": ")]
        named = [k.strip() for k in fields[1].split(",")] if len(fields) > 1 else []
        key = next((k for k in named if k in keys), named[0] if named else None)
        out.append({"key": key, "message": line})
    return out


class Classroom:
    """The runs of a session: each one a run file in ``folder`` with its settings."""

    def __init__(self, orgsim, scenario, seed, settings, folder):
        self.orgsim, self.scenario, self.seed = orgsim, scenario, seed
        self.base_settings = dict(settings)
        self.folder = Path(folder)
        self.runs = []  # {"id", "settings", "file", "summary", "view"}
        self.lock = threading.Lock()  # one child run at a time (two cores)

    def _scenario_args(self):
        return [self.scenario] if self.scenario else []

    def _set_args(self, settings):
        return [a for k, v in settings.items() for a in ("--set", f"{k}={v}")]

    def validate(self, settings):
        """Raises ClassroomError(400) with ``orgsim validate``'s messages, one per problem."""
        scenario = self.scenario or str(SOURCE_DIR / "scenarios" / "ouhai.ini")
        done = subprocess.run([self.orgsim, "validate", scenario, "--seed", str(self.seed),
                               *self._set_args(settings)],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            problems = problems_of(done.stderr + done.stdout, set(settings))
            raise ClassroomError("the settings do not validate", 400, problems)

    def run(self, changed):
        """Validates, runs a year with the base settings and ``changed``, reads it back;
        returns the run's record."""
        for key, value in changed.items():
            if not isinstance(key, str) or not KEY.match(key):
                raise ClassroomError(f"{key!r}: not a parameter key", 400,
                                     [{"key": key, "message": f"{key}: not a parameter key"}])
            if not isinstance(value, (str, int, float)) or "\n" in str(value):
                raise ClassroomError(f"{key}: not a value", 400,
                                     [{"key": key, "message": f"{key}: {value!r}: not a value"}])
        settings = {**self.base_settings, **{k: str(v) for k, v in changed.items()}}
        self.validate(settings)
        with self.lock:
            run_id = len(self.runs)
            path = self.folder / f"run-{run_id}.h5"
            cmd = [self.orgsim, "run", *self._scenario_args(), "--seed", str(self.seed),
                   *self._set_args(settings), "--quiet", "--json", "-o", str(path), "--force"]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
            if done.returncode != 0:
                raise ClassroomError(f"orgsim run exited {done.returncode}: "
                                     f"{done.stderr.strip()[-800:]}", 500)
            record = {"id": run_id, "settings": settings, "changed": dict(changed),
                      "file": path, "summary": json.loads(done.stdout),
                      "view": classroom_year.year_view(str(path)),
                      "command": " ".join(["orgsim", *cmd[1:]])}
            self.runs.append(record)
            return record

    def get(self, run_id):
        try:
            return self.runs[int(run_id)]
        except (ValueError, IndexError):
            raise ClassroomError(f"no run {run_id}", 404) from None

    def story(self, record, query):
        """The narration of a branch or an organization in ``record``'s run, and its explain
        text (at a quarter's end for a branch, the year's end for an organization)."""
        lang = query.get("lang", "zh")
        if lang not in ("zh", "en"):
            raise ClassroomError(f"lang={lang}: not zh or en")
        kind = "branch" if "branch" in query else "org" if "org" in query else None
        if kind is None:
            raise ClassroomError("give branch=ID or org=ID")
        who = query[kind]
        if not who.isdigit():
            raise ClassroomError(f"{kind}={who}: not an id")
        narrate = subprocess.run(
            [self.orgsim, "run", *self._scenario_args(), "--seed", str(self.seed),
             *self._set_args(record["settings"]), "--quiet", "--narrate", lang,
             "--follow", f"{kind}={who}"], capture_output=True, text=True,
            timeout=RUN_TIMEOUT_S)
        if narrate.returncode != 0:
            raise ClassroomError(narrate.stderr.strip()[-800:] or "no story", 400)
        explain_args = ["--branch", who] if kind == "branch" else ["--org", who]
        quarter = query.get("quarter")
        if kind == "branch" and quarter:
            if not quarter.isdigit():
                raise ClassroomError(f"quarter={quarter}: not a number")
            explain_args += ["--quarter", quarter]
        explain = subprocess.run([self.orgsim, "explain", str(record["file"]), *explain_args,
                                  "--lang", lang], capture_output=True, text=True, timeout=60)
        lines = narrate.stdout.splitlines()
        return {"kind": kind, "id": int(who), "lines": lines,
                "days": classroom_year.story_days(lines, record["view"]),
                "explain": explain.stdout if explain.returncode == 0 else "",
                "explain_error": explain.stderr.strip() if explain.returncode else ""}


def labels():
    """The enum labels the page shows (source, channel, assignee kind, state, decision), in
    Chinese and English, from the report's catalogue (analysis/report_i18n.py)."""
    kinds = ("source.", "channel.", "kind.", "assignee.", "state.", "decision.")
    return {key: dict(text) for key, text in report_i18n.MESSAGES.items()
            if key.startswith(kinds)}


def public(record):
    return {"id": record["id"], "settings": record["settings"], "changed": record["changed"],
            "fingerprint": record["summary"].get(FINGERPRINT, ""),
            "command": record["command"]}


class Handler(BaseHTTPRequestHandler):
    classroom = None  # set by serve()
    page = {}  # path -> (bytes, content type)
    server_version = "orgsim-classroom"

    def log_message(self, fmt, *args):  # quiet: the terminal shows the address only
        pass

    def _send(self, status, body, content_type, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status, value):
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _guarded(self, handler):
        try:
            handler()
        except ClassroomError as error:
            body = {"error": str(error)}
            if error.problems is not None:
                body["problems"] = error.problems
            self._json(error.status, body)
        except subprocess.TimeoutExpired:
            self._json(504, {"error": "orgsim took too long"})
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as error:  # the server keeps serving whatever a request does
            traceback.print_exc(file=sys.stderr)
            try:
                self._json(500, {"error": f"{type(error).__name__}: {error}"})
            except OSError:
                pass

    def do_GET(self):
        self._guarded(self._get)

    def do_HEAD(self):
        self._guarded(self._get)

    def do_POST(self):
        self._guarded(self._post)

    def _get(self):
        url = urlparse(self.path)
        parts = [p for p in url.path.split("/") if p]
        c = self.classroom
        if url.path in self.page:
            body, content_type = self.page[url.path]
            self._send(200, body, content_type)
        elif parts == ["api", "runs"]:
            self._json(200, [public(r) for r in c.runs])
        elif len(parts) == 3 and parts[:2] == ["api", "run"]:
            record = c.get(parts[2])
            self._json(200, {**public(record), "year": record["view"],
                             "summary": record["summary"], "labels": labels()})
        elif len(parts) == 4 and parts[:2] == ["api", "run"] and parts[3] == "file":
            record = c.get(parts[2])
            body = Path(record["file"]).read_bytes()
            name = f"orgsim-seed{c.seed}-run{record['id']}.h5"
            self._send(200, body, "application/x-hdf5",
                       {"Content-Disposition": f'attachment; filename="{name}"'})
        elif len(parts) == 4 and parts[:2] == ["api", "run"] and parts[3] == "story":
            record = c.get(parts[2])
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            self._json(200, c.story(record, query))
        elif len(parts) == 4 and parts[:2] == ["api", "changes"]:
            a, b = c.get(parts[2]), c.get(parts[3])
            self._json(200, classroom_year.changes(a["view"], b["view"]))
        else:
            raise ClassroomError(f"{url.path}: not found", 404)

    def _post(self):
        if urlparse(self.path).path != "/api/run":
            raise ClassroomError(f"{self.path}: not found", 404)
        length = int(self.headers.get("Content-Length") or 0)
        if length > 100_000:
            raise ClassroomError("request too large", 413)
        try:
            request = json.loads(self.rfile.read(length).decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            raise ClassroomError("the request is not JSON") from None
        settings = request.get("settings", {}) if isinstance(request, dict) else None
        if not isinstance(settings, dict):
            raise ClassroomError('give {"settings": {"key": "value"}}')
        try:
            record = self.classroom.run(settings)
        except ClassroomError as error:
            if error.problems is None:
                raise
            # refused settings are an answer, not a failure of the request
            self._json(200, {"refused": True, "error": str(error), "problems": error.problems})
            return
        self._json(200, {**public(record), "year": record["view"],
                         "summary": record["summary"], "labels": labels()})


def load_page():
    """The page's files, read once at the start; the chart library from web/node_modules."""
    if not ECHARTS.is_file():
        raise ClassroomError(f"{ECHARTS}: the chart library is not installed; run "
                             f"scripts/install-deps (npm ci in web/)")
    page = {url: ((PAGE_DIR / name).read_bytes(), kind) for url, (name, kind) in STATIC.items()}
    page["/echarts.min.js"] = (ECHARTS.read_bytes(), "text/javascript; charset=utf-8")
    return page


def find_orgsim(given):
    for candidate in (given, os.environ.get("ORGSIM_BINARY"),
                      str(SOURCE_DIR / "build" / "orgsim"), shutil.which("orgsim")):
        if candidate and os.access(candidate, os.X_OK) and os.path.isfile(candidate):
            return candidate
    raise ClassroomError("no orgsim binary: build it (scripts/build) or give --orgsim PATH")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="classroom.py",
        description="Play a simulated year in the browser; change a rule and replay the "
                    "same year (a local web server).")
    parser.add_argument("scenario", nargs="?", help="a scenario INI (default: the embedded "
                                                    "scenarios/ouhai.ini)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080; 0: any "
                                                               "free port)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to serve on (default 127.0.0.1: this machine only)")
    parser.add_argument("--seed", type=int, default=1, help="the seed of every year (default 1)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a setting of every year (repeatable), as orgsim run --set")
    parser.add_argument("--orgsim", help="the orgsim binary (default: build/orgsim)")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="orgsim-classroom-")
    try:
        settings = {}
        for s in args.set:
            key, sep, value = s.partition("=")
            if not sep:
                raise ClassroomError(f"--set {s}: give key=value")
            settings[key.strip()] = value.strip()
        if args.scenario and not os.path.isfile(args.scenario):
            raise ClassroomError(f"{args.scenario}: no such file")
        Handler.page = load_page()
        Handler.classroom = Classroom(find_orgsim(args.orgsim), args.scenario, args.seed,
                                      settings, folder)
        try:
            Handler.classroom.run({})
        except ClassroomError as error:
            lines = [p["message"] for p in error.problems or []]
            raise ClassroomError("\n".join([str(error), *lines])) from None
        try:
            server = ThreadingHTTPServer((args.host, args.port), Handler)
        except OSError as error:
            raise ClassroomError(f"{args.host}:{args.port}: {error.strerror or error}") from None
    except ClassroomError as error:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"classroom.py: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print(f"classroom: http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    return EXIT_OK


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sys.exit(main())
