"""Reply files as the CLI sees them: finding them, decoding them, lines and suppression comments.

* :func:`find_files` walks the paths given on the command line: files as named, folders
  recursively (``*.txt`` and ``*.md`` unless ``include`` says otherwise), hidden folders and
  files skipped, ``exclude`` globs pruned.
* :func:`decode` turns bytes into text: a BOM (UTF-8, UTF-16, UTF-32) decides; otherwise strict
  UTF-8, then GB18030 (a superset of GBK and GB2312, what Chinese Windows machines write); a
  NUL byte means a binary file. :class:`Source` remembers the encoding and BOM so that
  ``--fix`` writes the file back exactly as it was, except for the fixes.
* :func:`write_atomic` puts ``--fix``'s result in place so that a file is always either the old
  or the new one, never a mix, even when the process is killed; it refuses read-only files and
  folders, and files that changed since they were read (see its docstring).
* :class:`LineIndex` maps character offsets to 1-based lines and columns, and knows which lines
  carry a ``huashu: ignore`` comment.

Everything that cannot be read raises :class:`huashu.InputError` with the path and a reason
short enough for one line on stderr.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import fnmatch
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ._errors import InputError
from ._model import Finding

__all__ = [
    "DEFAULT_INCLUDE",
    "LineIndex",
    "Source",
    "Stamp",
    "check_encoding",
    "decode",
    "find_files",
    "read_source",
    "remove_stale_temporaries",
    "split_lines",
    "write_atomic",
]

DEFAULT_INCLUDE = ("*.txt", "*.md")

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_PROBE = 8192
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a file was when it was read, to tell whether it changed before it is written back."""

    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, data: bytes, stat: os.stat_result) -> Stamp:
        return cls(len(data), stat.st_mtime_ns, hashlib.blake2b(data, digest_size=16).digest())


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded reply file: its text and how to write it back byte for byte.

    ``stamp`` (set by :func:`read_source`) is what the file was when read; :func:`write_atomic`
    compares it with the file just before replacing it.
    """

    text: str
    encoding: str
    bom: bytes = b""
    stamp: Stamp | None = field(default=None, compare=False, repr=False)

    def encode(self, text: str) -> bytes:
        """``text`` in this file's encoding, BOM included."""
        return self.bom + text.encode(self.encoding)


def check_encoding(name: str) -> str:
    """The codec's canonical name; ``LookupError`` for an unknown one."""
    return codecs.lookup(name).name


def decode(data: bytes, path: str, encoding: str | None = None) -> Source:
    """Decode a reply file's bytes.

    Args:
        data: the file's content.
        path: shown in errors.
        encoding: force this codec (a BOM of the same family is still stripped and kept);
            ``None`` detects it.

    Raises:
        InputError: a binary file, or bytes that are not text in the (detected) encoding.

    >>> decode("您好".encode("gb18030"), "a.txt").encoding
    'gb18030'
    >>> decode(codecs.BOM_UTF16_LE + "您好".encode("utf-16-le"), "a.txt").text
    '您好'
    """
    bom, bom_codec = b"", None
    for mark, codec in BOMS:
        if data.startswith(mark):
            bom, bom_codec = mark, codec
            break
    if encoding is not None:
        codec = check_encoding(encoding)
        if bom_codec is not None and _family(codec) == _family(bom_codec):
            return _strict(data[len(bom):], path, bom_codec, bom, forced=True)
        # Without a BOM, name a byte order so that writing back adds no BOM either.
        codec = _NO_BOM.get(codec, codec)
        return _strict(data, path, codec, b"", forced=True)
    if bom_codec is not None:
        return _strict(data[len(bom):], path, bom_codec, bom, forced=False)
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError(path, "binary file (contains NUL bytes); a UTF-16 file needs a BOM or --encoding")
    try:
        return Source(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text):
        return Source(text, "gb18030")
    raise InputError(path, "not UTF-8 or GB18030 text (binary?); pass --encoding if it is text")


def _family(codec: str) -> str | None:
    for family in ("utf-8", "utf-16", "utf-32"):
        if codec == family or codec.startswith(family + "-"):
            return family
    return None


_NO_BOM = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}


def _strict(data: bytes, path: str, codec: str, bom: bytes, *, forced: bool) -> Source:
    try:
        return Source(data.decode(codec), codec, bom)
    except UnicodeDecodeError as exc:
        at = exc.start + len(bom)
        how = "" if forced else " (as its BOM says)"
        raise InputError(path, f"cannot decode as {codec}{how}: {exc.reason} at byte {at}") from None


def _plausible(text: str) -> bool:
    """Whether GB18030-decoded bytes look like text rather than binary that happened to decode."""
    odd = 0
    for char in text:
        if char in _TEXT_CONTROLS:
            continue
        if unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs"):
            odd += 1
    return odd <= len(text) // 100


