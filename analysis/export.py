"""Export a run file or a sweep folder as tidy tables, for spreadsheets, R and pandas.

    /usr/bin/python3 analysis/export.py RUN.h5|SWEEP_DIR -o OUT [--format csv|xlsx] [--bom]
        [--tables runs,orders,quarterly,organizations,weekly] [--force]

One tidy table per kind, one row per observation, and every row names its run (``run_id``:
the sweep's run id, or a run file's name without ``.h5``; from a sweep also ``policy``,
``replication`` and the grid keys' values):

- ``runs``: one row per run. From a sweep: the index's /runs (run_id, policy, label, file,
  fingerprint, error, the grid values as numbers, replication, seed, cell, every headline
  indicator as the index holds it, status, point; docs/SWEEPS.md), failed runs included. From
  a run file: run_id, its provenance (scenario_name, seed, years, fingerprint, ...) and the
  /summary counts.
- ``orders``: one row per order (orgsim_results.orders) with branch_name and town_name.
- ``quarterly``: the quarterly branch panel in long form, one row per (quarter, branch), with
  branch_name, town and town_name.
- ``organizations``: one row per organization and year decided (orgsim_results.incubations)
  with org_name, town and town_name.
- ``weekly``: one row per week (orgsim_results.weekly).

Units are the run file's (docs/RESULTS.md): times in hours since the run's start (``_h``),
money in yuan (``_yuan``); an empty cell is a value that does not exist (NaN: an order never
started, a rate without votes). Enums are written as their labels, names (often Chinese) as
UTF-8 text.

``--format csv`` (the default) writes OUT/<table>.csv, UTF-8, comma-separated, one header
row; ``--bom`` starts each file with a UTF-8 byte-order mark so that Excel, opening the file
by double-click, shows the Chinese names (R's read.csv and pandas read it with
``fileEncoding = "UTF-8-BOM"`` / ``encoding="utf-8-sig"``). ``--format xlsx`` writes the
workbook OUT with one sheet per table (python3-openpyxl); a table longer than a sheet's
1,048,576 rows is refused (use csv, or --tables to leave it out). Each file is written as
``<name>.partial`` (a workbook as ``<name>.partial.xlsx``) and renamed when complete; an existing output is not overwritten without
``--force``. A workbook keeps Excel's precision (15 significant digits; CSV keeps every
digit).

Exit status: 0 written; 2 the input or an option is not usable (the message names it); 4 the
output could not be written. Importable: ``tables(source, names=TABLES)`` returns the tables
as a dict of DataFrames.

Why a Python script and not an ``orgsim export`` verb: the readers that give every table its
types, names and checks are here already (orgsim_results.py), pandas writes RFC 4180 CSV and,
through openpyxl, xlsx, which the C++ side would need a new library for.

Use Debian's /usr/bin/python3 (h5py, pandas; openpyxl for xlsx).
"""

import argparse
import os
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import python_deps  # noqa: E402

python_deps.require("h5py", "numpy", "pandas", tool="export.py")

import pandas as pd  # noqa: E402

import orgsim_results as r  # noqa: E402
import sweep_index  # noqa: E402

TABLES = ("runs", "orders", "quarterly", "organizations", "weekly")
FORMATS = ("csv", "xlsx")
EXCEL_ROWS = 1_048_576  # rows of a worksheet, its header included
EXIT_OK, EXIT_INPUT, EXIT_WRITE = 0, 2, 4


class ExportError(Exception):
    """A problem the user can fix; ``code`` is the exit status."""

    def __init__(self, message, code=EXIT_INPUT):
        super().__init__(message)
        self.code = code


def _insert_after(df, column, values):
    """Inserts ``values`` (name -> values) after ``column``, in order."""
    position = df.columns.get_loc(column) + 1
    for offset, (name, value) in enumerate(values.items()):
        df.insert(position + offset, name, value)
    return df


@r.sweep_or_run
def orders_table(path):
    """orgsim_results.orders with the names of each order's branch and town."""
    df = r.orders(path)
    branches = r.branches(path)
    return _insert_after(df, "town", {
        "branch_name": branches["name"].to_numpy()[df["branch"].to_numpy()],
        "town_name": branches["town_name"].to_numpy()[df["branch"].to_numpy()]})


@r.sweep_or_run
def quarterly_table(path):
    """orgsim_results.quarterly with each branch's name, town and town's name."""
    df = r.quarterly(path)
    branches = r.branches(path)
    ids = df["branch"].to_numpy()
    return _insert_after(df, "branch", {"branch_name": branches["name"].to_numpy()[ids],
                                        "town": branches["town"].to_numpy()[ids],
                                        "town_name": branches["town_name"].to_numpy()[ids]})


@r.sweep_or_run
def organizations_table(path):
    """orgsim_results.incubations (one row per organization and year) with each
    organization's name, town and town's name."""
    df = r.incubations(path)
    orgs = r.organizations(path)
    towns = r.towns(path)
    ids = df["org"].to_numpy()
    town = orgs["town"].to_numpy()[ids]
    return _insert_after(df, "org", {"org_name": orgs["name"].to_numpy()[ids], "town": town,
                                     "town_name": towns["name"].to_numpy()[town]})


@r.sweep_or_run
def weekly_table(path):
    """orgsim_results.weekly."""
    return r.weekly(path)


def runs_table(source):
    """One row per run: a sweep's index (every run, failed ones too) with each policy's label,
    or a run file's provenance and /summary counts."""
    if os.path.isdir(source):
        index = sweep_index.load_index(source)
        df = index.runs.copy()
        df.insert(df.columns.get_loc("policy") + 1, "label",
                  [index.label(p) for p in df["policy"]])
        return df
    meta = r.meta(source)
    row = {"run_id": run_id_of(source)}
    row.update((k, meta[k]) for k in ("scenario_name", "scenario_source", "seed", "years",
                                      "fingerprint", "software_version", "git_commit",
                                      "created_utc", "wall_seconds"))
    row.update(r.summary(source))
    return pd.DataFrame([row])


