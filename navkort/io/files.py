"""Files: atomic writes (a reader never sees half a file, and a failed write leaves the old file
intact), where the shipped catalogue and templates are, and which files a folder argument means."""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem, os_reason


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)  # read it the only way there is, and put it back at once
    os.umask(mask)
    return mask


def _disk_full(path: Path, exc: OSError) -> NavkortError:
    why = "kvoten din er brukt opp" if exc.errno == errno.EDQUOT else "disken er full"
    return NavkortError(Problem("disk-full", f"«{path.name}» ble ikke skrevet: {why}.",
                                file=str(path)))


def _refuse_directory(path: Path) -> None:
    if path.is_dir():
        raise NavkortError(Problem("output-is-directory", f"«{path}» er en mappe; navkort skriver en fil der.",
                                   file=str(path), hint="Oppgi et filnavn, ikke en mappe."))


def _temporary(path: Path) -> tuple[int, str]:
    """An open temporary file beside `path` (its folder made if need be): (fd, name)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(path, exc) from None
        raise NavkortError(Problem("file-not-found", f"Kan ikke skrive i mappen «{path.parent}»: {os_reason(exc)}.",
                                   file=str(path))) from None


def _mode_for(path: Path) -> int:
    """A replaced file keeps its mode; a new one gets 0666 & ~umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename. A new
    file gets mode 0666 & ~umask, a replaced one keeps its mode; on any failure the old file stays."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    _refuse_directory(path)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), _mode_for(path))
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(path, exc) from None
        raise


def write_all_atomic(items: Sequence[tuple[Path, bytes | str]]) -> None:
    """Write several files of one folder, each atomically as `write_atomic` does, with one flush to
    disk for all of them: every file is written to its temporary file first, the folder's file system
    is synced once (syncfs on Linux; elsewhere each file is fsynced), and only then is each renamed
    into place. A failure before the renames leaves every old file as it was."""
    files = [(Path(p), d.encode("utf-8") if isinstance(d, str) else d) for p, d in items]
    for path, _ in files:
        _refuse_directory(path)
    temps: list[tuple[str, Path]] = []
    fds: list[int] = []
    try:
        for path, data in files:
            fd, tmp = _temporary(path)
            fds.append(fd)
            temps.append((tmp, path))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, _mode_for(path))
        if fds and not _syncfs(fds[0]):  # one flush for the folder's file system, else one per file
            for fd in fds:
                os.fsync(fd)
        for fd in fds:
            os.close(fd)
        fds = []
        for tmp, path in temps:
            os.replace(tmp, path)
        temps = []
    except BaseException as exc:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(temps[0][1] if temps else Path("."), exc) from None
        raise


def _syncfs(fd: int) -> bool:
    """Flush the file system `fd` is on to disk in one call (Linux); False where that is not available."""
    global _SYNCFS
    if _SYNCFS is None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            _SYNCFS = libc.syncfs if hasattr(libc, "syncfs") else False
        except (OSError, AttributeError):
            _SYNCFS = False
    return bool(_SYNCFS) and _SYNCFS(fd) == 0


_SYNCFS: Any = None


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name the same file (resolving links and case where the OS does)."""
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(a).exists() and Path(b).exists()
                                                          and os.path.samefile(a, b))
    except OSError:
        return False


def navkort_document(path: Path | str) -> bool:
    """Whether an existing .xlsx is a document navkort wrote (målekort, plan, overview), which a new
    run may replace; an office workbook or anyone else's file is not. Reads two small zip members."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            parts = {i.filename: i for i in z.infolist()}
            core, book = parts.get("docProps/core.xml"), parts.get("xl/workbook.xml")
            if core is None or book is None or core.file_size > 65536 or book.file_size > 1 << 20:
                return False
            made_by_us = b"<dc:creator>navkort</dc:creator>" in z.read(core)
            office_workbook = "Måledata".encode() in z.read(book)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return made_by_us and not office_workbook


def data_dir() -> Path:
    """Where the shipped catalogue and templates are: inside the installed package, or the checkout."""
    pkg = Path(__file__).resolve().parent.parent
    packaged = pkg / "data"
    if (packaged / "indicators.yaml").is_file():
        return packaged
    return pkg.parent


def default_catalogue_path() -> Path:
    """The national catalogue shipped with navkort."""
    return data_dir() / "indicators.yaml"


def shipped_templates() -> Path:
    return data_dir() / "templates"


OWN_OUTPUTS = ("-tiltaksplan.xlsx", "-tiltaksplan-nn.xlsx", "-malekort.xlsx", "fylkesoversikt.xlsx")


@dataclass(frozen=True)
class Skipped:
    """A file a folder or pattern named that is not read, and why (shown to the user)."""

    path: Path
    reason: str


