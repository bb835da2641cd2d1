"""The one check every tool here makes before it imports what it needs: which modules this
Python lacks, and which Python to use instead.

The tools need Debian's packages (python3-h5py, python3-pandas, python3-matplotlib,
python3-scipy, python3-openpyxl, python3-xarray: scripts/install-deps), which Debian's
``/usr/bin/python3`` has; the ``python3`` first on PATH may be another (a pyenv Python) that
lacks them and would otherwise end in a traceback.

``require("h5py", "pandas", tool="export.py")`` returns when every module can be imported.
Otherwise, run as a script of this folder it prints one message on stderr and exits 2; imported
from elsewhere (a notebook) it raises ImportError with the same message.

Only the standard library here: it must run on any Python 3.
"""

import importlib.util
import os
import sys

# The Debian package of each module the tools import.
DEBIAN_PACKAGES = {
    "h5py": "python3-h5py", "numpy": "python3-numpy", "pandas": "python3-pandas",
    "matplotlib": "python3-matplotlib", "scipy": "python3-scipy",
    "openpyxl": "python3-openpyxl", "xarray": "python3-xarray", "h5netcdf": "python3-h5netcdf",
}
DEBIAN_PYTHON = "/usr/bin/python3"


def missing(*modules):
    """The modules of ``modules`` that this Python cannot import."""
    return [m for m in modules if importlib.util.find_spec(m) is None]


def message(absent, tool):
    """What to say when ``absent`` modules are missing from this Python."""
    packages = " ".join(DEBIAN_PACKAGES.get(m, m) for m in absent)
    here = os.path.realpath(sys.executable or "python3")
    if os.path.realpath(DEBIAN_PYTHON) != here and os.path.exists(DEBIAN_PYTHON):
        advice = (f"run it with {DEBIAN_PYTHON}, which has them from Debian's packages "
                  f"({packages}; scripts/install-deps installs them)")
    else:
        advice = f"install Debian's packages {packages} (scripts/install-deps)"
    return (f"{tool}: this Python ({sys.executable}) has no {', '.join(absent)}: {advice}")


def require(*modules, tool=None):
    """Returns when every module of ``modules`` can be imported; else prints which are missing
    and which Python to use and exits 2 (a tool of this folder run as a script), or raises
    ImportError (imported from elsewhere)."""
    absent = missing(*modules)
    if not absent:
        return
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    here = os.path.dirname(os.path.abspath(__file__))
    as_script = main is not None and os.path.dirname(os.path.abspath(main)) == here
    text = message(absent, tool or (os.path.basename(main) if main else "orgsim analysis"))
    if as_script:
        print(text, file=sys.stderr)
        sys.exit(2)
    raise ImportError(text)
