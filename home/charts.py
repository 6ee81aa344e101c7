"""Horizontal bar charts drawn on the server as SVG: no script, no other host.

The geometry is computed here and drawn by templates/components/bar_chart.html
with presentation attributes only, so it passes the site's Content Security
Policy on public pages and in the admin alike.
"""

CHART_ROWS = 15
BAR_HEIGHT = 22
LABEL_WIDTH = 220
CHART_WIDTH = 720


def bar_chart(rows, *, limit=CHART_ROWS):
    """The geometry of a chart of (label, value) rows, the first `limit` of them."""
    rows = list(rows)[:limit]
    top = max((value for _label, value in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for i, (label, value) in enumerate(rows):
        width = round(span * value / top)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": i * BAR_HEIGHT + 3,
                "text_y": i * BAR_HEIGHT + BAR_HEIGHT // 2,
                "width": max(1, width),
                "value_x": LABEL_WIDTH + 10 + width,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(1, len(bars)) * BAR_HEIGHT,
        "label_x": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 6,
    }
