"""Spreadsheet exports: cells that open safely in Excel, LibreOffice or Sheets."""

import unicodedata
from datetime import UTC, date, datetime

# Spreadsheet apps run a cell that starts with one of these as a formula
# (OWASP, "CSV injection"); a leading apostrophe makes it plain text.
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """One cell as text, defused against formula injection; times in UTC."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # Full-width signs ("＝", "＋") become formulas too in some spreadsheet apps,
    # and so may a sign after spaces: look at the text as those apps read it.
    if unicodedata.normalize("NFKC", text).lstrip(" \u3000").startswith(CSV_FORMULA_PREFIXES):
        return f"'{text}"
    return text
