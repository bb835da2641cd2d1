"""A scenario's INI text, read and edited as text: the value of a key, and the text with some
keys set (in place, comments and order kept), for the calibration's ``base.ini`` and
``calibrated.ini``.

The format is orgsim's (README.md, "Scenarios"): ``[section]`` lines, then ``key = value``;
``#`` starts a comment anywhere on a line (``;`` does not); a scenario key is
``section.key``. ``read_ini`` returns sections, keys, values and line numbers, and lists
duplicates, so the targets file (the same format) is read by it too.

Importable: ``IniLine``, ``read_ini(text) -> (entries, problems)``, ``value_of(text, key)``,
``set_keys(text, values, comments)``.
"""

import re
from dataclasses import dataclass

_SECTION = re.compile(r"^\s*\[([^\]]*)\]\s*$")


@dataclass
class IniLine:
    section: str
    key: str
    value: str
    line: int


def _strip_comment(line):
    i = line.find("#")
    return line if i < 0 else line[:i]


def read_ini(text):
    """(entries, problems): entries a list of IniLine in file order (section "" before the
    first section header); problems a list of (line, text, what is wrong) for lines that are
    neither a section, a key = value nor blank, and for a key given twice in one section."""
    entries, problems = [], []
    section = ""
    seen = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        m = _SECTION.match(line)
        if m:
            section = m.group(1).strip()
            continue
        if "=" not in line:
            problems.append((n, raw.strip(), "not a [section] line nor key = value"))
            continue
        key, value = line.split("=", 1)
        key, value = key.strip(), value.strip()
        if not key:
            problems.append((n, raw.strip(), "a value without a key"))
            continue
        where = (section, key)
        if where in seen:
            problems.append((n, raw.strip(), f"'{key}' is given twice in [{section}] (first on "
                                             f"line {seen[where]})"))
            continue
        seen[where] = n
        entries.append(IniLine(section, key, value, n))
    return entries, problems


def value_of(text, key):
    """The value of scenario key ``section.key`` in the text, or None when it is not set."""
    section, _, name = key.partition(".")
    for entry in read_ini(text)[0]:
        if entry.section == section and entry.key == name:
            return entry.value
    return None


def set_keys(text, values, comments=None):
    """The text with each scenario key of ``values`` (key -> value as text) set: its line
    replaced in place, or a line added at the end of its section (the section added at the end
    when missing). ``comments`` (key -> text) puts a ``# text`` line above each set key."""
    comments = comments or {}
    lines = text.splitlines()
    pending = dict(values)
    out = []
    section = ""
    section_end = {}  # section -> index in out after its last line

    def emit_key(key, value):
        if key in comments:
            for c in str(comments[key]).splitlines():
                out.append(f"# {c}")
        out.append(f"{key.partition('.')[2]} = {value}")

    for raw in lines:
        body = _strip_comment(raw).strip()
        m = _SECTION.match(body) if body else None
        if m:
            section = m.group(1).strip()
            out.append(raw)
            section_end[section] = len(out)
            continue
        if body and "=" in body:
            name = body.split("=", 1)[0].strip()
            key = f"{section}.{name}"
            if key in pending:
                emit_key(key, pending.pop(key))
                section_end[section] = len(out)
                continue
        out.append(raw)
        if body:
            section_end[section] = len(out)
    # keys not in the text: at the end of their section, or in a new section at the end
    by_section = {}
    for key, value in pending.items():
        by_section.setdefault(key.partition(".")[0], []).append((key, value))
    inserts = []
    for sec, items in by_section.items():
        if sec in section_end:
            inserts.append((section_end[sec], items))
    for at, items in sorted(inserts, key=lambda x: -x[0]):
        block = []
        for key, value in items:
            if key in comments:
                block += [f"# {c}" for c in str(comments[key]).splitlines()]
            block.append(f"{key.partition('.')[2]} = {value}")
        out[at:at] = block
    for sec, items in by_section.items():
        if sec not in section_end:
            out += ["", f"[{sec}]"]
            for key, value in items:
                emit_key(key, value)
    return "\n".join(out) + "\n"
