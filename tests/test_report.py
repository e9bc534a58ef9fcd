"""Reports: the one-page målekort, the status letter (nb/nn, per municipality) and the action plan."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES, tiny_png

from navkort import load_catalogue, read_office, score
from navkort.app import write_reports
from navkort.cli import exits
from navkort.errors import NavkortError
from navkort.model import Action, Comment, Indicator, Office, Target
from navkort.render.html import PdfWriter, environment, render
from navkort.render.letter import letter_contexts
from navkort.render.malekort import malekort_context
from navkort.render.plan import plan_context
from navkort.render.xlsx import plan_xlsx
from navkort.rules.plan import priority_areas

CAT = load_catalogue(EXAMPLES / "fylke.yaml")
MADE = date(2026, 11, 5)


@pytest.fixture(scope="module")
def pdf():
    return PdfWriter()


def pdf_pages(path: Path) -> int:
    """Pages as a reader's PDF viewer counts them (pdfinfo when installed, else the /Type /Page objects)."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", out).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_report_interkommunalt_to_radmann_with_pdf(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-midtre-skogli.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann",
            "--month", "2026-10", "--pdf", "--out", out)
    assert r.code == 0, r
    names = sorted(p.name for p in out.iterdir())
    prefix = "nav-midtre-skogli-2026-10"
    assert f"{prefix}-malekort.pdf" in names and f"{prefix}-malekort.html" in names
    assert f"{prefix}-statusbrev-radmann-skogli.pdf" in names
    assert f"{prefix}-statusbrev-radmann-nordvik.pdf" in names
    assert f"{prefix}-tiltaksplan.xlsx" in names and f"{prefix}-tiltaksplan.html" in names
    assert pdf_pages(out / f"{prefix}-malekort.pdf") == 1
    skogli = (out / f"{prefix}-statusbrev-radmann-skogli.html").read_text()
    nordvik = (out / f"{prefix}-statusbrev-radmann-nordvik.html").read_text()
    assert "Ingrid Lie" in skogli and "Skogli kommune" in skogli and "Hans Vik" not in skogli
    assert "Hans Vik" in nordvik and "Nordvik kommune" in nordvik


def test_report_nynorsk(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-midtre-skogli.xlsx", EXAMPLES / "fylke.yaml", "--to", "radmann",
            "--month", "2026-10", "--lang", "nn", "--out", out)
    assert r.code == 0, r
    html = (out / "nav-midtre-skogli-2026-10-statusbrev-radmann-skogli.html").read_text()
    assert 'lang="nn"' in html
    assert "Med venleg helsing" in html and "Vurdering frå NAV-leiar" in html and "Sidan september" in html
    assert "Med vennlig hilsen" not in html and "Vurdering fra NAV-leder" not in html
    assert "Statusrapport for NAV Midtre Skogli – oktober 2026" in html
    # comments stay as written (bokmål), not translated
    assert "Sosialbudsjettet følges nå opp per kommune i partnerskapsmøtet." in html


