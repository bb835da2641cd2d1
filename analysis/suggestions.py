"""The "did you mean" of analysis/: the known words nearest to one that is not known, by one
rule for every script here (difflib's similarity ratio, at least CUTOFF). orgsim's own messages
use the edit distance of sim/config/text.hpp.

Use Debian's /usr/bin/python3.
"""

import difflib

CUTOFF = 0.6  # the least similarity ratio of a suggestion


def nearest(word, choices, n=1):
    """Up to ``n`` of ``choices`` nearest to ``word``, nearest first (none below CUTOFF)."""
    return difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=CUTOFF)


def did_you_mean(word, choices, n=1):
    """``did you mean A?`` (``did you mean A or B?`` for n > 1), or "" when none is near."""
    near = nearest(word, choices, n)
    return f"did you mean {' or '.join(near)}?" if near else ""
