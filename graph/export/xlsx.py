"""The tables as one spreadsheet (`tiltaksgraf.xlsx`): a sheet each for the measures, the actors
and the involvements, typed cells (numbers as numbers, true/false as booleans), a frozen header row
and filters. For spreadsheet users: Excel garbles æøå in a CSV without a byte-order mark, and the
CSV exports stay plain UTF-8 for tools and pipes."""

from __future__ import annotations

import datetime
import io

from graph.output import flatten
from graph.records import measure_row

FILE, MEDIA_TYPE = "tiltaksgraf.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIXED_DATE = datetime.datetime(2000, 1, 1)  # the workbook's creation date, so that builds stay byte-identical
WIDEST = 80  # characters of a column


def render(contents) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"title": "tiltaksgraf", "created": FIXED_DATE})
    header = workbook.add_format({"bold": True, "bg_color": "#eeeeee", "bottom": 1})
    sheets = {
        "measures": flatten([measure_row(record) for record in contents.records]),
        "actors": flatten(contents.actor_rows),
        "involvements": contents.involvement_rows,
    }
    for name, rows in sheets.items():
        _sheet(workbook.add_worksheet(name), rows, header)
    workbook.close()
    return buffer.getvalue()


def _sheet(sheet, rows: list[dict], header) -> None:
    columns = list(rows[0]) if rows else []
    for column, name in enumerate(columns):
        sheet.write_string(0, column, name, header)
        values = [row[name] for row in rows]
        for number, value in enumerate(values, start=1):
            _cell(sheet, number, column, value)
        width = max([len(name), *(len(str(value)) for value in values)]) + 2
        sheet.set_column(column, column, min(width, WIDEST))
    sheet.freeze_panes(1, 0)
    if columns:
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)


def _cell(sheet, row: int, column: int, value) -> None:
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif value is None or value == "":
        sheet.write_blank(row, column, None)
    else:
        sheet.write_string(row, column, str(value))