def read_source(path: str | os.PathLike[str], encoding: str | None = None) -> Source:
    """Read and decode a reply file.

    Raises:
        InputError: the file is missing, unreadable, binary or cannot be decoded.
    """
    shown = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError:
        raise InputError(shown, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as exc:
        raise InputError(shown, exc.strerror or str(exc)) from None
    return replace(decode(data, shown, encoding), stamp=Stamp.of(data, stat))


_TMP_SUFFIX = ".huashu-tmp"


def write_atomic(path: str | os.PathLike[str], data: bytes, *, expected: Stamp | None = None) -> None:
    """Replace the file at ``path`` with ``data``; at every moment the file is the old one or the new.

    The bytes go to a hidden temporary file in the same folder (``.NAME.PID.XXXX.huashu-tmp``),
    which is flushed to disk, then takes the file's place with ``os.replace`` (atomic on POSIX
    and Windows); the folder is flushed too, so that the rename survives a power cut. Killed
    before the rename, the process leaves the old file and at worst a temporary file, which no
    run lints (it is hidden) and the next ``--fix`` in that folder removes
    (:func:`remove_stale_temporaries`). The file's permission bits (and, where allowed, owner)
    are kept; a symbolic link keeps pointing at the file it pointed at, which is the one
    rewritten. (A hard link is not: the path gets a new file, as with ``sed -i``.)

    Args:
        path: the file to replace.
        data: its new content.
        expected: what the file was when read; if it is not that any more just before the
            replacement (another program wrote to it meanwhile), nothing is written.

    Raises:
        InputError: the file or its folder is read-only (by permission bits, even for root, or
            refused by the system), the file changed since it was read, or writing failed; the
            reason fits on one line.
    """
    shown = os.fspath(path)
    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    try:
        stat = os.stat(target)
    except FileNotFoundError:
        if expected is not None:
            raise InputError(shown, "removed since it was read; not written") from None
        stat = None
    except OSError as exc:
        raise InputError(shown, _write_reason(exc)) from None
    if stat is not None and (not stat.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise InputError(shown, "read-only file; not fixed")
    try:
        folder_stat = os.stat(folder or ".")
    except OSError as exc:
        raise InputError(shown, _write_reason(exc)) from None
    if not folder_stat.st_mode & 0o222 or not os.access(folder or ".", os.W_OK | os.X_OK):
        raise InputError(shown, "read-only folder; the file is not fixed")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder or None, prefix=f".{_tmp_stem(name)}.{os.getpid()}.",
                                   suffix=_TMP_SUFFIX)
        with os.fdopen(fd, "wb") as handle:
            if stat is not None:
                _copy_owner_and_mode(handle.fileno(), stat)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expected is not None and not _unchanged(target, expected):
            raise InputError(shown, "changed since it was read; not overwritten")
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(shown, _write_reason(exc)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _tmp_stem(name: str) -> str:
    """``name`` as it goes into a temporary file's name: short enough for any file system."""
    if len(os.fsencode(name)) <= 100:
        return name
    return hashlib.blake2b(os.fsencode(name), digest_size=8).hexdigest()


def _copy_owner_and_mode(fd: int, stat: os.stat_result) -> None:
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, stat.st_uid, stat.st_gid)
        except OSError:
            pass  # only root may give a file away; the file then belongs to whoever fixed it
    if hasattr(os, "fchmod"):
        try:
            os.fchmod(fd, stat.st_mode & 0o7777)
        except OSError:
            pass


def _unchanged(target: str, expected: Stamp) -> bool:
    try:
        with open(target, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size != expected.size or stat.st_mtime_ns != expected.mtime_ns:
                return False
            # Same size and time can still hide a write within the clock's resolution.
            return Stamp.of(handle.read(), stat) == expected
    except OSError:
        return False


def _fsync_folder(folder: str) -> None:
    if os.name == "nt":
        return  # folders cannot be opened, and NTFS journals the rename itself
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the file or its folder is read-only; not fixed"
    if exc.errno == errno.EROFS:
        return "read-only file system; not fixed"
    return f"cannot write the fix: {exc.strerror or exc}"


def remove_stale_temporaries(folders: Iterable[str]) -> list[str]:
    """Remove the temporary files that a killed ``--fix`` left in ``folders``; return their paths.

    Only files named like :func:`write_atomic`'s whose process is gone are removed: a run
    fixing files in the same folder at the same time keeps its own.
    """
    removed = []
    for folder in folders:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if not (name.startswith(".") and name.endswith(_TMP_SUFFIX)):
                continue
            parts = name[: -len(_TMP_SUFFIX)].rsplit(".", 2)
            if len(parts) != 3 or not parts[1].isdigit() or _alive(int(parts[1])):
                continue
            path = os.path.join(folder, name)
            try:
                os.unlink(path)
            except OSError:
                continue
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # os.kill would end the process there: keep the file rather than guess
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


# --- finding files ------------------------------------------------------------------------


class _Globs:
    """Globs matched against a POSIX relative path as a whole or from the right: ``*.md``,
    ``drafts/*`` and ``archive`` all match ``team/drafts/archive``-style paths at any depth."""

    def __init__(self, patterns: Iterable[str]) -> None:
        cleaned = []
        for pattern in patterns:
            pattern = pattern.replace("\\", "/").rstrip("/")
            pattern = pattern[2:] if pattern.startswith("./") else pattern
            if pattern:
                cleaned.append(fnmatch.translate(pattern))
        self._regex = re.compile("|".join(cleaned)) if cleaned else None

    def __call__(self, rel: str) -> bool:
        if self._regex is None:
            return False
        match = self._regex.match
        if match(rel):
            return True
        at = rel.find("/")
        while at != -1:
            if match(rel, at + 1):
                return True
            at = rel.find("/", at + 1)
        return False


def find_files(
    paths: Sequence[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    force_exclude: bool = False,
) -> tuple[list[str], list[InputError]]:
    """The files to lint under ``paths``, in a stable order, and the paths that do not exist.

    A file named on the command line is linted whatever its extension (and even when an
    ``exclude`` glob matches it, unless ``force_exclude``). A folder is walked recursively for
    files matching an ``include`` glob; hidden files and folders (``.git`` …) and anything
    matching an ``exclude`` glob are skipped. Globs match the path relative to the folder walked,
    from the right (``*.md``, ``drafts/*``, ``archive``). The same file named twice is linted once.
    """
    files: list[str] = []
    errors: list[InputError] = []
    seen: set[str] = set()
    included, excluded = _Globs(include), _Globs(exclude)

    def add(path: str, key: str) -> None:
        key = os.path.normcase(key)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for given in paths:
        if os.path.isdir(given):
            found = []
            for folder, dirs, names in os.walk(given):
                rel_folder = os.path.relpath(folder, given)
                rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(rel_folder + d))
                for name in names:
                    rel = rel_folder + name
                    if not name.startswith(".") and included(rel) and not excluded(rel):
                        found.append(os.path.normpath(os.path.join(folder, name)))
            # os.walk does not follow links to folders, so absolute paths are unique enough here.
            for path in sorted(found, key=lambda p: p.split(os.sep)):
                add(path, os.path.abspath(path))
        elif os.path.exists(given):
            if force_exclude and excluded(Path(given).as_posix().removeprefix("./")):
                continue
            add(given, os.path.realpath(given))
        else:
            errors.append(InputError(given, "no such file or directory"))
    return files, errors


# --- lines, columns and suppression comments ----------------------------------------------

_EOL_RE = re.compile(r"\r\n|\r|\n")
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_IGNORE_RE = re.compile(r"huashu\s*[:：]\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
_CODE_SPLIT_RE = re.compile(r"[\s,，、;；]+")


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines, each with its own line ending (``\\r\\n``, ``\\r`` or ``\\n``)."""
    return _LINE_RE.findall(text)


class LineIndex:
    """Offsets to lines and columns in one text, and its ``huashu: ignore`` comments.

    Lines end at ``\\n``, ``\\r\\n`` or ``\\r``; lines and columns are 1-based, columns count
    characters (not bytes, not display cells).

    >>> index = LineIndex("您好\\n我不知道  # huashu: ignore[JJ001]\\n")
    >>> index.position(3)
    (2, 1)
    >>> index.line(2)
    '我不知道  # huashu: ignore[JJ001]'
    """

    __slots__ = ("_ends", "_ignores", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts, ends = [0], []
        for m in _EOL_RE.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self._starts, self._ends = starts, ends
        # line -> None (every rule) or the codes listed
        self._ignores: dict[int, frozenset[str] | None] = {}
        if "huashu" in text.lower():
            for m in _IGNORE_RE.finditer(text):
                line = self.position(m.start())[0]
                codes = None if m.group(1) is None else frozenset(
                    c for c in _CODE_SPLIT_RE.split(m.group(1)) if c
                )
                previous = self._ignores.get(line, frozenset())
                if codes is None or previous is None:
                    self._ignores[line] = None
                else:
                    self._ignores[line] = previous | codes

    @property
    def has_suppressions(self) -> bool:
        return bool(self._ignores)

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of the character at ``offset``, both 1-based."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def end_position(self, start: int, end: int) -> tuple[int, int]:
        """``(line, column)`` just after a span's last character (``column`` is exclusive)."""
        if end <= start:
            return self.position(start)
        line, column = self.position(end - 1)
        return line, column + 1

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its line ending."""
        return self.text[self._starts[number - 1] : self._ends[number - 1]]

    def suppresses(self, finding: Finding, names: Mapping[str, str] | None = None) -> bool:
        """Whether the line ``finding`` starts on carries a ``huashu: ignore`` for it.

        ``huashu: ignore`` silences every rule on its line; ``huashu: ignore[JJ001,TW]`` only
        the rules listed, by id, id prefix, category or name (``names`` maps ids to names).
        """
        if not self._ignores:
            return False
        line = self.position(finding.start)[0]
        if line not in self._ignores:
            return False
        codes = self._ignores[line]
        if codes is None:
            return True
        name = (names or {}).get(finding.rule_id)
        return any(
            finding.rule_id.startswith(code) or code == finding.category or code == name
            for code in codes
        )
