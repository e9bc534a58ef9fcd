"""Files: atomic writes (a reader never sees half a file, and a failed write leaves the old file
intact), where the shipped catalogue and templates are, and which files a folder argument means."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..errors import NavkortError, Problem


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise NavkortError(Problem("file-not-found", f"Kan ikke skrive i mappen «{path.parent}»: {exc.strerror}.",
                                   file=str(path))) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name the same file (resolving links and case where the OS does)."""
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(a).exists() and Path(b).exists()
                                                          and os.path.samefile(a, b))
    except OSError:
        return False


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


OWN_OUTPUTS = ("-tiltaksplan.xlsx", "-malekort.xlsx", "fylkesoversikt.xlsx")


def collect_workbooks(inputs: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """(workbooks, skipped lock files) from files, folders (their *.xlsx) and glob patterns."""
    found: list[Path] = []
    skipped: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            candidates = [c for c in sorted(p.glob("*.xlsx")) if not c.name.endswith(OWN_OUTPUTS)]
        elif not p.exists() and any(ch in str(raw) for ch in "*?["):
            candidates = [Path(g) for g in sorted(glob.glob(str(raw)))]
        else:
            candidates = [p]
        for c in candidates:
            if c.name.startswith("~$"):
                skipped.append(c)
            elif c not in found:
                found.append(c)
    return found, skipped


def slug(text: str) -> str:
    """`NAV Midtre Skogli` → `nav-midtre-skogli`; æøå → ae, o, a for safe file names."""
    s = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "kontor"


def refuse_input(path: Path, inputs: Iterable[Path]) -> None:
    """Refuse to write `path` when it is (or would replace) one of the input files."""
    for p in inputs:
        if same_file(path, p):
            raise NavkortError(Problem("output-is-input", f"Vil ikke skrive over inndatafilen «{p}».", file=str(path),
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
