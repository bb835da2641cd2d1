"""An alluvial (Sankey-like) diagram of categorical stages with matplotlib, for the report's
dispatch flow: one column of stacked boxes per stage, whose heights are the counts, and bands
between consecutive columns whose widths are the counts that go from one box to the next.
"""

import numpy as np

NODE_WIDTH = 0.05
GAP = 0.025  # between boxes of a column, as a share of the column's height


def _smooth(t):
    return t * t * (3 - 2 * t)


def draw_alluvial(ax, codes, stage_labels, node_labels, colours):
    """Draws the flow of the rows of ``codes`` through the stages.

    ``codes``: an int array [rows][stages] (the category code of each row at each stage);
    ``stage_labels``: a title per stage; ``node_labels[s][c]``: the label of code c at stage s;
    ``colours[s][c]``: its colour. Boxes with no row are left out. Bands take the colour of
    their left box.
    """
    codes = np.asarray(codes)
    n_rows, n_stages = codes.shape
    if n_rows == 0:
        ax.axis("off")
        return
    sizes = [np.bincount(codes[:, s], minlength=len(node_labels[s])) for s in range(n_stages)]
    most_boxes = max(int((size > 0).sum()) for size in sizes)
    scale = (1.0 - GAP * (most_boxes - 1)) / n_rows  # height per row, the same in every column

    # top of each box, columns centred vertically (y grows downwards)
    tops = []
    for size in sizes:
        present = size > 0
        height = size.sum() * scale + GAP * (present.sum() - 1)
        y = (1.0 - height) / 2
        top = np.full(len(size), np.nan)
        for c in range(len(size)):
            if present[c]:
                top[c] = y
                y += size[c] * scale + GAP
        tops.append(top)

    xs = np.arange(n_stages, dtype=float)
    for s in range(n_stages - 1):
        pairs = np.zeros((len(sizes[s]), len(sizes[s + 1])), dtype=np.int64)
        np.add.at(pairs, (codes[:, s], codes[:, s + 1]), 1)
        out_offset = tops[s].copy()      # next free place on the right side of each left box
        in_offset = tops[s + 1].copy()   # next free place on the left side of each right box
        x0, x1 = xs[s] + NODE_WIDTH / 2, xs[s + 1] - NODE_WIDTH / 2
        t = np.linspace(0.0, 1.0, 60)
        x = x0 + (x1 - x0) * t
        # left boxes top to bottom, and within one, their targets top to bottom: no crossing
        # at the left end
        for a in np.argsort(tops[s]):
            for b in np.argsort(tops[s + 1]):
                count = pairs[a, b]
                if count == 0:
                    continue
                h = count * scale
                y0, y1 = out_offset[a], in_offset[b]
                out_offset[a] += h
                in_offset[b] += h
                top = y0 + (y1 - y0) * _smooth(t)
                ax.fill_between(x, top, top + h, color=colours[s][a], alpha=0.45, linewidth=0)

    for s in range(n_stages):
        for c, size in enumerate(sizes[s]):
            if size == 0:
                continue
            h = size * scale
            ax.add_patch(_rectangle(xs[s] - NODE_WIDTH / 2, tops[s][c], NODE_WIDTH, h,
                                    colours[s][c]))
            label = f"{node_labels[s][c]}  {size:,}"
            if s == n_stages - 1:
                ax.text(xs[s] + NODE_WIDTH / 2 + 0.02, tops[s][c] + h / 2, label,
                        va="center", ha="left", fontsize=9)
            else:
                ax.text(xs[s] - NODE_WIDTH / 2 - 0.02 if s == 0 else xs[s] + NODE_WIDTH / 2
                        + 0.02, tops[s][c] + h / 2, label, va="center",
                        ha="right" if s == 0 else "left", fontsize=9,
                        bbox=None if s == 0 else dict(facecolor="white", alpha=0.8,
                                                      edgecolor="none", pad=1))
        ax.text(xs[s], -0.04, stage_labels[s], ha="center", va="bottom", fontsize=10,
                fontweight="bold")
    ax.set_xlim(-0.75, n_stages - 1 + 0.85)
    ax.set_ylim(1.02, -0.1)  # y grows downwards
    ax.axis("off")


def _rectangle(x, y, w, h, colour):
    from matplotlib.patches import Rectangle
    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="black", linewidth=0.5)