def test_letter_has_what_a_reader_checks():
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    previous = score(CAT, office, "2026-09")
    [(suffix, ctx)] = letter_contexts(card, previous, office, "radmann", MADE)
    html = render(environment(), "statusbrev.html.j2", ctx)
    text = re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ").replace("&nbsp;", " ")
    s = card.summary
    assert suffix == "radmann"
    assert "Elvedal kommune" in html and "rådmann Ole Olsen" in html
    # the reference block and the signature come from «Kontor»
    assert "Vår ref.: 26/00412" in text and "Saksbehandler: Jonas Lien" in text and "Dato: 05.11.2026" in text
    assert re.search(r"Med vennlig hilsen\s*Anne Berg\s*Kontorsjef\s*NAV Elvedal", text)
    assert "Statusrapport for NAV Elvedal – oktober 2026" in html
    counts = " og ".join(p for p in [f"{s['green']} grønne" if s["green"] else "", f"{s['yellow']} gule",
                                     f"{s['red']} røde"] if p).replace(" og ", ", ", 1 if s["green"] else 0)
    assert f"I oktober er {counts} av i alt" in text
    # prose, not lists: every indicator named at most once, the red B.1 with its value
    summary = " ".join(ctx.summary)
    for r in card.results:
        assert len(re.findall(rf"(?<![\w.]){re.escape(r.id)} ", summary)) <= 1, r.id
    b1 = card.get("B.1")
    assert b1.period.status == "red"
    assert "B.1 Dialogmøte 2 (rød, " + f"{b1.period.value:.1f}".replace(".", ",") + "\u00a0%, mål ≥\u00a075\u00a0%" in summary
    assert html.count("Ingen grønne") == 0 and "<li>" not in html.split("Vedlegg")[0]
    # the short table: four perspectives with counts that add up to the scored indicators
    assert [sec.title for sec in ctx.sections] == ["Brukerperspektivet", "Produksjonsperspektivet",
                                                    "Medarbeiderperspektivet", "Økonomiperspektivet"]
    assert sum(sec.red for sec in ctx.sections) == s["red"]
    assert sum(sec.green for sec in ctx.sections) == s["green"]
    # open actions with responsible person; the finished one left out
    assert "Faste dager for dialogmøter og påminnelse til fastleger" in html
    assert "Teamleder oppfølging" in html
    assert "Ny vaktliste for telefon" not in html
    # the NAV-leder's assessment for the month, unchanged, right after the summary
    assessment = html.index("Vurdering fra NAV-leder")
    assert html.index("Mange sykmeldte og lite kapasitet hos legene; dialogmøtene skyves.") > assessment
    assert assessment < html.index("Status per perspektiv") < html.index("Åpne tiltak")
    assert "Målekort for NAV Elvedal – oktober 2026" in html and "Tiltaksplan for NAV Elvedal – oktober 2026" in html


def test_letter_order_by_recipient():
    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    [(_, to_r)] = letter_contexts(card, None, office, "radmann", MADE)[:1]
    [(_, to_f)] = letter_contexts(card, None, office, "fylkesdirektor", MADE)
    municipal = [r for r in card.results if r.indicator.owner == "kommune"]
    state = [r for r in card.results if r.indicator.owner == "stat" and r.period.status in ("green", "yellow", "red")]
    # to the rådmann the municipal goals come first, each by name; to the fylkesdirektør the state goals counted
    opening = "Vedlagt følger målekort og tiltaksplan for oktober 2026. "
    assert to_r.summary[0].startswith(opening + "Kommunale mål: ")
    assert all(f"{r.id} {r.indicator.short_name}" in to_r.summary[0] for r in municipal)
    assert to_f.summary[0].startswith(opening + f"Av de {len(state)} statlige styringsparameterne er ")
    assert to_f.recipient_name == "Fylkesdirektør Eva Eksempel"
    # an interkommunalt kontor: the figures are the whole office's, said in each municipality's letter
    assert "Tallene gjelder hele NAV Midtre Skogli, som dekker Skogli og Nordvik." in to_r.summary[0]


def test_a_comment_for_one_municipality_goes_only_to_its_letter():
    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    letters = dict(letter_contexts(card, None, office, "radmann", MADE))
    nordvik = [c.text for c in letters["radmann-nordvik"].comments]
    skogli = [c.text for c in letters["radmann-skogli"].comments]
    assert "Ett nytt KVP-løp startet i Nordvik." in nordvik and "Ett nytt KVP-løp startet i Nordvik." not in skogli
    assert "Sosialbudsjettet følges nå opp per kommune i partnerskapsmøtet." in skogli  # no «Kommune»: both
    [(_, to_f)] = letter_contexts(card, None, office, "fylkesdirektor", MADE)
    assert len(to_f.comments) == 2  # the fylkesdirektør and the NAV-leder see every comment


