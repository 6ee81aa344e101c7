"""Spreadsheet exports: cells that open safely in Excel, LibreOffice or Sheets."""

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
    if text.startswith(CSV_FORMULA_PREFIXES):
        return f"'{text}"
    return text
