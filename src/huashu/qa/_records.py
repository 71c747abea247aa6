"""Rows of a transcript export, read one at a time: JSON Lines, JSON, CSV/TSV and Excel.

Each reader yields :class:`Row` (the values of one row, with its file and row number) or
:class:`RowProblem` (a row that could not be read: broken quoting, not a JSON object, bytes that
are not text …), and carries on with the next row. A file that cannot be read at all (missing,
not an Excel workbook …) yields one problem with ``row=None`` and ends. Nothing is held but the
row being read, so memory stays flat however long the file is.

Row numbers are what a person finds in the file: the line (of the record's first line) in JSON
Lines and CSV, counting the header as line 1; the row in Excel, also counting the header; the
item (from 1) in a JSON array.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import gzip
import io
import itertools
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from .._files import BOMS, check_encoding

__all__ = ["FORMATS", "Row", "RowProblem", "input_format", "read"]

FORMATS = ("jsonl", "json", "csv", "tsv", "xlsx")

_PROBE = 1 << 16
# A quote that is never closed would otherwise swallow the rest of the file into one field.
_FIELD_LIMIT = 1 << 20


@dataclass(frozen=True, slots=True)
class Row:
    """One row of an export: its values by column name, and where it came from."""

    source: str
    row: int
    values: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row (or, with ``row=None``, a whole file) that could not be read or checked."""

    source: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source}:{self.row}"
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "row": self.row, "reason": self.reason}


def input_format(path: str, given: str | None = None) -> str:
    """The reader for ``path``: ``given``, else by extension (``.gz`` looked through).

    >>> input_format("export.csv.gz"), input_format("chats.ndjson"), input_format("a.xlsx")
    ('csv', 'jsonl', 'xlsx')
    """
    if given:
        return given
    name = path.lower()
    name = name.removesuffix(".gz")
    ext = os.path.splitext(name)[1]
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "json",
            ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
            ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(ext, "jsonl" if path == "-" else "")


def read(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    stream: IO[bytes] | None = None,
) -> Iterator[Row | RowProblem]:
    """Read the rows of one export file, one at a time.

    Args:
        path: the file (``.gz`` is decompressed on the fly); shown in rows and problems.
        format: ``jsonl``, ``json``, ``csv``, ``tsv`` or ``xlsx``; ``None`` goes by extension.
        encoding: for text formats, force this codec; ``None`` detects it (a BOM, else UTF-8,
            else GB18030, as Chinese Windows tools write).
        sheet: the Excel sheet to read (default: the active one).
        stream: read these bytes instead of opening ``path`` (standard input).

    Yields:
        :class:`Row` for each row, :class:`RowProblem` for each row (or file) that cannot be read.
    """
    shown = os.fspath(path)
    fmt = input_format(shown, format)
    if fmt not in FORMATS:
        if shown.lower().endswith(".xls"):
            yield RowProblem(shown, None, "old Excel .xls is not supported; save it as .xlsx or CSV")
        else:
            yield RowProblem(shown, None, f"unknown file type; name it .jsonl, .json, .csv, .tsv or "
                                          f".xlsx, or pass --input-format ({', '.join(FORMATS)})")
        return
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except LookupError:
            yield RowProblem(shown, None, f"unknown encoding {encoding!r}")
            return
    try:
        handle = stream if stream is not None else _open(shown)
    except OSError as exc:
        yield RowProblem(shown, None, _why(exc))
        return
    try:
        if fmt == "xlsx":
            yield from _xlsx(handle, shown, sheet)
        elif fmt == "json":
            yield from _json(handle, shown, encoding)
        else:
            codec, lines = _text_lines(handle, encoding)
            if fmt == "jsonl":
                yield from _jsonl(lines, shown, codec)
            else:
                yield from _csv(lines, shown, codec, "\t" if fmt == "tsv" else ",")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:  # a truncated .gz, a disk error
        yield RowProblem(shown, None, f"read error: {_why(exc)}")
    finally:
        if stream is None:
            handle.close()