def test_a_comment_for_a_municipality_is_matched_as_people_write_it_and_an_unknown_one_is_warned(tmp_path):
    """«nordvik  kommune» (case, spaces, «kommune») is Nordvik: only Nordvik's rådmann gets it. A misspelt
    municipality is warned and goes to no rådmann (it could be the other one's), but to the fylkesdirektør."""
    from navkort.io.new_workbook import build_workbook

    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", CAT)
    office = office.replace(comments=(Comment("B.3", 10, "Gjelder Nordvikk.", "Lars Dahl", "Nordvikk"),
                                      Comment("B.3", 10, "Bare Nordvik.", "Lars Dahl", "nordvik\u00a0 Kommune")))
    path = tmp_path / "skogli.xlsx"
    path.write_bytes(build_workbook(CAT, office))
    again = read_office(path, CAT)
    [warning] = [w for w in again.warnings if w.code == "comment-municipality-unknown"]
    assert "«Nordvikk»" in warning.message and warning.sheet == "Kommentarer" and warning.cell == "E4"
    assert "fylkesdirektør" in warning.message
    card = score(CAT, again, "2026-10")
    letters = dict(letter_contexts(card, None, again, "radmann", MADE))
    assert [c.text for c in letters["radmann-nordvik"].comments] == ["Bare Nordvik."]
    assert [c.text for c in letters["radmann-skogli"].comments] == []
    [(_, to_f)] = letter_contexts(card, None, again, "fylkesdirektor", MADE)
    assert [c.text for c in to_f.comments] == ["Gjelder Nordvikk.", "Bare Nordvik."]


def test_navleder_letter_lists_missing_and_late_with_who_enters():
    office = read_office(EXAMPLES / "nav-vindoy.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    [(suffix, ctx)] = letter_contexts(card, None, office, "navleder", MADE)
    assert suffix == "navleder" and ctx.internal
    ids = {c.id: c for c in ctx.completeness}
    assert ids["B.1"].state == "forsinket" and ids["B.1"].entered_by == "NAV fylke" and ids["B.1"].month == "oktober"
    assert ids["M.1"].month == "september"
    html = render(environment(), "statusbrev.html.j2", ctx)
    assert "Intern versjon for NAV-leder" in html and "Datakomplett" in html


def long_local_office() -> Office:
    office = read_office(EXAMPLES / "nav-fjellbygd.xlsx", CAT)
    office = office.replace(local_indicators=tuple(
        Indicator(id=f"L.{i}", name=f"Et svært langt lokalt mål nummer {i} om saksbehandlingstid for økonomisk "
                                    f"sosialhjelp og oppfølging av unge mottakere i partnerskapet",
                  perspective=p, owner="kommune", measure="value", unit="days",
                  target=Target(direction="lower", green=14, yellow=21, provenance="lokal"))
        for i, p in enumerate(["bruker", "bruker", "produksjon", "medarbeider", "økonomi"], start=1)))
    for ind in office.local_indicators:
        office.series[ind.id] = {"verdi": [float(10 + k) for k in range(10)] + [None, None]}
    return office


def test_malekort_one_page_with_full_catalogue_and_five_long_local_goals(pdf, tmp_path):
    office = long_local_office()
    card = score(CAT, office, "2026-10")
    assert len(card.results) == len(CAT.indicators) + 5
    html = render(environment(), "malekort.html.j2", malekort_context(card, office, MADE))
    data, pages = pdf.pdf(html)
    assert pages == 1
    (tmp_path / "m.pdf").write_bytes(data)
    assert pdf_pages(tmp_path / "m.pdf") == 1
    assert "L.5" in html and "Et svært langt lokalt mål nummer 5" in html


def test_malekort_reads_in_black_and_white():
    office = read_office(EXAMPLES / "nav-vindoy.xlsx", CAT)
    html = render(environment(), "malekort.html.j2", malekort_context(score(CAT, office, "2026-10"), office, MADE))
    # every status carries a symbol as well as a colour, and the legend explains them
    assert html.count('class="st s-late" title="forsinket">…</td>') >= 10
    assert "●</span> grønn" in html and "■</span> rød" in html and "▲</span> gul" in html
    assert "<svg" in html and "<polyline" in html
    assert "Laget 05.11.2026" in html and "NAV Vindøy" in html and "oktober 2026" in html
    assert "F</span> = fylkesmål" in html
    assert "fylke.yaml" in html  # which overlay was used


def hostile_office() -> Office:
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    return office.replace(
        comments=(Comment("B.1", 10, "<script>alert('x')</script> se http://example.org", "Anne"),),
        actions=(Action("1", "B.1", "=HYPERLINK(\"http://evil.example\",\"klikk\")", "+Leder", "-alle", "@info",
                        "01.09.2026", None, "=1+1", "Pågår", "-3"),))


def test_user_text_is_escaped_and_never_a_formula(tmp_path):
    import openpyxl

    office = hostile_office()
    card = score(CAT, office, "2026-10")
    [(_, ctx)] = letter_contexts(card, None, office, "radmann", MADE)
    html = render(environment(), "statusbrev.html.j2", ctx)
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_xlsx(plan_context(card, office, MADE)))
    ws = openpyxl.load_workbook(path).active
    row = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "1")
    assert row[2].value == "=HYPERLINK(\"http://evil.example\",\"klikk\")" and row[2].data_type == "s"
    assert [row[c].data_type for c in (3, 4, 5, 8, 10)] == ["s"] * 5
    assert row[8].value == "=1+1" and row[10].value == "-3"


