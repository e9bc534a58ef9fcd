"""`navkort import`: statistics extracts into every office workbook, safely. Reads the extracts and
each workbook, plans the changes (rules.importing), and writes only what changed: a backup first,
then the patched workbook atomically, with every figure logged in «Importlogg»."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NavkortError, Problem, os_reason, shown
from ..model import Catalogue, Month
from ..model.imports import Figure, Mapping, RowProblem
from ..rules.importing import OfficePlan, covered_but_missing, plan_office

if TYPE_CHECKING:
    from ..io.import_workbook import ImportTarget

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
    unmatched: dict[str, int] = field(default_factory=dict)  # indicator texts the mapping does not import → rows

    @property
    def conflicts(self) -> int:
        return sum(len(o.plan.conflicts) for o in self.offices if o.plan is not None)

    @property
    def other_year(self) -> int:
        return sum(o.plan.other_year for o in self.offices if o.plan is not None)

    @property
    def ok(self) -> bool:
        """Nothing left undone: no conflicts, no unreadable rows or workbooks, every office known,
        no figure for another year than its workbook's."""
        return not (self.conflicts or self.row_problems or self.unknown_offices or self.other_year
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

    if month is not None and not isinstance(month, Month):
        raise TypeError("month must be a navkort.Month (catalogue= is a keyword argument)")
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
    unmatched: dict[str, int] = {}
    for path in extracts:
        table = read_table(Path(path), mapping)
        more, probs = figures(table, mapping, month, unmatched)
        figs += more
        row_problems += probs
        sums.append((table.file, table.sha256))
    by_office: dict[str, list[Figure]] = {}
    for f in figs:
        by_office.setdefault(f.office, []).append(f)
    if not figs and not row_problems:
        raise NavkortError(Problem("extract-empty", "Uttrekket har ingen tall" + (f" for {month.key}" if month else "")
                                   + ".", file=sums[0][0] if sums else "",
                                   hint="Sjekk måneden (--month) og at uttrekket har rader under overskriften."))
    run = _Run(now, dict(sums), {(f.indicator, f.field, f.month) for f in figs})
    offices, targets = _read_all(workbooks, mapping, catalogue)
    for office, target in zip(offices, targets):
        if target is not None:
            _one(office, target, by_office, mapping, run, dry_run=dry_run, overwrite=overwrite)
    matched = {office_key(o.number if mapping.office_by == "number" else o.office, mapping.office_by)
               for o in offices if o.office}
    unknown = {k: len(v) for k, v in by_office.items() if k not in matched}
    for o in offices:
        if o.plan is not None:
            row_problems += o.plan.problems
    return ImportReport(shown(mapping.file), sums, offices, unknown, row_problems, dry_run, unmatched)


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


def _read_all(workbooks: Sequence[Path | str], mapping: Mapping,
              catalogue: Catalogue) -> tuple[list[OfficeImport], list[ImportTarget | None]]:
    """Read every workbook first: two workbooks for the same office both stay untouched (which one
    is right is the user's call), so no office's figures can land in another office's workbook."""
    from ..io.extract import office_key
    from ..io.import_workbook import read_for_import

    offices: list[OfficeImport] = []
    targets: list[ImportTarget | None] = []
    for wb in workbooks:
        path = Path(wb)
        result = OfficeImport(file=shown(str(path)))
        target: ImportTarget | None = None
        try:
            target = read_for_import(path, catalogue)
            result.office, result.number = target.name, target.number
        except NavkortError as exc:
            result.problems = exc.problems
        offices.append(result)
        targets.append(target)
    keys: dict[str, list[int]] = {}
    for i, o in enumerate(offices):
        if o.office:
            keys.setdefault(office_key(o.number if mapping.office_by == "number" else o.office, mapping.office_by),
                            []).append(i)
    for key, idx in keys.items():
        if len(idx) > 1:
            files = ", ".join(offices[i].file for i in idx)
            for i in idx:
                offices[i].skipped = f"flere arbeidsbøker har kontor «{key}» ({files}); ingen av dem er endret"
                targets[i] = None
    return offices, targets


def _one(result: OfficeImport, target: ImportTarget, by_office: dict[str, list[Figure]], mapping: Mapping,
         run: _Run, *, dry_run: bool, overwrite: bool) -> None:
    from ..io.extract import office_key

    path = target.path
    key = office_key(target.number if mapping.office_by == "number" else target.name, mapping.office_by)
    mine = by_office.get(key, [])
    plan = plan_office(mine, target.year, target.cells, overwrite=overwrite)
    result.plan = plan
    expected = {k for k in run.expected if k[2].year == target.year}
    result.missing = covered_but_missing(mine, expected) if mine else []
    if not plan.changes or dry_run:
        return
    if (path.parent / f"~${path.name}").exists():
        result.skipped = "arbeidsboken er åpen i Excel (låsefilen finnes); lukk den og kjør på nytt"
        return
    try:
        result.backup = _backup(path, run.backup_folder(path.parent))
        target.write(plan.changes, mapping, run.sums, run.now)
    except NavkortError as exc:
        result.problems = exc.problems
        return
    except OSError as exc:
        result.problems = [Problem("import-write-failed", f"Sikkerhetskopien kunne ikke lages: {os_reason(exc)}; "
                                   "arbeidsboken er ikke endret.", file=result.file)]
        return
    result.written = True


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
