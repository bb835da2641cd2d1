"""HTML building blocks of the report: one self-contained page (no network: inline CSS, PNGs
as base64 data URLs, a Content-Security-Policy that forbids every other source), sections,
tables and figures.

The page carries a small inline script that records load errors (script errors and images
that fail to decode, caught in the capture phase) and, once the page has loaded, checks that
every image is shown and every section listed in ``<body data-sections>`` is present. It then
sets ``<body data-report-status="ok">`` or ``"error"`` and lists the errors in
``<pre id="report-errors">``: a headless browser's ``--dump-dom`` shows the verdict. It also
measures the layout at the window's width: ``data-overflow-px`` (how far the page is wider
than the window), ``data-min-chart-text-px`` (the smallest chart text as shown, CSS pixels)
and ``data-squeezed-headers`` (table headers squeezed to about a character a line).

On a phone (390 px) the page stays readable: a table wider than the screen scrolls sideways
in its own box, headers do not wrap between characters, a chart is never shown so small that
its text falls under 10 px (its box scrolls instead) and a tap opens it at full size.
"""

import base64
import html
import math

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'")

STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC",
       "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "DejaVu Sans", sans-serif;
       margin: 0 auto; max-width: 1180px; padding: 1em 2em 4em; color: #222; line-height: 1.5;
       overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #c0392b; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.4em; font-size: 1.1em; }
