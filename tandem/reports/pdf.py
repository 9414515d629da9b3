"""The dashboard as one A4 landscape page for a board meeting (fpdf2).

Everything is laid out to fit one page: headline figures in boxes, the charts
side by side (PNG from the same Vega-Lite specs as the screen), then the tables
side by side, cut to the rows that fit with an "… and N more rows" note.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from tandem.reports.charts import to_png
from tandem.reports.tables import Table

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
GAP = 5.0
CONTENT_W = PAGE_W - 2 * MARGIN
INK = (29, 36, 48)
MUTED = (91, 101, 117)
LINE = (217, 222, 230)
HEAD_FILL = (238, 241, 245)
ROW_H = 4.6
HEADLINES_PER_ROW = 6
MAX_HEADLINE_ROWS = 2
MAX_CHARTS = 3
MAX_TABLES = 3
CHART_H = 62.0
FOOTER_H = 5.0
PX_PER_MM = 96 / 25.4 * 1.15  # CSS pixels per mm, a little denser than screen size
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
]
# Core PDF fonts only know Latin-1; these keep the common typography readable.
LATIN1_FALLBACKS = {
    "—": "-",
    "–": "-",
    "…": "...",
    "≈": "~",
    "→": "->",
    "“": '"',
    "”": '"',
    "’": "'",
}


class _Page(FPDF):
    def __init__(self, orientation: str = "landscape") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.family = "Helvetica"
        self.unicode = False
        regular, bold = _dejavu()
        if regular and bold:
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.family = "DejaVu"
            self.unicode = True

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        for char, plain in LATIN1_FALLBACKS.items():
            text = text.replace(char, plain)
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*color)

    def fit(self, text: str, width: float) -> str:
        """`text` cut with an ellipsis so it fits `width` mm in the current font."""
        text = self.text_of(text)
        if self.get_string_width(text) <= width:
            return text
        ellipsis = self.text_of("…")
        while text and self.get_string_width(text + ellipsis) > width:
            text = text[:-1]
        return text.rstrip() + ellipsis

    def put(self, x: float, y: float, w: float, h: float, text: str, align: str = "L") -> None:
        self.set_xy(x, y)
        self.cell(w, h, self.fit(text, w - 1), align=align)


def _dejavu() -> tuple[Path | None, Path | None]:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None, None


def dashboard_pdf(
    title: str,
    subtitle: str,
    headline: list[tuple[str, str, str]],
    charts: list[dict],
    tables: list[Table],
    *,
    generated: datetime | None = None,
) -> bytes:
    """One A4 landscape page: title, headline figures (label, value, change), charts, tables."""
    pdf = _Page()
    pdf.set_title(title)
    pdf.set_creator("Tandem")
    pdf.add_page()
    y = MARGIN
    pdf.font(18, bold=True)
    pdf.put(MARGIN, y, CONTENT_W, 9, title)
    y += 9
    if subtitle:
        pdf.font(10, color=MUTED)
        pdf.put(MARGIN, y, CONTENT_W, 5.5, subtitle)
        y += 5.5
    y += 3
    y = _headline(pdf, y, headline[: HEADLINES_PER_ROW * MAX_HEADLINE_ROWS])
    bottom = PAGE_H - MARGIN - FOOTER_H
    shown_charts = charts[:MAX_CHARTS]
    shown_tables = tables[:MAX_TABLES]
    if shown_charts:
        height = CHART_H if shown_tables else bottom - y
        # With many tables and little room, charts shrink rather than push them off.
        height = max(40.0, min(height, bottom - y - (40.0 if shown_tables else 0)))
        _charts(pdf, y, height, shown_charts)
        y += height + GAP
    if shown_tables:
        _tables(pdf, y, bottom - y, shown_tables)
    _footer(
        pdf,
        generated or timezone.localtime(),
        len(charts) - len(shown_charts),
        len(tables) - len(shown_tables),
    )
    if pdf.page != 1:  # pragma: no cover - the layout above never adds a page
        raise RuntimeError("The dashboard PDF ran over one page")
    return bytes(pdf.output())


def _headline(pdf: _Page, y: float, figures: list[tuple[str, str, str]]) -> float:
    if not figures:
        return y
    per_row = min(len(figures), HEADLINES_PER_ROW)
    box_w = (CONTENT_W - GAP * (per_row - 1)) / per_row
    box_h = 17.0
    for index, (label, value, change) in enumerate(figures):
        row, col = divmod(index, per_row)
        x = MARGIN + col * (box_w + GAP)
        top = y + row * (box_h + 3)
        pdf.set_draw_color(*LINE)
        pdf.rect(x, top, box_w, box_h)
        pdf.font(8, color=MUTED)
        pdf.put(x + 2, top + 1.2, box_w - 4, 4, label)
        pdf.font(14, bold=True)
        pdf.put(x + 2, top + 5.2, box_w - 4, 6.5, value)
        pdf.font(7.5, color=MUTED)
        pdf.put(x + 2, top + 11.8, box_w - 4, 4, change)
    rows = (len(figures) + per_row - 1) // per_row
    return y + rows * (box_h + 3) + 2


def _charts(pdf: _Page, y: float, height: float, specs: list[dict]) -> None:
    width = (CONTENT_W - GAP * (len(specs) - 1)) / len(specs)
    for index, spec in enumerate(specs):
        x = MARGIN + index * (width + GAP)
        # Drawn at the width it gets on paper, so its labels print at a readable size.
        png = to_png(spec, scale=3, width=round(width * PX_PER_MM))
        pdf.image(io.BytesIO(png), x=x, y=y, w=width, h=height, keep_aspect_ratio=True)


def _tables(pdf: _Page, y: float, height: float, tables: list[Table]) -> None:
    width = (CONTENT_W - GAP * (len(tables) - 1)) / len(tables)
    for index, table in enumerate(tables):
        _table(pdf, MARGIN + index * (width + GAP), y, width, height, table)


def _table(pdf: _Page, x: float, y: float, width: float, height: float, table: Table) -> None:
    pdf.font(10, bold=True)
    pdf.put(x, y, width, 6, table.title)
    y += 6.5
    if not table.rows:
        pdf.font(8, color=MUTED)
        pdf.put(x, y, width, ROW_H, table.empty_message)
        return
    # Title, header and the note line take room; the rest is rows.
    fits = max(int((height - 6.5 - ROW_H - ROW_H - 1) // ROW_H), 1)
    shown = table.head(fits) if len(table.rows) > fits else table
    widths = _column_widths(pdf, shown, width)
    pdf.set_fill_color(*HEAD_FILL)
    pdf.rect(x, y, width, ROW_H, style="F")
    pdf.font(7.5, bold=True)
    cx = x
    for column, w in zip(shown.columns, widths, strict=True):
        pdf.put(cx + 0.8, y, w, ROW_H, column.label, align="R" if column.numeric else "L")
        cx += w
    y += ROW_H
    pdf.font(7.5)
    pdf.set_draw_color(*LINE)
    for row in shown.display_rows():
        cx = x
        for column, w, text in zip(shown.columns, widths, row, strict=True):
            pdf.put(cx + 0.8, y, w, ROW_H, text, align="R" if column.numeric else "L")
            cx += w
        y += ROW_H
        pdf.line(x, y, x + width, y)
    if shown.note:
        pdf.font(7, color=MUTED)
        pdf.put(x, y + 0.5, width, ROW_H, shown.note)


def _column_widths(pdf: _Page, table: Table, width: float) -> list[float]:
    """Each column as wide as its longest text (capped), scaled to the table width."""
    natural = []
    rows = table.display_rows()
    for index, column in enumerate(table.columns):
        pdf.font(7.5, bold=True)
        longest = pdf.get_string_width(pdf.text_of(column.label))
        pdf.font(7.5)
        for row in rows:
            longest = max(longest, pdf.get_string_width(pdf.text_of(row[index])))
        natural.append(min(longest + 2.5, 70.0))
    total = sum(natural) or 1.0
    return [w * width / total for w in natural]


def _footer(pdf: _Page, generated: datetime, charts_left: int, tables_left: int) -> None:
    parts = [f"Tandem · generated {generated:%Y-%m-%d %H:%M}"]
    if charts_left or tables_left:
        left = charts_left + tables_left
        plural = "s" if left != 1 else ""
        parts.append(f"{left} more chart{plural} or table{plural} in the app")
    pdf.font(7, color=MUTED)
    pdf.put(MARGIN, PAGE_H - MARGIN - FOOTER_H + 1, CONTENT_W, FOOTER_H, " · ".join(parts))


# --- a printed document: headings, paragraphs and small tables over as many pages as needed


@dataclass
class Block:
    """One part of a document: a heading ("h1", "h2"), a paragraph ("p", "small"), a
    table ("table": `rows`, the first the header), images side by side ("images":
    `images`, file paths or open files) or a page break ("page")."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # a table's column widths, in mm
    images: list = field(default_factory=list)


