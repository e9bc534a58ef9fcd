"""`navkort import`: statistics extracts into every office workbook, safely. Reads the extracts and
each workbook, plans the changes (rules.importing), and writes only what changed: a backup first,
then the patched workbook atomically, with every figure logged in «Importlogg»."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import NavkortError, Problem, shown
from ..model import Catalogue, Figure, Mapping, Month, RowProblem
from ..rules.importing import OfficePlan, covered_but_missing, plan_office

BACKUP_DIR = ".navkort-sikkerhetskopi"
KEEP_BACKUPS = 10  # runs kept per folder; older backup folders are removed


@dataclass
class OfficeImport:
    """One workbook's part of the reconciliation."""

    file: str
    office: str = ""
    number: str = ""
    plan: OfficePlan | None = None
    written: bool = False
    backup: str = ""
    skipped: str = ""  # why the workbook was not touched (open in Excel, unreadable)
    problems: list[Problem] = field(default_factory=list)
    missing: list[tuple[str, str, Month]] = field(default_factory=list)  # covered by the mapping, not in the extract


@dataclass
class ImportReport:
    """The reconciliation of one import run."""

    mapping: str
    extracts: list[tuple[str, str]]  # (file, sha256)
    offices: list[OfficeImport]
    unknown_offices: dict[str, int]  # office in the extract with no workbook → figures
    row_problems: list[RowProblem]
    dry_run: bool

    @property
    def conflicts(self) -> int:
        return sum(len(o.plan.conflicts) for o in self.offices if o.plan is not None)

    @property
    def ok(self) -> bool:
        """Nothing left undone: no conflicts, no unreadable rows or workbooks, every office known."""
        return not (self.conflicts or self.row_problems or self.unknown_offices
                    or any(o.skipped or o.problems for o in self.offices))


def import_extracts(extracts: Sequence[Path | str], mapping: Mapping, workbooks: Sequence[Path | str],
                    catalogue: Catalogue, month: Month | None = None, *, dry_run: bool = False,
                    overwrite: bool = False, now: datetime | None = None) -> ImportReport:
    """Import the figures of `extracts` (read with `mapping`) into `workbooks`; the reconciliation
    says what was filled, left alone, in conflict or missing. `dry_run` writes nothing."""
    from ..io.extract import figures, office_key, read_table

    if mapping.period_column is None and month is None:
        raise NavkortError(Problem("usage", "Koblingen har ingen periodekolonne, så måneden må oppgis.",
                                   file=mapping.file, hint="Bruk --month ÅÅÅÅ-MM."))
    now = now or datetime.now()
    figs: list[Figure] = []
    row_problems: list[RowProblem] = []
    sums: list[tuple[str, str]] = []
    for path in extracts:
        table = read_table(Path(path), mapping)
        more, probs = figures(table, mapping, month)
        figs += more
        row_problems += probs
        sums.append((table.file, table.sha256))
    by_office: dict[str, list[Figure]] = {}
    for f in figs:
        by_office.setdefault(f.office, []).append(f)
    offices = [_one(Path(wb), by_office, mapping, catalogue, dry_run=dry_run, overwrite=overwrite, now=now,
                    sums=dict(sums)) for wb in workbooks]
    matched = {office_key(o.number if mapping.office_by == "number" else o.office, mapping.office_by)
               for o in offices if o.office}
    unknown = {k: len(v) for k, v in by_office.items() if k not in matched}
    for o in offices:
        if o.plan is not None:
            row_problems += o.plan.problems
    return ImportReport(shown(mapping.file), sums, offices, unknown, row_problems, dry_run)


def _one(path: Path, by_office: dict[str, list[Figure]], mapping: Mapping, catalogue: Catalogue, *,
         dry_run: bool, overwrite: bool, now: datetime, sums: dict[str, str]) -> OfficeImport:
    from ..io.extract import office_key
    from ..io.import_workbook import read_for_import

    result = OfficeImport(file=shown(str(path)))
    if (path.parent / f"~${path.name}").exists():
        result.skipped = "arbeidsboken er åpen i Excel (låsefilen finnes); lukk den og kjør på nytt"
        return result
    try:
        target = read_for_import(path, catalogue)
    except NavkortError as exc:
        result.problems = exc.problems
        return result
    result.office, result.number = target.name, target.number
    key = office_key(target.number if mapping.office_by == "number" else target.name, mapping.office_by)
    mine = by_office.get(key, [])
    plan = plan_office(mine, target.year, target.cells, overwrite=overwrite)
    result.plan = plan
    months = sorted({f.month for figs in by_office.values() for f in figs if f.month.year == target.year})
    mapped = [(m.id, fld) for m in mapping.indicators for fld, _ in m.columns]
    result.missing = covered_but_missing(mine, mapped, months) if mine else []
    if plan.changes and not dry_run:
        result.backup = _backup(path, now)
        target.write(plan.changes, mapping, sums, now)
        result.written = True
    return result


def _backup(path: Path, now: datetime) -> str:
    """Copy the workbook to .navkort-sikkerhetskopi/<time>/ beside it (once per run); keep the last runs."""
    root = path.parent / BACKUP_DIR
    folder = root / now.strftime("%Y-%m-%dT%H-%M-%S")
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    if not copy.exists():
        shutil.copy2(path, copy)
    runs = sorted(p for p in root.iterdir() if p.is_dir())
    for old in runs[:-KEEP_BACKUPS]:
        shutil.rmtree(old, ignore_errors=True)
    return shown(str(copy))
