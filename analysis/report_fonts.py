"""Matplotlib for the HTML report: the Agg backend, a CJK font chosen by name, and figures as
PNG bytes.

Chinese text in the plots needs a font with CJK glyphs. Debian's ``fonts-noto-cjk`` gives
"Noto Sans CJK SC" (or, as matplotlib reads the first face of the .ttc collection, "Noto
Sans CJK JP", whose glyphs cover simplified Chinese too). Matplotlib caches its font list, so
a font installed after the cache was built is not in it: ``find_cjk_font`` then also reads the
system's font files that the cache does not know. A Chinese report without such a font fails
with a message naming the package (``NoCJKFontError``), never with boxes in place of the
characters; a missing glyph while drawing is an error too (``render_png``).
"""

import io
import os
import struct
import warnings

import matplotlib

matplotlib.use("Agg")  # no display; before pyplot is imported anywhere
from matplotlib import font_manager  # noqa: E402

CJK_PACKAGE = "fonts-noto-cjk"
# Families with CJK glyphs, best first.
CJK_FAMILIES = [
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK HK",
    "Noto Sans CJK KR", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN", "AR PL UKai CN",
    "Noto Serif CJK SC", "Noto Serif CJK JP",
]
# Characters the chosen font must have (the report's own domain terms).
PROBE = "点单派单评单两率孵化团干部"


class NoCJKFontError(RuntimeError):
    """No installed font can draw Chinese."""


def _has_glyphs(path, text=PROBE):
    try:
        font = matplotlib.ft2font.FT2Font(path)
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


def pick_cjk_family(fonts, families=CJK_FAMILIES):
    """The first of ``families`` among ``fonts`` (a list of (family name, file path)) whose file
    has the probe glyphs, or None."""
    by_name = {}
    for name, path in fonts:
        by_name.setdefault(name, []).append(path)
    for family in families:
        if any(_has_glyphs(path) for path in by_name.get(family, [])):
            return family
    return None


def find_cjk_font():
    """The family name of an installed CJK font, or None. Looks at matplotlib's font list
    first, then adds the system font files that its cache does not know yet."""
    manager = font_manager.fontManager
    family = pick_cjk_family([(f.name, f.fname) for f in manager.ttflist])
    if family:
        return family
    known = {f.fname for f in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a file matplotlib cannot read is not a candidate
    return pick_cjk_family([(f.name, f.fname) for f in manager.ttflist])


def setup(need_cjk):
    """Configures matplotlib for the report and returns the CJK family in use (None when there
    is none and ``need_cjk`` is false). Raises NoCJKFontError when ``need_cjk`` and no CJK
    font is installed."""
    family = find_cjk_font()
    if family is None and need_cjk:
        raise NoCJKFontError(
            f"no font with Chinese glyphs is installed, so the plots cannot show Chinese text; "
            f"install Debian's {CJK_PACKAGE} (apt-get install {CJK_PACKAGE}, or "
            f"scripts/install-deps), or make the report in English with --lang en")
    matplotlib.rcParams.update({
        # DejaVu first keeps Latin text as in every other orgsim plot; CJK glyphs fall back to
        # the CJK font (matplotlib >= 3.6 falls back along the families named here, not along
        # the generic "sans-serif" list).
        "font.family": ["DejaVu Sans"] + ([family] if family else []),
        "axes.unicode_minus": False,
        "figure.dpi": 100,
        "savefig.dpi": 100,
    })
    return family


# The PNG text chunk (tEXt) in which a plot written to a file (compare_plots) records the size
# of its smallest text in pixels, for Png.of_file.
MIN_TEXT_KEY = "orgsim min text px"


class Png(bytes):
    """PNG bytes that know their width (``width_px``) and the size of their smallest text in
    pixels at that width (``min_text_px``, None without text): report_html.figure keeps that
    text readable on a narrow screen."""

    def __new__(cls, data, min_text_px):
        png = super().__new__(cls, data)
        png.width_px = struct.unpack(">I", data[16:20])[0]  # IHDR
        png.min_text_px = min_text_px
        return png

    @classmethod
    def of_file(cls, data):
        """A PNG file's bytes, its smallest text from its MIN_TEXT_KEY text chunk (None
        without one)."""
        text_px, at = None, 8  # the chunks after the signature: length, type, data, CRC
        while at + 8 <= len(data):
            length = struct.unpack(">I", data[at:at + 4])[0]
            kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
            if kind == b"tEXt" and body.split(b"\0", 1)[0] == MIN_TEXT_KEY.encode("latin-1"):
                text_px = float(body.split(b"\0", 1)[1])
            at += 12 + length
        return cls(data, text_px)


def smallest_text_px(fig, dpi=None):
    """The font size of the figure's smallest visible text, in pixels of its PNG (saved at
    ``dpi``, default the figure's)."""
    from matplotlib.text import Text
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]
    return min(sizes) * (dpi or fig.dpi) / 72 if sizes else None


def render_png(fig):
    """The figure as PNG bytes (a Png); closes it. A glyph missing from every font is an error
    (RuntimeError), not a box in the picture."""
    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from")
            fig.tight_layout()
            fig.savefig(buffer, format="png")
            text_px = smallest_text_px(fig)
    except UserWarning as warning:
        raise RuntimeError(f"a plot has text that no installed font can draw ({warning}); "
                           f"install {CJK_PACKAGE}") from None
    finally:
        plt.close(fig)
    return Png(buffer.getvalue(), text_px)


def font_file(family):
    """The file of ``family`` (for messages), or None."""
    for f in font_manager.fontManager.ttflist:
        if f.name == family:
            return os.fspath(f.fname)
    return None
