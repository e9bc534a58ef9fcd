"""The county overview says what its cells say: every count beside a table is derived from the cells
of that same table (issue: no silent wrong results)."""

from __future__ import annotations

import re
from datetime import date

from conftest import EXAMPLES

from navkort import load_catalogue, read_office, score
from navkort.app.reports import write_overview


def _tables(html: str) -> dict[str, list[list[str]]]:
    """table id → rows → the cells' texts/classes as rendered."""
    out = {}
    for tid in ("maned", "hia"):
        body = html.split(f'<h2 id="{tid}">', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
        out[tid] = [re.findall(r'<td class="([^"]*)"[^>]*>(.*?)</td>', tr, re.S) for tr in body.split("<tr>")[1:]]
    return out


def test_every_count_is_derived_from_the_cells_beside_it(tmp_path):
    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    cards = [score(cat, read_office(f, cat), "2026-10") for f in sorted(EXAMPLES.glob("nav-*.xlsx"))]
    write_overview(tmp_path, cards, cat, [], date(2026, 11, 5))
    tables = _tables((tmp_path / "fylkesoversikt.html").read_text(encoding="utf-8"))
    checked = 0
    for rows in tables.values():
        for cells in rows:
            counts = [int(text) for cls, text in cells[:4]]
            status = [cls.split("s-")[1] for cls, _ in cells[4:] if "s-" in cls]
            derived = [status.count("green"), status.count("yellow"), status.count("red"),
                       status.count("missing") + status.count("late")]
            assert counts == derived
            checked += 1
    assert checked == 12
    # the two tables really differ for some office (year to date is not the month repeated)
    assert any(a[:4] != b[:4] for a, b in zip(tables["maned"], tables["hia"]))


def test_month_column_only_when_the_offices_months_differ(tmp_path):
    """Every office scored for the same month: the month is in the title, not a column; offices scored
    for different months: each row says its month."""
    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    files = sorted(EXAMPLES.glob("nav-*.xlsx"))[:2]
    same = [score(cat, read_office(f, cat), "2026-10") for f in files]
    write_overview(tmp_path, same, cat, [], date(2026, 11, 5))
    html = (tmp_path / "fylkesoversikt.html").read_text(encoding="utf-8")
    assert ">Måned</th>" not in html and "<td data-sort=\"oktober 2026\">" not in html
    mixed = [score(cat, read_office(files[0], cat), "2026-09"), same[1]]
    write_overview(tmp_path, mixed, cat, [], date(2026, 11, 5))
    html = (tmp_path / "fylkesoversikt.html").read_text(encoding="utf-8")
    assert html.count(">Måned</th>") == 4  # one per table (month, year to date, completeness, SPC)
    assert '<td data-sort="september 2026">september 2026</td>' in html
    assert '<td data-sort="oktober 2026">oktober 2026</td>' in html