class _Document(_Page):
    def __init__(self, footer: str) -> None:
        super().__init__(orientation="portrait")
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.footer_text = footer

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8, color=MUTED)
        self.cell(0, 5, self.text_of(f"{self.footer_text} · page {self.page_no()}"), align="C")


def document_pdf(title: str, blocks: list[Block], *, footer: str = "") -> bytes:
    """A portrait A4 document of `blocks`, its pages numbered; `footer` under each."""
    pdf = _Document(footer or title)
    pdf.set_title(title)
    pdf.set_creator("Tandem")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for block in blocks:
        if block.kind == "page":
            pdf.add_page()
        elif block.kind in ("h1", "h2"):
            size = 20 if block.kind == "h1" else 14
            pdf.font(size, bold=True)
            pdf.ln(2 if block.kind == "h2" else 0)
            pdf.multi_cell(width, size * 0.5, pdf.text_of(block.text))
            pdf.ln(2)
        elif block.kind in ("p", "small"):
            small = block.kind == "small"
            pdf.font(9 if small else 11, color=MUTED if small else INK)
            pdf.multi_cell(width, 4.4 if small else 5.4, pdf.text_of(block.text))
            pdf.ln(1.5)
        elif block.kind == "images" and block.images:
            side = min(55.0, (width - 4 * (len(block.images) - 1)) / len(block.images))
            if pdf.get_y() + side > pdf.h - pdf.b_margin:
                pdf.add_page()
            y, x = pdf.get_y(), pdf.l_margin
            for image in block.images:
                pdf.image(image, x=x, y=y, w=side, h=side, keep_aspect_ratio=True)
                x += side + 4
            pdf.set_y(y + side + 3)
        elif block.kind == "table" and block.rows:
            widths = block.widths or [width / len(block.rows[0])] * len(block.rows[0])
            for n, row in enumerate(block.rows):
                pdf.font(10, bold=n == 0)
                if n == 0:
                    pdf.set_fill_color(*HEAD_FILL)
                for cell, w in zip(row, widths, strict=True):
                    pdf.cell(w, 7, pdf.fit(cell, w - 1), border="B", fill=n == 0)
                pdf.ln(7)
            pdf.ln(3)
    return bytes(pdf.output())