def _oddity(path: Path) -> str:
    """Why `path` is not a workbook to open, or "" when it is a readable regular file."""
    if path.name.startswith("~$"):
        return "låsefil fra Excel"
    try:
        st = os.stat(path)
    except OSError:
        return "brutt eller sirkulær lenke" if os.path.islink(path) else "finnes ikke lenger"
    if not stat.S_ISREG(st.st_mode):
        return "mappe" if stat.S_ISDIR(st.st_mode) else "ikke en vanlig fil, men en FIFO, socket eller enhet"
    if not os.access(path, os.R_OK):
        return "kan ikke leses (mangler tilgang)"
    return ""


def collect_workbooks(inputs: Iterable[Path | str]) -> tuple[list[Path], list[Skipped]]:
    """(workbooks, skipped files with the reason) from files, folders (their *.xlsx) and glob
    patterns. What a folder or pattern finds is checked without opening it: lock files, links that
    lead nowhere, folders, FIFOs, sockets and devices named *.xlsx, and unreadable files are skipped.
    A file named on its own is always returned (the reader then says what is wrong with it)."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    keys: set[object] = set()  # the same file reached twice (a link, an absolute and a relative path)
    for raw in inputs:
        p = Path(raw)
        named = False
        if p.is_dir():
            candidates = [c for c in sorted(p.glob("*.xlsx")) if not c.name.endswith(OWN_OUTPUTS)]
        elif not p.exists() and not p.is_symlink() and any(ch in str(raw) for ch in "*?["):
            candidates = [Path(g) for g in sorted(glob.glob(str(raw)))]
        else:
            candidates, named = [p], True
        for c in candidates:
            why = "låsefil fra Excel" if c.name.startswith("~$") else ("" if named else _oddity(c))
            if not why and not named and navkort_document(c):
                why = "et dokument navkort har laget, ikke en arbeidsbok"
            if why:
                skipped.append(Skipped(c, why))
                continue
            try:
                st = os.stat(c)
                key: object = (st.st_dev, st.st_ino)
            except OSError:
                key = c
            if key not in keys:
                keys.add(key)
                found.append(c)
    return found, skipped


def slug(text: str) -> str:
    """`NAV Midtre Skogli` → `nav-midtre-skogli`; æøå → ae, o, a for safe file names. At most
    SLUG_MAX characters (cut between words), so a long office name cannot make a file name longer
    than the file system allows (255 bytes) once the month and the document are added."""
    s = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > SLUG_MAX:
        cut = s[:SLUG_MAX + 1]
        s = (cut[:cut.rfind("-")] if "-" in cut[SLUG_MAX // 2:] else s[:SLUG_MAX]).strip("-")
    return s or "kontor"


SLUG_MAX = 60


class Inputs:
    """The input files of a run, resolved once, so each output can be checked against all of them
    in constant time: by resolved path (a link is followed) and by device and inode."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths: dict[Path, Path] = {}
        self.inodes: dict[tuple[int, int], Path] = {}
        for p in paths:
            with contextlib.suppress(OSError):
                self.paths[Path(p).resolve()] = Path(p)
                st = os.stat(p)
                self.inodes[(st.st_dev, st.st_ino)] = Path(p)

    def which(self, path: Path) -> Path | None:
        """The input file that writing `path` would replace, if any."""
        try:
            hit = self.paths.get(path.resolve())
            if hit is None and path.exists():
                st = os.stat(path)
                hit = self.inodes.get((st.st_dev, st.st_ino))
        except OSError:
            return None
        return hit


def refuse_input(path: Path, inputs: Inputs | Iterable[Path]) -> None:
    """Refuse to write `path` when it is (or would replace) one of the input files."""
    guard = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
    hit = guard.which(path)
    if hit is not None:
        raise NavkortError(Problem("output-is-input", f"Vil ikke skrive over inndatafilen «{hit}».", file=str(path),
                                   hint="Velg en annen mappe med --out, eller gi arbeidsboken et annet navn."))


def remove_stale_temporaries(folder: Path, prefix: str) -> None:
    """Remove temporary files a killed run of navkort left in `folder` for documents named `prefix…`."""
    try:
        stale = list(folder.glob(f".{glob.escape(prefix)}*.tmp"))
    except OSError:
        return
    for p in stale:
        with contextlib.suppress(OSError):
            p.unlink()


def remove_stale_documents(folder: Path, prefix: str, produced: set[str]) -> list[Path]:
    """Remove navkort's own documents for this office and month that this run did not produce (a PDF
    from a run with --pdf, a letter to a municipality no longer served). Only names navkort writes
    are touched; any other file in the folder is left alone."""
    own = re.compile(re.escape(prefix) + r"-(?:(?:malekort|tiltaksplan|spc-vedlegg)(?:-nn)?|statusbrev-[a-z0-9-]+)"
                     r"\.(?:html|pdf|xlsx|docx)")
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f"{glob.escape(prefix)}-*"))
    except OSError:
        return removed
    for p in candidates:
        if p.name not in produced and own.fullmatch(p.name) and p.is_file():
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed
