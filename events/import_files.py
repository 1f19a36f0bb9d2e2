"""Reading an organizer's list of participants (events.services.imports): a CSV or .xlsx file, in memory, into
plain rows keyed by our column names. Nothing here touches the database, and the file itself is never kept.

- Columns are found by their header, folded as the site's search folds text (companies.search.normalize: case,
  diacritics, punctuation), among aliases in English, Vietnamese and Azerbaijani (HEADER_ALIASES). Columns we do
  not know are ignored and named in the preview.
- CSV: UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"), or UTF-16 with its mark (Excel's "Unicode
  text"). Windows-1258, Windows-1254 and Latin-1 are *not* guessed: each decodes almost any bytes, so a wrong
  guess turns Vietnamese and Azerbaijani names into plausible-looking garbage (and Windows-1254 has no ə at all);
  the user is asked to save the file as UTF-8 instead. The delimiter (`,` `;` or a tab) is the one under which
  the header names the most known columns.
- .xlsx: openpyxl in read-only mode with the cached values of formulas, after a look at the archive's unpacked
  size (a small zip can unpack to gigabytes).
- A cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) makes
  its row invalid: the row keeps only its number and the reason, never the cell, so it cannot reach a later
  export or another spreadsheet.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from companies.search import normalize
from events.errors import EventError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 2000
# Columns read from each row of a spreadsheet: a sheet whose last used cell is far to the right would otherwise
# be padded to thousands of empty cells per row.
MAX_COLUMNS = 50
# An .xlsx is a zip archive: refused when it would unpack to more than this.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Blank rows are skipped, but not forever (a sheet can claim a million rows).
MAX_BLANK_ROWS = 10 * MAX_ROWS

COMPANY, COUNTRY, EMAIL, WEBSITE, CONTACT = "company_name", "country", "email", "website", "contact_name"
FIELDS = (COMPANY, COUNTRY, EMAIL, WEBSITE, CONTACT)
REQUIRED = (COMPANY, COUNTRY)

# What each column is called in the downloadable template and the upload page.
COLUMN_LABELS = {
    COMPANY: gettext_lazy("company name"),
    COUNTRY: gettext_lazy("country"),
    EMAIL: gettext_lazy("email"),
    WEBSITE: gettext_lazy("website"),
    CONTACT: gettext_lazy("contact person"),
}
TEMPLATE_HEADER = ["company name", "country", "email", "website", "contact person"]

# Headers, folded (normalize), in English, Vietnamese and Azerbaijani.
HEADER_ALIASES = {
    COMPANY: ["company", "company name", "name", "organisation", "organization", "organisation name",
              "organization name", "business", "business name", "firm",
              "cong ty", "ten cong ty", "doanh nghiep", "ten doanh nghiep", "to chuc", "ten to chuc", "ten",
              "sirket", "sirketin adi", "sirket adi", "muessise", "muessisenin adi", "teskilat", "ad", "adi"],
    COUNTRY: ["country", "country code", "nation",
              "quoc gia", "nuoc", "ma quoc gia",
              "olke", "olke kodu"],
    EMAIL: ["email", "e mail", "email address", "e mail address", "mail",
            "thu dien tu", "dia chi email", "dia chi thu dien tu",
            "e poct", "epoct", "elektron poct", "e poct unvani", "email unvani", "elektron poct unvani"],
    WEBSITE: ["website", "web site", "web", "url", "site", "homepage", "web address",
              "trang web", "trang chu", "dia chi web",
              "veb sayt", "vebsayt", "sayt", "internet sehifesi", "veb unvan", "veb sehife"],
    CONTACT: ["contact", "contact person", "contact name", "representative",
              "nguoi lien he", "lien he", "dai dien", "nguoi dai dien",
              "elaqe", "elaqe sexsi", "elaqedar sexs", "numayende", "temsilci"],
}
_FIELD_OF = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}

# The first characters that make a spreadsheet treat a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(EventError):
    """A file that cannot be imported at all; the message says why and what to do. Nothing was written."""


@dataclass
class ParsedFile:
    """The rows of a file: each a dict with its `line` (as the spreadsheet numbers it), our columns' values
    (stripped text, "" when empty) and `formula` (the row had a formula-like cell: its values were dropped)."""

    rows: list[dict]
    columns: list[str]  # our columns found, in FIELDS order
    ignored: list[str] = field(default_factory=list)  # headers we did not recognise, as written


def expected_columns() -> str:
    return ", ".join(f"“{COLUMN_LABELS[name]}”" for name in FIELDS)


def parse_upload(upload) -> ParsedFile:
    """Read an uploaded file (a Django UploadedFile) into rows, or raise ImportFileError with the reason."""
    if upload.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(limit)d MB. Split the list into smaller files.")
                              % {"limit": MAX_BYTES // (1024 * 1024)})
    name = (upload.name or "").lower()
    if name.endswith(".xls"):
        raise ImportFileError(_("Old Excel files (.xls) cannot be read. In Excel, choose File › Save As and the "
                                "format “Excel Workbook (.xlsx)” or “CSV UTF-8”."))
    if not name.endswith((".csv", ".txt", ".xlsx")):
        raise ImportFileError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # a size the upload did not declare
        raise ImportFileError(_("The file is larger than %(limit)d MB. Split the list into smaller files.")
                              % {"limit": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if name.endswith(".xlsx"):
        return read_rows(_xlsx_rows(data))
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("This file is an Excel workbook, not a CSV file: upload it with the .xlsx "
                                "extension, or save it as “CSV UTF-8” first."))
    return read_rows(_csv_rows(decode_text(data)))


# Text files ------------------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark; else ImportFileError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" not in text:  # UTF-16 without its mark, or a binary file, is valid UTF-8 with NULs
                return text
    raise ImportFileError(_("The file is not in UTF-8, so its Vietnamese or Azerbaijani letters cannot be read "
                            "reliably. In Excel choose File › Save As › “CSV UTF-8 (comma delimited)”; in "
                            "LibreOffice tick “Edit filter settings” and choose “Unicode (UTF-8)”."))


def _csv_rows(text: str):
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=lambda candidate: _known_headers(first, candidate))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise ImportFileError(_("Line %(line)d of the file cannot be read as CSV (%(error)s). Check its quotes, or "
                                "save the file again from your spreadsheet.")
                              % {"line": reader.line_num, "error": error}) from None


def _known_headers(line: str, delimiter: str) -> tuple[int, int]:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return sum(normalize(cell) in _FIELD_OF for cell in cells), len(cells)


# Spreadsheets ----------------------------------------------------------------------------------------------------


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    corrupt = _("The Excel file cannot be opened: it is damaged or not really an .xlsx workbook. Open it in your "
                "spreadsheet and save it again as .xlsx or “CSV UTF-8”.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(corrupt) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("The Excel file is too large once unpacked. Keep only the list of participants "
                                "in it, or save it as “CSV UTF-8”."))
    # openpyxl raises many kinds of errors on a damaged workbook (zip, XML, key and value errors): for an
    # uploaded file they all mean the same thing to the organizer.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                yield number, [_cell_text(value) for value in row]
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 — see above
        raise ImportFileError(corrupt) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Rows -------------------------------------------------------------------------------------------------------------


def read_rows(numbered_rows) -> ParsedFile:
    """Rows (line number, list of cells) of a file → ParsedFile: the header found, blank rows skipped, at most
    MAX_ROWS rows below it; ImportFileError for wrong columns, no rows, or too many."""
    header = None
    rows: list[dict] = []
    blank = 0
    for line, cells in numbered_rows:
        if not any(str(cell).strip() for cell in cells):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                break
            continue
        if header is None:
            header = _columns(cells)
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(_("The file has more than %(limit)d rows. Split the list into smaller files.")
                                  % {"limit": MAX_ROWS})
        rows.append(_row(line, cells, header[0]))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header but no rows below it."))
    positions, ignored = header
    return ParsedFile(rows=rows, columns=[name for name in FIELDS if name in positions], ignored=ignored)


def _columns(cells: list) -> tuple[dict[str, int], list[str]]:
    """Our column → its position; and the headers we ignore. ImportFileError when a required column is missing or
    one of ours is there twice."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(cells):
        text = str(cell).strip()
        name = _FIELD_OF.get(normalize(text))
        if name is None:
            if text:
                ignored.append(text)
        elif name in positions:
            raise ImportFileError(_("Two columns of the file are both read as “%(column)s” (“%(first)s” and "
                                    "“%(second)s”). Keep one of them.")
                                  % {"column": COLUMN_LABELS[name], "first": str(cells[positions[name]]).strip(),
                                     "second": text})
        else:
            positions[name] = position
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        found = ", ".join(f"“{str(cell).strip()}”" for cell in cells if str(cell).strip())
        raise ImportFileError(ngettext(
            "The file has no column for the %(missing)s. Expected columns: %(expected)s (the first two required; "
            "the email for companies not yet on the site). Found: %(found)s.",
            "The file has no columns for the %(missing)s. Expected columns: %(expected)s (the first two "
            "required; the email for companies not yet on the site). Found: %(found)s.", len(missing),
        ) % {"missing": _(" and ").join(str(COLUMN_LABELS[name]) for name in missing),
             "expected": expected_columns(), "found": found or _("no header")})
    return positions, ignored


def _row(line: int, cells: list, positions: dict[str, int]) -> dict:
    raw = {name: str(cells[position]) if position < len(cells) else "" for name, position in positions.items()}
    if any(_looks_like_formula(value) for value in raw.values()):
        return {"line": line, "formula": True}
    row = {name: raw.get(name, "").strip() for name in FIELDS}
    return {"line": line, "formula": False, **row}


def _looks_like_formula(value: str) -> bool:
    stripped = value.strip(" ")
    return bool(value) and (value.startswith(FORMULA_STARTS) or stripped.startswith(FORMULA_STARTS))
