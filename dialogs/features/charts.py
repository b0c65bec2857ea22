"""Pipeline charts as PNG bytes (matplotlib, headless)."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any, Optional

# Fonts with Chinese glyphs, as Debian and the Docker image install them (fonts-wqy-microhei,
# fonts-noto-cjk); the first one present draws the chart.
CJK_FONTS = ("Noto Sans CJK TC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Source Han Sans TW", "Source Han Sans CN", "AR PL UMing TW", "Droid Sans Fallback")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

Chart = tuple[str, list[tuple[str, int, float]], str]  # title, (stage, deals, amount) rows, axis label


@lru_cache(maxsize=1)
def cjk_font() -> Optional[str]:
    from matplotlib import font_manager

    present = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in present), None)


def _needs_cjk(chart: Chart) -> bool:
    title, rows, label = chart
    return bool(_CJK.search(title + label + "".join(r[0] for r in rows)))


def draw(chart: dict[str, Any]) -> bytes:
    """Draws a chart a reply carries as JSON (dialogs.messages.Attachment.chart)."""
    fallback = chart.get("fallback")
    return pipeline_chart(chart["title"], [tuple(r) for r in chart["rows"]], chart["axis"],
                          fallback=(fallback[0], [tuple(r) for r in fallback[1]], fallback[2]) if fallback else None)


def pipeline_chart(title: str, rows: list[tuple[str, int, float]], amount_label: str,
                   fallback: Optional[Chart] = None) -> bytes:
    """A horizontal bar per stage (deal count), labelled with its amount, stages top to bottom.
    Words in Chinese need a font that has them: without one, ``fallback`` (English) is drawn
    rather than empty boxes."""
    # Imported here, on the one path that draws: matplotlib would add ~0.4 s to every start.
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    import matplotlib.pyplot as plt

    font = None
    if _needs_cjk((title, rows, amount_label)):
        font = cjk_font()
        if font is None and fallback is not None:
            title, rows, amount_label = fallback
    if font is not None:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    names = [r[0] for r in rows][::-1]
    counts = [r[1] for r in rows][::-1]
    amounts = [r[2] for r in rows][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(rows) + 1.4), dpi=110)
    bars = ax.barh(names, counts, color="#1f4e79")
    for bar, amount in zip(bars, amounts):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f"  {amount:,.0f}",
                va="center", fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(amount_label, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