def test_html_has_no_network_reference_outside_user_text(tmp_path):
    office = hostile_office()
    res = write_reports(CAT, office, "2026-10", "navleder", tmp_path, made=MADE)
    for f in res.files:
        if f.suffix == ".html":
            text = f.read_text()
            without_user_text = text.replace("http://example.org", "").replace("http://evil.example", "")
            assert "http" not in without_user_text, f.name
            assert "<link" not in text and "src=" not in text


def test_action_plan_keeps_actions_and_proposes_for_red():
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT, other_overlays=True)
    card = score(CAT, office, "2026-10")
    ctx = plan_context(card, office, MADE)
    existing = [r for r in ctx.rows if not r.proposed]
    assert [(r.nr, r.what, r.status) for r in existing] == [(a.nr, a.what, a.status) for a in office.actions]
    assert existing[0].start == date(2026, 9, 1)
    red = {r.id for r in card.results if "red" in (r.period.status, r.ytd.status)}
    open_ids = {a.indicator for a in office.actions if a.is_open}
    # proposals only for the (at most three) priority areas that are red and have no open action
    assert [r.indicator for r in ctx.rows if r.proposed] == [p.id for p in ctx.priorities if p.id in red - open_ids]
    assert 1 <= sum(r.proposed for r in ctx.rows) < len(red - open_ids)
    assert 1 <= len(ctx.priorities) <= 3


def test_action_plan_workbook_has_status_dropdown(tmp_path):
    import openpyxl

    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_xlsx(plan_context(score(CAT, office, "2026-10"), office, MADE)))
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(4, c).value for c in range(1, 12)] == [
        "Nr", "Indikator", "Tiltak (hva skal gjøres)", "Ansvarlig", "Involveres", "Informeres", "Start", "Slutt",
        "Risikovurdering (kan forbedringen gå ut over andre mål?)", "Status", "Effekt"]
    dv = [d for d in ws.data_validations.dataValidation if d.type == "list"]
    assert dv and dv[0].formula1 == '"Ikke startet,Pågår,Fullført,Utsatt"'


def _result_office(values: dict[str, tuple[float, float]]) -> Office:
    """Shares with (this month, year-to-date-ish earlier months) to steer period and ytd status."""
    series = {}
    for ind_id, (now, before) in values.items():
        series[ind_id] = {"teller": [before * 10] * 9 + [now * 10, None, None], "nevner": [1000.0] * 10 + [None, None]}
    return Office(file="", name="NAV Test", year=2026, series=series)


def test_priority_areas_rules():
    nat = load_catalogue()
    # B.1: ytd red (period green); B.2: period red only; B.5: far red period only; B.6 yellow; B.8 yellow
    office = _result_office({"B.1": (80, 40), "B.2": (60, 80), "B.5": (30, 80), "B.6": (70, 80), "B.8": (77, 90)})
    card = score(nat, office, "2026-10")
    got = [(r.id, why) for r, why in priority_areas(card)]
    # year-to-date red first; then period-only red, the one furthest from green first (B.5 before B.2)
    assert got == [("B.1", "red-ytd"), ("B.5", "red-period"), ("B.2", "red-period")]
    prios = plan_context(card, office, MADE).priorities
    assert [(p.id, p.why) for p in prios] == [("B.1", "rød hittil i år"), ("B.5", "rød denne måneden"),
                                             ("B.2", "rød denne måneden")]