def run_id_of(path):
    """A run file's run id: its file name without the extension (a sweep's run files are
    named by their run id)."""
    return os.path.splitext(os.path.basename(os.fspath(path)))[0]


_READERS = {"orders": orders_table, "quarterly": quarterly_table,
            "organizations": organizations_table, "weekly": weekly_table}


def tables(source, names=TABLES):
    """The tables ``names`` of a run file or a sweep folder, as a dict name -> DataFrame. Raises
    ExportError for an input that is not a readable orgsim run file or sweep folder."""
    source = os.fspath(source)
    if not os.path.exists(source):
        raise ExportError(f"{source}: no such file or folder (expected an orgsim run file or "
                          f"the -o folder of 'orgsim sweep')")
    try:
        if os.path.isdir(source) and set(names) != {"runs"}:
            sweep_index.require_run_files(sweep_index.load_index(source), "export.py")
        result = {}
        for name in names:
            if name == "runs":
                result[name] = runs_table(source)
                continue
            df = _READERS[name](source)
            if not os.path.isdir(source):
                df.insert(0, "run_id", run_id_of(source))
            result[name] = df
        return result
    except (ValueError, FileNotFoundError, OSError) as error:
        raise ExportError(str(error)) from None


def _targets(output, fmt, names):
    if fmt == "xlsx":
        return [output]
    return [os.path.join(output, f"{name}.csv") for name in names]


def check_output(output, fmt, names, force):
    """Raises ExportError unless the output can be written (and, without force, does not
    exist); creates the csv folder."""
    if fmt == "xlsx":
        folder = os.path.dirname(os.path.abspath(output))
        if os.path.isdir(output):
            raise ExportError(f"{output}: is a folder; give the workbook's file name (.xlsx)")
    else:
        folder = output
        if os.path.exists(output) and not os.path.isdir(output):
            raise ExportError(f"{output}: is a file; --format csv writes a folder of tables")
        parent = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(parent):
            raise ExportError(f"{output}: the folder {parent} does not exist")
    existing = [t for t in _targets(output, fmt, names) if os.path.exists(t)]
    if existing and not force:
        raise ExportError(f"{existing[0]}: exists; --force overwrites it")
    if fmt == "csv":
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as error:
            raise ExportError(f"{output}: cannot create the folder: {error}", EXIT_WRITE)
    if not os.path.isdir(folder):
        raise ExportError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{output}: the folder {folder} is not writable")


def write_csv(data, folder, bom=False):
    """Writes each table as FOLDER/<name>.csv (UTF-8, with a byte-order mark when ``bom``)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    for name, df in data.items():
        target = os.path.join(folder, f"{name}.csv")
        _write(target, lambda partial: df.to_csv(partial, index=False, encoding=encoding))


def write_xlsx(data, path):
    """Writes the tables as the sheets of one workbook (python3-openpyxl)."""
    python_deps.require("openpyxl", tool="export.py --format xlsx")
    for name, df in data.items():
        if len(df) + 1 > EXCEL_ROWS:
            raise ExportError(f"{name}: {len(df):,} rows do not fit in an Excel sheet "
                              f"({EXCEL_ROWS - 1:,} rows at most): use --format csv, or leave "
                              f"it out with --tables")

    def write(partial):
        with pd.ExcelWriter(partial, engine="openpyxl") as book:
            for name, df in data.items():
                df.to_excel(book, sheet_name=name, index=False)

    _write(path, write, ".xlsx")  # openpyxl wants the extension


def _write(target, write, suffix=""):
    partial = target + ".partial" + suffix
    try:
        write(partial)
        os.replace(partial, target)
    except OSError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise ExportError(f"{target}: cannot write it: {error}", EXIT_WRITE) from None


def _table_names(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in TABLES]
    if unknown or not names:
        raise ExportError(f"--tables {text}: allowed: a comma-separated list of "
                          f"{', '.join(TABLES)}")
    return [n for n in TABLES if n in names]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Export an orgsim run file or sweep folder as tidy CSV or xlsx tables: "
                    "runs, orders, quarterly, organizations (per year), weekly.")
    parser.add_argument("source", help="a run file (orgsim run -o) or a sweep folder")
    parser.add_argument("-o", "--output", required=True,
                        help="csv: the folder for <table>.csv; xlsx: the workbook's file")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--bom", action="store_true",
                        help="csv: start each file with a UTF-8 byte-order mark (for Excel)")
    parser.add_argument("--tables", default=",".join(TABLES),
                        help=f"which tables (default: all of {','.join(TABLES)})")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output")
    args = parser.parse_args(argv)
    try:
        if args.bom and args.format != "csv":
            raise ExportError("--bom is for --format csv (an xlsx workbook needs none)")
        names = _table_names(args.tables)
        if args.format == "xlsx":
            python_deps.require("openpyxl", tool="export.py --format xlsx")
        data = tables(args.source, names)
        check_output(args.output, args.format, names, args.force)
        if args.format == "csv":
            write_csv(data, args.output, args.bom)
        else:
            write_xlsx(data, args.output)
    except ExportError as error:
        print(f"export.py: {error}", file=sys.stderr)
        return error.code
    rows = ", ".join(f"{name} {len(df):,}" for name, df in data.items())
    print(f"export.py: wrote {args.output} ({args.format}; rows: {rows})", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
