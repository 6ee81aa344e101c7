"""Writes for the ratification tracker: importing ratifications from a CSV file.

An import is all or nothing. Staff see every row of their file with what would
happen to it (created, updated or unchanged) and, where a row is wrong, a message
saying what to fix; one wrong row means nothing is written.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from home.memory import pages_generation_bump

from .models import Convention, Ratification
from .regions import STATES

MAX_ROWS = 5_000
MAX_BYTES = 2 * 1024 * 1024
NOTE_MAX_LENGTH = Ratification._meta.get_field("note").max_length

REQUIRED_COLUMNS = ("country", "convention", "status", "date")
OPTIONAL_COLUMNS = ("note",)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportFileError(ValueError):
    """A file that cannot be read at all; the message is meant for the person uploading it."""


@dataclass
class ImportRow:
    """One data row of the file as the person will see it in the preview.

    Valid values are normalised (country and convention codes in capitals, the
    status value); a value that could not be understood is kept as it was typed.
    """

    line: int
    country: str = ""
    convention: str = ""
    status: str = ""
    date: datetime.date | None = None
    note: str = ""
    action: str = ""  # "create", "update" or "unchanged" once the row is valid
    errors: list[str] = field(default_factory=list)
    convention_id: int | None = field(default=None, repr=False)
    existing_id: int | None = field(default=None, repr=False)
    raw_date: str = field(default="", repr=False)

    @property
    def ok(self):
        return not self.errors

    @property
    def country_name(self):
        return countries.name(self.country) if self.country in STATES else ""

    @property
    def status_label(self):
        try:
            return Ratification.Status(self.status).label
        except ValueError:
            return self.status


@dataclass
class ImportReport:
    """What an import found: every row, and the problems that stop it."""

    rows: list[ImportRow] = field(default_factory=list)
    # Problems with the file as a whole (size, columns, no data). The line is
    # None when no single line is to blame.
    file_errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def errors(self):
        """Every problem as (line, message), file-level ones first."""
        row_errors = [(row.line, message) for row in self.rows for message in row.errors]
        return [*self.file_errors, *row_errors]

    @property
    def ok(self):
        return not self.file_errors and all(row.ok for row in self.rows)

    @property
    def rows_with_errors(self):
        return sum(1 for row in self.rows if row.errors)

    def _count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self._count("create")

    @property
    def updated(self):
        return self._count("update")

    @property
    def unchanged(self):
        return self._count("unchanged")


def ratifications_decode(*, data: bytes) -> str:
    """The text of an uploaded file, or an ImportFileError saying how to save it properly."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {
                "size": number_format(len(data) / 1024 / 1024, 1),
                "limit": MAX_BYTES // 1024 // 1024,
            }
        )
    try:
        # utf-8-sig drops the byte order mark Excel writes at the start of "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8 (comma delimited)” and upload it again."
            )
        ) from error


def _country_names():
    # django-countries names follow the active language; the import accepts the
    # English names whatever language the admin is shown in.
    with translation.override("en"):
        return {str(country.name).casefold(): country.code for country in countries}


def _status_lookup():
    lookup = {}
    with translation.override("en"):
        for value, label in Ratification.Status.choices:
            lookup[value] = value
            lookup[str(label).casefold()] = value
            lookup[value.replace("_", " ")] = value
    return lookup


def _sniff_delimiter(header_line):
    # Spreadsheets set to a European locale export with ";"; column names never
    # contain either character, so the header line alone decides.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _join(names):
    return ", ".join(f"“{name}”" for name in names)