def test_templates_folder_is_searched_first(cli, tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    (own / "_letterhead.html.j2").write_text('<div class="letterhead">EKSEMPELFYLKE KOMMUNE LOGO {{ ctx.sender_office }}</div>')
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-fjellbygd.xlsx", EXAMPLES / "fylke.yaml", "--to", "fylkesdirektor",
            "--templates", own, "--out", out)
    assert r.code == 0, r
    html = next(out.glob("*statusbrev-fylkesdirektor.html")).read_text()
    assert "EKSEMPELFYLKE KOMMUNE LOGO NAV Fjellbygd" in html


def test_strict_undefined_fails_loudly(tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    (own / "_letterhead.html.j2").write_text("{{ ctx.no_such_field }}")
    office = read_office(EXAMPLES / "nav-fjellbygd.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    [(_, ctx)] = letter_contexts(card, None, office, "fylkesdirektor", MADE)
    with pytest.raises(Exception, match="no_such_field"):
        render(environment(own), "statusbrev.html.j2", ctx)


def test_report_without_files_uses_current_folder(cli, tmp_path, monkeypatch):
    shutil.copy(EXAMPLES / "nav-fjellbygd.xlsx", tmp_path / "nav-fjellbygd.xlsx")
    (tmp_path / "~$nav-fjellbygd.xlsx").write_bytes(b"lock")
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "fylke.yaml", tmp_path / "fylke.yaml")
    r = cli("report", ".", "fylke.yaml", "--to", "navleder", "--month", "2026-10")
    assert r.code == 0, r
    folder = tmp_path / "rapporter" / "nav-fjellbygd-2026-10"  # one predictable place, said once
    assert (folder / "nav-fjellbygd-2026-10-statusbrev-navleder.html").is_file()
    assert r.out.count("Dokumentene (4 filer) er i rapporter") == 1, r
    assert "filer fra" not in r.out


def test_report_bad_recipient(cli):
    r = cli("report", EXAMPLES / "nav-fjellbygd.xlsx", "--to", "ordfører")
    assert r.code == 2 and "Ukjent mottaker «ordfører»" in r.err


def test_pdf_missing_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(NavkortError) as exc:
        PdfWriter()
    assert exc.value.problems[0].code == "pdf-missing" and exits.for_problems(exc.value.problems) == 2
    assert 'pip install "navkort[pdf]"' in exc.value.problems[0].hint


def test_pdf_is_only_imported_with_pdf():
    code = ("import sys, navkort.cli as c; from navkort import app; from navkort.render import html; "
            "print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_proposed_actions_say_which_red_and_letters_use_one_legend():
    office = read_office(EXAMPLES / "nav-vindoy.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    proposed = {r.indicator: r.what for r in plan_context(card, office, MADE).rows if r.proposed}
    for r in card.results:
        if r.id in proposed:
            month_red, ytd_red = r.period.status == "red", r.ytd.status == "red"
            expected = ("denne måneden og hittil i år" if month_red and ytd_red else
                        "denne måneden" if month_red else "hittil i år")
            assert proposed[r.id].endswith(f"(rød {expected})"), proposed[r.id]
    _, ctx = letter_contexts(card, None, office, "fylkesdirektor", MADE)[0]
    late = [r for r in card.results if r.late and r.period.status == "missing"]
    assert late, "Vindøy has late state figures"
    # late figures are not counted as a colour: they are among «mangler» in the letter's table and text
    assert sum(sec.other for sec in ctx.sections) >= len(late)
    assert f"og {card.summary['missing']} er forsinket." in ctx.summary[0]  # all missing are late
    assert "Ingen av de 15 statlige styringsparameterne har tall for oktober ennå; de er forsinket." in ctx.summary[0]


def test_an_offices_documents_are_replaced_as_a_set_and_nothing_else_is_touched(tmp_path, monkeypatch):
    """A run without --pdf removes last run's PDFs of the same office and month; a document that
    fails leaves the folder as it was; a file of the user's in the folder is never touched."""
    office = read_office(EXAMPLES / "nav-fjellbygd.xlsx", CAT)
    out = tmp_path / "ut"
    from navkort.app.reports import Renderer

    first = write_reports(CAT, office, "2026-10", "navleder", out, made=MADE, renderer=Renderer(pdf=True))
    assert any(f.suffix == ".pdf" for f in first.files)
    mine = out / "notater.txt"
    mine.write_text("mitt")
    stray = out / "nav-fjellbygd-2026-10-malekort-gammel.pdf"  # not a name navkort writes
    stray.write_bytes(b"x")
    second = write_reports(CAT, office, "2026-10", "navleder", out, made=MADE)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f.name for f in second.files] + ["notater.txt", stray.name])
    assert not [n for n in names if n.endswith(".pdf") and n != stray.name]
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import navkort.render.xlsx

    def broken(ctx):
        raise RuntimeError("feil i tiltaksplanen")

    monkeypatch.setattr(navkort.render.xlsx, "plan_xlsx", broken)
    with pytest.raises(RuntimeError):
        write_reports(CAT, office, "2026-10", "navleder", out, made=date(2027, 1, 1))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")
def test_a_long_letter_flows_over_pages_with_page_numbers_and_rows_kept_whole(tmp_path):
    """A 5,000-character assessment and 25 actions: «Side N av M» on every page, the subject as the
    running header after the first, and no action split across two pages."""
    import subprocess

    from navkort.app.reports import Renderer, write_reports
    from navkort.model import Action, Comment

    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    words = ("Vi har gått gjennom oppfølgingen av sykmeldte sammen med fastlegene og arbeidsgiverne. " * 60)[:5000]
    actions = tuple(Action(str(k), "B.1", f"Tiltak {k:02d}: " + "faste dager for dialogmøter, påminnelser og "
                           "oppfølging av hver sak som ikke har fått møte innen fristen " * 2, "Teamleder",
                           status="Pågår") for k in range(1, 26))
    office = office.replace(comments=(Comment("", 10, words, "Anne Berg"),), actions=actions)
    res = write_reports(CAT, office, "2026-10", "navleder", tmp_path, made=MADE, renderer=Renderer(pdf=True))
    pdf = next(p for p in res.files if p.name.endswith("statusbrev-navleder.pdf"))
    pages = res.pages[pdf.name]
    assert pages >= 3
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"], capture_output=True,
                            text=True).stdout for n in range(1, pages + 1)]
    for n, text in enumerate(texts, start=1):
        assert f"Side {n} av {pages}" in text
        if n > 1:
            assert "Statusrapport for NAV Elvedal – oktober 2026" in text
    for k in range(1, 26):
        on = [n for n, text in enumerate(texts, start=1) if f"Tiltak {k:02d}:" in text]
        assert len(on) == 1, (k, on)
        assert "innen fristen" in texts[on[0] - 1].split(f"Tiltak {k:02d}:")[1][:400]  # the row's end, same page


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="needs poppler")
def test_a_county_logo_in_the_letterhead_goes_into_the_pdf_and_the_network_is_never_asked(cli, tmp_path):
    pytest.importorskip("weasyprint")
    own = tmp_path / "maler"
    own.mkdir()
    (own / "logo.png").write_bytes(tiny_png(b"\x1f\x4e\x79"))
    (own / "_letterhead.html.j2").write_text(
        '<div class="letterhead"><img src="logo.png" alt="Fylkets logo" style="height:10mm">'
        '<img src="https://example.invalid/sporing.png" alt=""> {{ ctx.sender_office }}</div>')
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-elvedal.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann", "--month", "2026-10",
            "--pdf", "--templates", own, "--out", out)
    assert r.code == 0, r
    pdf = next(out.glob("*statusbrev*.pdf"))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len([ln for ln in images.splitlines()[2:] if ln.strip()]) == 1  # the logo; the web address skipped


def test_january_says_red_not_still_red_and_names_last_years_months_with_the_year():
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    card = score(CAT, office, "2026-01")
    [(_, ctx)] = letter_contexts(card, card.previous_month(), office, "fylkesdirektor", MADE)
    text = " ".join(ctx.summary)
    assert card.previous_month() is None and "Fortsatt" not in text and re.search(r"Røde? er B\.", text)
    assert "mars 2025" in text  # HKI is carried from March last year: said with its year
    # nothing not due is counted as missing in the perspective table
    not_due = sum(r.period.status == "not_due" for r in card.results)
    assert not_due and sum(s.other for s in ctx.sections) == sum(
        r.period.status in ("missing", "not_ready") for r in card.results)