.subtitle { color: #555; margin-top: 0; }
nav ol { columns: 2; }
section { margin-bottom: 2em; }
.table-box { overflow-x: auto; max-width: 100%; margin: 0.6em 0 1.2em;
             -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; vertical-align: top; }
th { background: #f3f3f3; text-align: left; word-break: keep-all; min-width: 3em; }
thead th { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.group th { background: #fbeeee; }
figure { margin: 1em 0; }
figure .chart-box { overflow-x: auto; max-width: 100%; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; cursor: zoom-in; }
#chart-full { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.85); overflow: auto;
              z-index: 10; cursor: zoom-out; }
#replay-scatter { width: 100%; max-width: 540px; height: auto; display: block; }
.replay-control input { width: 12em; vertical-align: middle; }
#chart-full img { max-width: none; background: #fff; display: block; margin: 0 auto; }
figcaption { color: #444; font-size: 0.9em; }
pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
#report-errors { color: #a00; background: #fee; }
.note { color: #555; font-size: 0.9em; }
.alert { border: 1px solid #e6b0aa; border-left: 6px solid #c0392b; background: #fdedec;
         padding: 0.6em 1em; margin: 1em 0; }
.alert strong { color: #a93226; font-size: 1.1em; }
.alert ul { margin: 0.4em 0; padding-left: 1.4em; }
.alert p { margin: 0.3em 0 0; }
footer { color: #777; font-size: 0.8em; margin-top: 3em; }
@media (max-width: 600px) {
  body { padding: 0.5em 0.8em 3em; }
  h1 { font-size: 1.3em; }
  nav ol { columns: 1; }
  pre { white-space: pre-wrap; }
}
"""

STATUS_SCRIPT = """
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) {
      errors.push('could not load <' + t.tagName.toLowerCase() + '> ' + (t.alt || t.id || ''));
    } else {
      errors.push('script error: ' + (e.message || 'unknown'));
    }
  }, true);
  window.addEventListener('load', function () {
    var images = document.images;
    for (var i = 0; i < images.length; i++) {
      if (!images[i].complete || images[i].naturalWidth === 0) {
        errors.push('image not shown: ' + (images[i].alt || i));
      }
    }
    var wanted = (document.body.getAttribute('data-sections') || '').split(' ');
    for (var j = 0; j < wanted.length; j++) {
      if (wanted[j] && !document.getElementById(wanted[j])) {
        errors.push('missing section: ' + wanted[j]);
      }
    }
    // The layout as a reader sees it: how far the page is wider than the window (0 when
    // nothing sticks out) and the smallest chart text in CSS pixels (an image's smallest text,
    // data-min-text-px at its natural size, times the scale it is shown at).
    var root = document.documentElement;
    document.body.setAttribute('data-overflow-px',
                               String(Math.max(0, root.scrollWidth - root.clientWidth)));
    var smallest = null;
    for (var k = 0; k < images.length; k++) {
      var px = parseFloat(images[k].getAttribute('data-min-text-px'));
      if (px > 0 && images[k].naturalWidth > 0) {
        var shown = px * images[k].getBoundingClientRect().width / images[k].naturalWidth;
        smallest = smallest === null ? shown : Math.min(smallest, shown);
      }
    }
    if (smallest !== null) {
      document.body.setAttribute('data-min-chart-text-px', smallest.toFixed(2));
    }
    // Headers squeezed to about one character a line (narrower than two characters while
    // holding three or more): a table too wide for the screen must scroll instead.
    var heads = document.getElementsByTagName('th'), squeezed = 0;
    for (var m = 0; m < heads.length; m++) {
      var size = parseFloat(window.getComputedStyle(heads[m]).fontSize);
      var text = heads[m].textContent.trim();
      if (text.length >= 3 && heads[m].getBoundingClientRect().width < 2 * size) squeezed++;
    }
    document.body.setAttribute('data-squeezed-headers', String(squeezed));
    document.body.setAttribute('data-report-status', errors.length ? 'error' : 'ok');
    if (errors.length) {
      var box = document.getElementById('report-errors');
      box.textContent = errors.join('\\n');
      box.hidden = false;
    }
  });
  // A tap on a chart opens it at full size over the page; another tap closes it.
  document.addEventListener('click', function (e) {
    var full = document.getElementById('chart-full');
    if (full) { full.parentNode.removeChild(full); return; }
    var t = e.target;
    if (t && t.tagName === 'IMG' && t.closest('figure')) {
      var box = document.createElement('div');
      box.id = 'chart-full';
      var img = document.createElement('img');
      img.src = t.src;
      img.alt = t.alt;
      box.appendChild(img);
      document.body.appendChild(box);
    }
  });
})();
"""


def esc(text):
    return html.escape(str(text), quote=True)


class Cell:
    """A table cell: ``text`` as shown; ``key`` (data-key) and ``value`` (data-value, the raw
    number) let a test find the number and check it against the file; ``numeric`` aligns it
    right."""

    def __init__(self, text, key=None, value=None, numeric=False, header=False):
        self.text, self.key, self.value = text, key, value
        self.numeric, self.header = numeric, header

    def render(self):
        tag = "th" if self.header else "td"
        attrs = ""
        if self.numeric:
            attrs += ' class="num"'
        if self.key is not None:
            attrs += f' data-key="{esc(self.key)}"'
        if self.value is not None:
            attrs += f' data-value="{esc(repr(self.value))}"'
        return f"<{tag}{attrs}>{esc(self.text)}</{tag}>"


def _cell(c):
    return c if isinstance(c, Cell) else Cell(c)


def table(headers, rows, caption=None, table_id=None):
    """An HTML table. ``rows``: lists of cells (str or Cell), or ("group", text) for a
    sub-heading row spanning the table; or (key, [cells]) to give the row a data-key."""
    id_attr = f' id="{esc(table_id)}"' if table_id else ""
    parts = [f"<table{id_attr}>"]
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers)
                 + "</tr></thead><tbody>")
    for row in rows:
        if isinstance(row, tuple) and row[0] == "group":
            parts.append(f'<tr class="group"><th colspan="{len(headers)}">{esc(row[1])}</th></tr>')
            continue
        key = None
        if isinstance(row, tuple):
            key, row = row
        attrs = f' data-key="{esc(key)}"' if key is not None else ""
        parts.append(f"<tr{attrs}>" + "".join(_cell(c).render() for c in row) + "</tr>")
    parts.append("</tbody></table>")
    # The box scrolls sideways when the table is wider than the screen (a phone).
    return '<div class="table-box">' + "\n".join(parts) + "</div>"


MIN_TEXT_PX = 10  # the smallest chart text a reader gets on any screen, in CSS pixels


def figure(png, alt, caption, figure_id=None):
    """A figure with the PNG embedded as a base64 data URL. When ``png`` knows the size of its
    smallest text (report_fonts.Png.min_text_px), the image is never shown so small that this
    text falls under MIN_TEXT_PX: on a narrow screen it keeps that width and its box scrolls
    sideways (an image drawn with smaller text is shown enlarged). A tap opens it at full
    size (the page's script)."""
    data = base64.b64encode(png).decode("ascii")
    attrs = f' id="{esc(figure_id)}"' if figure_id else ""
    text_px = getattr(png, "min_text_px", None)
    img_attrs = ""
    if text_px and getattr(png, "width_px", None):
        min_width = png.width_px * MIN_TEXT_PX / text_px
        img_attrs = (f' data-min-text-px="{text_px:.2f}"'
                     f' style="min-width: {math.ceil(min_width)}px"')
    return (f'<figure{attrs}><div class="chart-box"><img src="data:image/png;base64,{data}"'
            f' alt="{esc(alt)}"{img_attrs}></div>'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def paragraph(text, cls=None):
    class_attr = f' class="{esc(cls)}"' if cls else ""
    return f"<p{class_attr}>{esc(text)}</p>"


def preformatted(text, summary):
    return f"<details><summary>{esc(summary)}</summary><pre>{esc(text)}</pre></details>"


def alert(alert_id, title, items, note=None):
    """A box of warnings for the top of the page (``role="alert"``): a bold title, one list
    item per (item_id, text) of ``items`` (each ``<li id=item_id>``), and an optional note."""
    lis = "".join(f'<li id="{esc(i)}">{esc(text)}</li>' for i, text in items)
    note_html = f"<p>{esc(note)}</p>" if note else ""
    return (f'<div id="{esc(alert_id)}" class="alert" role="alert"><strong>{esc(title)}</strong>'
            f"<ul>{lis}</ul>{note_html}</div>")


def section(section_id, heading, parts):
    """``<section id=...>`` with its ``<h2>`` heading and the given HTML parts."""
    body = "\n".join(p for p in parts if p)
    return f'<section id="{esc(section_id)}">\n<h2>{esc(heading)}</h2>\n{body}\n</section>'


def page(lang, title, subtitle, sections, t, alerts=""):
    """The whole document. ``sections``: list of (id, heading, html of the section);
    ``alerts``: HTML shown at the top, under the subtitle and before the contents (``alert``),
    or "" for none."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    ids = [s[0] for s in sections]
    nav = "".join(f'<li><a href="#{esc(i)}">{esc(h)}</a></li>' for i, h, _ in sections)
    body = "\n".join(s[2] for s in sections)
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{STYLE}</style>
<script>{STATUS_SCRIPT}</script>
</head>
<body data-sections="{esc(' '.join(ids))}" data-report-status="loading">
<header>
<h1>{esc(title)}</h1>
<p class="subtitle">{esc(subtitle)}</p>
<pre id="report-errors" hidden></pre>
{alerts}
<nav><h2>{esc(t("page.contents"))}</h2><ol>{nav}</ol></nav>
</header>
<main>
{body}
</main>
<footer>{esc(t("page.generated"))}</footer>
</body>
</html>
"""
