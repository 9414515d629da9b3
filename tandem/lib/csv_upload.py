"""Read an uploaded CSV file (the HR system's org chart, the monthly outcomes) into plain
records, before anything checks the values.

Pure Python on purpose (no Django): what an export looks like on the wire — a
byte order mark or none, an encoding that may not be UTF-8, headers spelled
`Employee ID` or `employee-id`, blank lines, an unclosed quote — is a separate
concern from what the values mean to Tandem, and is tested without a database.
The importers (`tandem.people.importer`, `tandem.outcomes.importer`) check the values
and apply them.

Line numbers are the file's: the header is line 1 when nothing precedes it, and
a record that spans several lines (a quoted line break) has the line it starts on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Self

# A refused file's report lists this many problems (the first by line); the rest are counted.
MAX_PROBLEMS = 200
# No import format has more than a dozen columns: a header or row wider than this is
# refused with one problem, before anything is done per cell (a 1,000,000-column file
# would otherwise cost a problem, and memory, per column).
MAX_COLUMNS = 50


@dataclass
class ImportReport:
    """What an import of a CSV file did: its counts when the file was applied, or its
    problems when nothing was changed. Each importer extends it with its own counts and
    says in `summary()` what they were."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list = field(default_factory=list)  # RowProblem or another (line, ...) kind
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def hidden_problems(self) -> int:
        """Problems counted but not listed (beyond MAX_PROBLEMS)."""
        return self.problem_count - len(self.problems)

    @classmethod
    def refused(cls, problems: list) -> Self:
        """The report of a file refused for these problems: the first, by line, listed."""
        problems = sorted(problems, key=lambda p: p.line)
        return cls(problems=problems[:MAX_PROBLEMS], problem_count=len(problems))

    def summary(self) -> str:
        if not self.ok:
            return f"{self.problem_count} problem(s) found; nothing was changed."
        return f"{self.rows} rows: {self.created} created, {self.updated} updated."


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why the file was refused, at a line of the file (the header is line 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class Record:
    """One non-blank data row: the wanted columns' values, stripped, by column name."""

    line: int
    values: dict[str, str]


@dataclass
class Table:
    """The records of a file, or the problems that stopped it from being read.

    A CSV error part-way through stops reading: the records before it are kept
    (so their own problems can be reported too) and the error is in `problems`.
    """

    header_line: int = 1
    records: list[Record] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def column_key(header: str) -> str:
    """`Employee ID`, `employee-id` and `employee_id` name the same column."""
    return "_".join(header.strip().lower().replace("-", " ").replace("_", " ").split())


def decode(data: bytes) -> tuple[str | None, RowProblem | None]:
    """The text of a UTF-8 file (with or without a byte order mark), or why it is unreadable.

    Spreadsheet programs often save "CSV" in a legacy code page or UTF-16; the
    problem names the line of the first byte that is not UTF-8 and the fix.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        return None, RowProblem(
            line,
            f"the file is not UTF-8 text (byte 0x{byte:02X} cannot be read); "
            "save the export as “CSV UTF-8” and try again",
        )
    if not text.strip():
        return None, RowProblem(1, "the file is empty")
    return text, None


def _cells(text: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line where the record starts, cells or None, csv error) for each CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, None, f"the CSV cannot be read here ({exc})"
            return
        yield line, cells, ""


def _column_index(
    header: list[str], header_line: int, columns: Sequence[str]
) -> tuple[dict[str, int], list[RowProblem]]:
    """Where each wanted column is; a wanted column given twice or missing is a problem."""
    problems: list[RowProblem] = []
    index: dict[str, int] = {}
    for i, title in enumerate(header):
        key = column_key(title)
        if key in columns and key in index:
            problems.append(RowProblem(header_line, f"column '{key}' appears twice in the header"))
        index.setdefault(key, i)
    missing = [name for name in columns if name not in index]
    if missing:
        problems.append(
            RowProblem(
                header_line,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                f"the header needs {','.join(columns)}",
            )
        )
    return {name: index[name] for name in columns if name in index}, problems


def _too_wide(line: int, what: str, width: int, columns: Sequence[str]) -> RowProblem:
    return RowProblem(
        line,
        f"{what} has {width:,} cells; an import file has at most {MAX_COLUMNS} columns "
        f"(this one needs {','.join(columns)}): is it the right file?",
    )


def read_table(data: bytes, columns: Sequence[str]) -> Table:
    """Decode the file, find the header and read every data row into a `Record`.

    Every one of `columns` must be in the header (in any order and spelling that
    `column_key` matches); other columns are ignored. Blank lines are skipped,
    and a short row reads as empty values for its missing cells.
    """
    table = Table()
    text, problem = decode(data)
    if problem is not None:
        table.problems.append(problem)
        return table
    assert text is not None
    rows = _cells(text)
    for header_line, header, error in rows:
        if header is None:
            table.problems.append(RowProblem(header_line, error))
            return table
        if any(cell.strip() for cell in header):
            break  # blank lines before the header are skipped
    else:
        table.problems.append(RowProblem(1, "the file is empty"))
        return table
    table.header_line = header_line
    if len(header) > MAX_COLUMNS:
        table.problems.append(_too_wide(header_line, "the header", len(header), columns))
        return table
    index, table.problems = _column_index(header, header_line, columns)
    if table.problems:
        return table

    for line, cells, error in rows:
        if cells is None:
            table.problems.append(RowProblem(line, error))
            break
        if len(cells) > MAX_COLUMNS:
            table.problems.append(_too_wide(line, "this row", len(cells), columns))
            break
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are skipped
        values = {name: cells[i].strip() if i < len(cells) else "" for name, i in index.items()}
        table.records.append(Record(line, values))
    if not table.records and not table.problems:
        table.problems.append(
            RowProblem(
                header_line, "the file has a header but no data rows; there is nothing to import"
            )
        )
    return table
