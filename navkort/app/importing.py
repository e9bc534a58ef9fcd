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


def import_extracts(extracts: Sequence[Path | str], mapping: Mapping | Path | str, workbooks: Sequence[Path | str],
                    month: Month | None = None, dry_run: bool = False, *, overwrite: bool = False,
                    catalogue: Catalogue | None = None, now: datetime | None = None) -> ImportReport:
    """Import the figures of `extracts` (read with `mapping`, a kobling.yaml or its path) into
    `workbooks`; the reconciliation says what was filled, left alone, in conflict or missing.
    `dry_run` writes nothing. `catalogue` defaults to the national one (give the county's, with its
    overlay, when the mapping fills county indicators)."""
    from ..io.catalogue import load_catalogue
    from ..io.extract import figures, office_key, read_table
    from ..io.mapping import load_mapping

    catalogue = catalogue or load_catalogue()
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping, catalogue)

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
    run = _Run(now, dict(sums), {(f.indicator, f.field, f.month) for f in figs})
    offices = [_one(Path(wb), by_office, mapping, catalogue, run, dry_run=dry_run, overwrite=overwrite)
               for wb in workbooks]
    matched = {office_key(o.number if mapping.office_by == "number" else o.office, mapping.office_by)
               for o in offices if o.office}
    unknown = {k: len(v) for k, v in by_office.items() if k not in matched}
    for o in offices:
        if o.plan is not None:
            row_problems += o.plan.problems
    return ImportReport(shown(mapping.file), sums, offices, unknown, row_problems, dry_run)


@dataclass
class _Run:
    """What every workbook of one import run shares."""

    now: datetime
    sums: dict[str, str]  # extract file → SHA-256
    expected: set[tuple[str, str, Month]]  # (indicator, field, month) the extracts have for some office
    backup_name: str = ""  # the run's backup folder name, chosen at the first backup

    def backup_folder(self, parent: Path) -> Path:
        if not self.backup_name:
            base = self.now.strftime("%Y-%m-%dT%H-%M-%S")
            n = 1
            while (parent / BACKUP_DIR / (base if n == 1 else f"{base}-{n}")).exists():
                n += 1  # another run in the same second: never mix two runs' backups
            self.backup_name = base if n == 1 else f"{base}-{n}"
        return parent / BACKUP_DIR / self.backup_name


def _one(path: Path, by_office: dict[str, list[Figure]], mapping: Mapping, catalogue: Catalogue, run: _Run, *,
         dry_run: bool, overwrite: bool) -> OfficeImport:
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
    expected = {k for k in run.expected if k[2].year == target.year}
    result.missing = covered_but_missing(mine, expected) if mine else []
    if plan.changes and not dry_run:
        result.backup = _backup(path, run.backup_folder(path.parent))
        target.write(plan.changes, mapping, run.sums, run.now)
        result.written = True
    return result


def _backup(path: Path, folder: Path) -> str:
    """Copy the workbook into this run's backup folder beside it (once per run); keep the last runs."""
    root = folder.parent
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    if not copy.exists():
        shutil.copy2(path, copy)
    runs = sorted(p for p in root.iterdir() if p.is_dir())
    for old in runs[:-KEEP_BACKUPS]:
        shutil.rmtree(old, ignore_errors=True)
    return shown(str(copy))