def _check_header(cells, *, line):
    """Column positions by name, and the file-level errors in the header line."""
    names = [cell.strip().casefold() for cell in cells]
    errors = []
    positions = {}
    for index, name in enumerate(names):
        if not name:
            continue  # Spreadsheets often add empty trailing columns.
        if name in positions:
            errors.append(
                (
                    line,
                    _("The column “%(name)s” appears twice in the header line.") % {"name": name},
                )
            )
        positions.setdefault(name, index)
    unknown = [name for name in positions if name not in COLUMNS]
    if unknown:
        errors.append(
            (
                line,
                ngettext(
                    "Unknown column %(names)s. The columns are %(columns)s.",
                    "Unknown columns %(names)s. The columns are %(columns)s.",
                    len(unknown),
                )
                % {"names": _join(unknown), "columns": ", ".join(COLUMNS)},
            )
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        errors.append(
            (
                line,
                ngettext(
                    "Missing column %(names)s. Every file needs %(columns)s (note is optional).",
                    "Missing columns %(names)s. Every file needs %(columns)s (note is optional).",
                    len(missing),
                )
                % {"names": _join(missing), "columns": ", ".join(REQUIRED_COLUMNS)},
            )
        )
    return positions, errors


def _parse_country(value, names):
    code = value.upper()
    if len(value) != 2:
        code = names.get(value.casefold(), "")
    if code in STATES:
        return code, None
    if code and code in countries:
        return None, _("%(country)s (%(code)s) is not one of the 187 ILO member States.") % {
            "country": countries.name(code),
            "code": code,
        }
    if not value:
        return None, _("The country is missing: use a two-letter ISO code such as PH.")
    return None, _("Unknown country “%(value)s”: use a two-letter ISO code such as PH.") % {
        "value": value
    }


def _parse_date(value, today):
    if not value:
        return None, _("The date is missing: use YYYY-MM-DD, e.g. 2011-06-16.")
    if not ISO_DATE.match(value):
        return None, _("The date “%(value)s” is not in the form YYYY-MM-DD, e.g. 2011-06-16.") % {
            "value": value
        }
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        return None, _("The date “%(value)s” does not exist.") % {"value": value}
    if date > today:
        return None, _("The date %(value)s is in the future.") % {"value": value}
    return date, None


def _read_csv(text):
    """The header, column positions and non-blank (line, cells) records, or file errors."""
    text = text.removeprefix("\ufeff")
    if len(text.encode("utf-8")) > MAX_BYTES:
        mb = MAX_BYTES // 1024 // 1024
        error = _("The file is larger than %(limit)s MB. Split it up.") % {"limit": mb}
        return None, None, [], [(None, error)]
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None, None, [], [(None, _("The file is empty."))]

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(lines[0]))
    records = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # Blank lines, before the header or between rows, are harmless.
            records.append((reader.line_num, cells))
            if len(records) > MAX_ROWS + 1:
                error = _("The file has more than %(limit)s rows. Split it into smaller files.") % {
                    "limit": number_format(MAX_ROWS, force_grouping=True)
                }
                return None, None, [], [(None, error)]
    except csv.Error as error:
        message = _("The file is not valid CSV (%(error)s).") % {"error": error}
        return None, None, [], [(reader.line_num, message)]
    if not records:
        return None, None, [], [(None, _("The file is empty."))]

    (header_line, header), records = records[0], records[1:]
    positions, errors = _check_header(header, line=header_line)
    if not errors and not records:
        errors = [(None, _("The file has a header line but no rows of ratifications."))]
    return header, positions, records, errors