def _open(path: str) -> IO[bytes]:
    if os.path.isdir(path):
        raise IsADirectoryError(21, "is a directory")
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _why(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


# --- text: decoding line by line ---------------------------------------------------------


def _detect(prefix: bytes, encoding: str | None) -> tuple[str, int]:
    """The codec of a text export and the length of its BOM."""
    for mark, codec in BOMS:
        if prefix.startswith(mark) and (encoding is None or _family(encoding) == _family(codec)):
            return codec, len(mark)
    if encoding is not None:
        return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, encoding), 0
    try:
        codecs.getincrementaldecoder("utf-8")().decode(prefix, final=False)
        return "utf-8", 0
    except UnicodeDecodeError:
        return "gb18030", 0


def _family(codec: str) -> str | None:
    return next((f for f in ("utf-8", "utf-16", "utf-32") if codec == f or codec.startswith(f + "-")), None)


class _Lines:
    """Decoded lines of a text export, numbered; an undecodable line is decoded with U+FFFD
    and noted in ``bad`` so the reader reports it with the row that holds it."""

    def __init__(self, handle: IO[bytes], codec: str, skip: int) -> None:
        self.handle, self.codec, self.skip = handle, codec, skip
        self.number = 0
        self.bad: list[int] = []

    def __iter__(self) -> Iterator[str]:
        codec = self.codec
        if codec.startswith(("utf-16", "utf-32")):  # b"\n" is not a line end there
            wrapper = io.TextIOWrapper(self.handle, encoding=codec, errors="replace", newline="")
            wrapper.read(0)
            for line in wrapper:
                self.number += 1
                if self.number == 1:
                    line = line[self.skip // (2 if codec.startswith("utf-16") else 4):]
                if "\ufffd" in line:
                    self.bad.append(self.number)
                yield line
            return
        for raw in self.handle:
            self.number += 1
            if self.number == 1 and self.skip:
                raw = raw[self.skip:]
            try:
                yield raw.decode(codec)
            except UnicodeDecodeError:
                self.bad.append(self.number)
                yield raw.decode(codec, errors="replace")


def _text_lines(handle: IO[bytes], encoding: str | None) -> tuple[str, _Lines]:
    prefix = handle.peek(_PROBE)[:_PROBE] if hasattr(handle, "peek") else b""
    if not hasattr(handle, "peek"):  # a stream without look-ahead: buffer it
        handle = io.BufferedReader(handle)  # type: ignore[arg-type]
        prefix = handle.peek(_PROBE)[:_PROBE]
    codec, skip = _detect(prefix, encoding)
    return codec, _Lines(handle, codec, skip)


def _undecodable(lines: _Lines, source: str, codec: str) -> Iterator[RowProblem]:
    while lines.bad:
        yield RowProblem(source, lines.bad.pop(0),
                         f"bytes that are not {codec} (checked with them replaced by U+FFFD)")


# --- JSON Lines and JSON ------------------------------------------------------------------


def _jsonl(lines: _Lines, source: str, codec: str) -> Iterator[Row | RowProblem]:
    for line in lines:
        yield from _undecodable(lines, source, codec)
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RowProblem(source, lines.number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(value, dict):
            yield RowProblem(source, lines.number, f"a JSON {_json_kind(value)}, not an object")
            continue
        yield from _expand(source, lines.number, value)


_CONVERSATION_KEYS = ("conversation_id", "conversation", "session_id", "id")


def _expand(source: str, number: int, value: dict[str, Any]) -> Iterator[Row | RowProblem]:
    """One row per turn: a plain object is one turn; an object with a ``messages`` list (the
    chat format LLM and chatbot logs use) is a whole conversation, one turn per message."""
    messages = value.get("messages")
    if not isinstance(messages, list):
        yield Row(source, number, value)
        return
    conversation = next((value[k] for k in _CONVERSATION_KEYS if value.get(k) not in (None, "")), f"line {number}")
    for message in messages:
        if not isinstance(message, dict):
            yield RowProblem(source, number, f"a message that is a JSON {_json_kind(message)}, not an object")
            continue
        row = dict(message)
        row.setdefault("conversation", conversation)
        for key in ("agent", "agent_id"):
            if key in value and key not in row:
                row[key] = value[key]
        yield Row(source, number, row)


def _json(handle: IO[bytes], source: str, encoding: str | None) -> Iterator[Row | RowProblem]:
    """A ``.json`` file: an array of objects (read whole), or JSON Lines under another name."""
    codec, lines = _text_lines(handle, encoding)
    first = lines.handle.peek(_PROBE)[lines.skip:_PROBE].lstrip()  # type: ignore[attr-defined]
    if not first.startswith(b"["):
        yield from _jsonl(lines, source, codec)
        return
    data = lines.handle.read()[lines.skip:]
    try:
        value = json.loads(data.decode(codec))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield RowProblem(source, None, f"not a valid JSON array: {exc}")
        return
    for number, item in enumerate(value if isinstance(value, list) else [], 1):
        if isinstance(item, dict):
            yield from _expand(source, number, item)
        else:
            yield RowProblem(source, number, f"item {number} is a JSON {_json_kind(item)}, not an object")


def _json_kind(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


# --- CSV ------------------------------------------------------------------------------------


def _csv(lines: _Lines, source: str, codec: str, delimiter: str) -> Iterator[Row | RowProblem]:
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, _FIELD_LIMIT))
    lines_iter = iter(lines)
    first = next(lines_iter, "")
    if delimiter == "," and "," not in first:
        # Some tools write ";" or tabs into a .csv: the header line tells.
        delimiter = max(("\t", ";", "|"), key=first.count) if any(d in first for d in "\t;|") else ","
    try:
        reader = csv.reader(itertools.chain([first], lines_iter), delimiter=delimiter, strict=True)
        header: list[str] | None = None
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield from _undecodable(lines, source, codec)
                yield RowProblem(source, start, f"broken CSV: {exc} (line {reader.line_num})")
                continue
            yield from _undecodable(lines, source, codec)
            if not fields or fields == [""]:
                continue
            if header is None:
                header = [h.strip() for h in fields]
                continue
            if len(fields) != len(header):
                yield RowProblem(source, start, f"{len(fields)} fields where the header has "
                                                f"{len(header)} (an unquoted {delimiter!r} in the text?)")
                continue
            yield Row(source, start, dict(zip(header, fields)))
    finally:
        csv.field_size_limit(limit)


# --- Excel ----------------------------------------------------------------------------------


def _xlsx(handle: IO[bytes], source: str, sheet: str | None) -> Iterator[Row | RowProblem]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a default dependency
        yield RowProblem(source, None, "reading .xlsx needs openpyxl: pip install openpyxl")
        return
    import zipfile

    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        yield RowProblem(source, None, f"not an Excel .xlsx workbook ({type(exc).__name__}: {exc})")
        return
    try:
        if sheet is not None and sheet not in book.sheetnames:
            yield RowProblem(source, None, f"no sheet {sheet!r}; it has: {', '.join(book.sheetnames)}")
            return
        ws = book[sheet] if sheet is not None else book.active
        header: list[str] | None = None
        for number, cells in enumerate(ws.iter_rows(values_only=True), 1):
            if all(c is None or c == "" for c in cells):
                continue
            if header is None:
                header = ["" if c is None else str(c).strip() for c in cells]
                continue
            values = {name: _cell(c) for name, c in zip(header, cells) if name}
            yield Row(source, number, values)
    finally:
        book.close()


def _cell(value: Any) -> Any:
    """An Excel cell as the text a person sees: empty cells are ``""``, numbers as typed;
    dates stay dates (the time column reads them)."""
    if value is None:
        return ""
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
