"""Spreadsheet downloads that cannot run anything when they are opened.

Excel and LibreOffice treat a CSV cell that starts with `=`, `+`, `-` or `@` (or a tab
or carriage return in front of one) as a formula. A family types their first name or
access needs on a public form, so a name like `=HYPERLINK(...)` would otherwise run in
the coordinator's spreadsheet. Such cells get a leading apostrophe, which spreadsheets
read as "this is text" (OWASP's advice on CSV injection).

XLSX needs nothing of this: Wagtail stores text that openpyxl takes for a formula as a
string cell.
"""

import re

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "-3" or "+44" open as the number they are, which is harmless and what staff expect.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def csv_cell(value):
    """`value` as it may be written to a CSV cell: text a spreadsheet would run is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _write_csv_row(self, writer, row_dict):
    return writer.writerow(
        {
            field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def csv_exports_make_formula_safe() -> None:
    """Pass every cell of every CSV download in the admin through `csv_cell`.

    Wagtail writes each CSV it offers (model and snippet listings, the funder
    report, its own reports, redirects and form submissions) row by row through
    SpreadsheetExportMixin.write_csv_row, so guarding that one method covers them all,
    including exports added later, where a mixin on our own views would miss Wagtail's.
    """
    SpreadsheetExportMixin.write_csv_row = _write_csv_row