def ratifications_parse(*, text: str) -> ImportReport:
    """Check a CSV file of ratifications and say what importing it would do. Writes nothing.

    The file has a header line with the columns country, convention, status, date
    and, optionally, note, in any order and any case, separated by commas or
    semicolons. Each row gets either its action against what is stored now or the
    messages a person needs to correct it. Runs two queries whatever the size.
    """
    header, positions, records, file_errors = _read_csv(text)
    report = ImportReport(file_errors=file_errors)
    if file_errors:
        return report

    conventions = {convention.code.upper(): convention for convention in Convention.objects.all()}
    convention_codes = ", ".join(convention.code for convention in conventions.values())
    existing = {
        (row["country"], row["convention_id"]): row
        for row in Ratification.objects.values(
            "id", "country", "convention_id", "status", "date", "note"
        )
    }
    names = _country_names()
    statuses = _status_lookup()
    status_values = ", ".join(Ratification.Status.values)
    today = timezone.localdate()
    seen = {}
    named_columns = {index for index, name in enumerate(header) if name.strip()}

    for line, cells in records:

        def cell(name, cells=cells):
            index = positions.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row = ImportRow(
            line=line,
            country=cell("country"),
            convention=cell("convention"),
            status=cell("status"),
            note=cell("note"),
            raw_date=cell("date"),
        )
        report.rows.append(row)

        if any(cells[index].strip() for index in range(len(cells)) if index not in named_columns):
            row.errors.append(
                _("This row has a value outside the columns named in the header line.")
            )

        code, error = _parse_country(row.country, names)
        if error:
            row.errors.append(error)
        else:
            row.country = code

        convention = conventions.get(row.convention.upper())
        if convention is None:
            if row.convention:
                error = _("Unknown convention “%(value)s”: use one of %(known)s.")
            else:
                error = _("The convention is missing: use one of %(known)s.")
            row.errors.append(error % {"value": row.convention, "known": convention_codes})
        else:
            row.convention, row.convention_id = convention.code, convention.pk

        status = statuses.get(row.status.casefold())
        if status is None:
            if row.status:
                error = _("Unknown status “%(value)s”: use one of %(known)s.")
            else:
                error = _("The status is missing: use one of %(known)s.")
            row.errors.append(error % {"value": row.status, "known": status_values})
        else:
            row.status = status

        row.date, error = _parse_date(row.raw_date, today)
        if error:
            row.errors.append(error)

        if len(row.note) > NOTE_MAX_LENGTH:
            row.errors.append(
                _("The note has %(length)s characters; the limit is %(limit)s.")
                % {"length": len(row.note), "limit": NOTE_MAX_LENGTH}
            )

        if code and convention is not None:
            key = (code, convention.pk)
            if key in seen:
                row.errors.append(
                    _(
                        "%(country)s and %(convention)s already appear on line %(line)s; "
                        "keep one of the two rows."
                    )
                    % {"country": code, "convention": convention.code, "line": seen[key]}
                )
            else:
                seen[key] = line

        if row.errors:
            continue
        current = existing.get((row.country, row.convention_id))
        if current is None:
            row.action = "create"
        else:
            row.existing_id = current["id"]
            same = (current["status"], current["date"], current["note"]) == (
                row.status,
                row.date,
                row.note,
            )
            row.action = "unchanged" if same else "update"
    return report


def ratifications_import(*, text: str, dry_run: bool = False) -> ImportReport:
    """Import a CSV file of ratifications, all or nothing.

    Returns the same report as ratifications_parse. If any row has an error, or
    this is a dry run, nothing is written; otherwise new ratifications are created
    and changed ones updated together, so the tracker never shows half a file.
    """
    try:
        # Checking and writing in one transaction, so that the actions reported
        # are the ones carried out.
        with transaction.atomic():
            report = ratifications_parse(text=text)
            if dry_run or not report.ok:
                return report
            now = timezone.now()
            Ratification.objects.bulk_create(
                [
                    Ratification(
                        country=row.country,
                        convention_id=row.convention_id,
                        status=row.status,
                        date=row.date,
                        note=row.note,
                    )
                    for row in report.rows
                    if row.action == "create"
                ]
            )
            Ratification.objects.bulk_update(
                [
                    # bulk_update skips auto_now, so the time is set here.
                    Ratification(
                        pk=row.existing_id,
                        status=row.status,
                        date=row.date,
                        note=row.note,
                        updated_at=now,
                    )
                    for row in report.rows
                    if row.action == "update"
                ],
                ["status", "date", "note", "updated_at"],
                batch_size=500,
            )
            # Written in bulk, past the signals that tell the page cache (campaigns/signals.py).
            transaction.on_commit(pages_generation_bump)
    except IntegrityError:
        # Someone else added one of these ratifications while we were checking.
        report = ImportReport(
            file_errors=[
                (
                    None,
                    _(
                        "The ratifications changed while this file was being imported. "
                        "Nothing was imported; please try again."
                    ),
                )
            ]
        )
    return report
