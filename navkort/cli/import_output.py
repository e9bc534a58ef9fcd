"""The import reconciliation in the terminal: per office what was filled, left alone and in
conflict, then what the extract and the workbooks do not agree on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text.numbers import format_plain
from .output import console, count, print_problems

if TYPE_CHECKING:
    from ..app.importing import ImportReport

WHY = {"different": "en annen verdi står der", "formula": "cellen har en formel",
       "extract-disagrees": "uttrekket har to ulike tall"}


def print_reconciliation(report: ImportReport, skipped: list[str]) -> None:
    con = console()
    con.print(f"Avstemming ({'tørrkjøring: ingenting er skrevet' if report.dry_run else 'import'}) "
              f"med koblingen {report.mapping}", style="bold", markup=False, soft_wrap=True)
    for file, sha in report.extracts:
        con.print(f"  uttrekk {file} (SHA-256 {sha[:16]}…)", markup=False, soft_wrap=True)
    width = max([len(o.office or o.file) for o in report.offices] + [6])
    con.print(f"{'Kontor':<{width}}  {'fylt':>5}  {'uendret':>7}  {'konflikt':>8}  {'mangler':>7}", style="bold",
              markup=False, soft_wrap=True)
    for o in report.offices:
        name = o.office or o.file
        if o.skipped or o.problems or o.plan is None:
            con.print(f"{name:<{width}}  hoppet over: {o.skipped or 'kan ikke leses'}", style="yellow",
                      markup=False, soft_wrap=True)
            print_problems(o.problems)
            continue
        p = o.plan
        con.print(f"{name:<{width}}  {len(p.changes):>5}  {p.unchanged:>7}  {len(p.conflicts):>8}  "
                  f"{len(o.missing):>7}", markup=False, soft_wrap=True, style="red" if p.conflicts else None)
    _conflicts(report)
    _gaps(report, skipped)
    written = [o for o in report.offices if o.written]
    filled = sum(len(o.plan.changes) for o in (report.offices if report.dry_run else written) if o.plan is not None)
    if report.dry_run:
        con.print(f"Tørrkjøring: {count(filled, 'tall', 'tall')} ville blitt skrevet; ingen fil er endret.",
                  markup=False, soft_wrap=True)
    elif written:
        con.print(f"Skrev {count(filled, 'tall', 'tall')} i {count(len(written), 'arbeidsbok', 'arbeidsbøker')}. "
                  f"Sikkerhetskopi: {written[0].backup.rsplit('/', 1)[0]}/", markup=False, soft_wrap=True)
    elif report.conflicts or any(o.skipped or o.problems for o in report.offices):
        con.print("Ingen tall ble skrevet (se over).", markup=False, soft_wrap=True)
    else:
        con.print("Ingen endringer: arbeidsbøkene har allerede disse tallene.", markup=False, soft_wrap=True)


def _conflicts(report: ImportReport) -> None:
    con = console()
    rows = [(o, c) for o in report.offices if o.plan for c in o.plan.conflicts]
    if not rows:
        return
    con.print(f"{count(len(rows), 'konflikt', 'konflikter')} (ikke skrevet; --overwrite skriver over andre verdier, "
              "aldri formler):", style="red", markup=False, soft_wrap=True)
    for o, c in rows:
        f = c.figure
        con.print(f"  {o.office}: {f.indicator} {f.field} {f.month.key}, Måledata!{c.ref}: «{c.old}» → "
                  f"{format_plain(f.value)} ({WHY[c.why]}; {f.file} rad {f.row})",
                  markup=False, soft_wrap=True)


def _gaps(report: ImportReport, skipped: list[str]) -> None:
    con = console()
    for key, n in report.unknown_offices.items():
        con.print(f"Uttrekket har {count(n, 'tall', 'tall')} for kontor «{key}», men ingen arbeidsbok har det "
                  "kontoret.", style="yellow", markup=False, soft_wrap=True)
    for o in report.offices:
        if o.plan is not None and not (o.plan.changes or o.plan.unchanged or o.plan.conflicts):
            con.print(f"{o.office} ({o.file}) har ingen rader i uttrekket.", style="yellow", markup=False,
                      soft_wrap=True)
        elif o.missing:
            shown = ", ".join(f"{i} {f} {m.key}" for i, f, m in o.missing[:8])
            more = f" og {len(o.missing) - 8} til" if len(o.missing) > 8 else ""
            con.print(f"{o.office}: uttrekket mangler {shown}{more}.", style="yellow", markup=False, soft_wrap=True)
        if o.plan is not None and o.plan.no_row:
            rows = ", ".join(f"{i} {f}" for i, f in o.plan.no_row)
            con.print(f"{o.office}: arbeidsboken har ingen rad for {rows} (lag den på nytt med navkort new?).",
                      style="yellow", markup=False, soft_wrap=True)
    if report.other_year:
        con.print(f"{count(report.other_year, 'tall', 'tall')} gjelder et annet år enn arbeidsboken og er ikke "
                  "skrevet (fjorårets tall kommer med navkort new --from).", style="red", markup=False, soft_wrap=True)
    if report.unmatched:
        texts = ", ".join(f"«{t}» ({n})" for t, n in sorted(report.unmatched.items())[:10])
        con.print(f"Ikke importert (koblingen nevner ikke disse indikatorene): {texts}"
                  + (" …" if len(report.unmatched) > 10 else "") + ".", style="yellow", markup=False, soft_wrap=True)
    for p in report.row_problems:
        con.print(f"{p.file} rad {p.row}, kolonne «{p.column}»: {p.message}.", style="red", markup=False,
                  soft_wrap=True)
    for s in skipped:
        con.print(f"hoppet over {s}", markup=False, soft_wrap=True)
