"""Languages: every message translated in bokmål and nynorsk, compiled catalogues up to date, and
nynorsk documents free of bokmål-only words in navkort's own text."""

from __future__ import annotations

import gettext
import html as htmllib
import re
import shutil
import sys
from datetime import date

import pytest
from conftest import EXAMPLES, ROOT

from navkort import load_catalogue, read_office, score
from navkort.app import Renderer, write_reports
from navkort.model import Reason
from navkort.render.json import scorecard_json
from navkort.text.i18n import LOCALE_DIR, words
from navkort.text.numbers import format_value
from navkort.text.reasons import REASON_TEXTS, reason_text

sys.path.insert(0, str(ROOT / "tools"))
i18n_tool = pytest.importorskip("i18n", reason="tools/i18n.py needs Babel")

# Common bokmål-only forms that must never appear in navkort's own nynorsk text. Grow this list.
BOKMAL_ONLY = ["ikke", "ennå", "dager", "mangler", "forsinket", "hvis", "ble", "grønn", "grønne", "fortsatt",
               "kun", "hvem", "tall", "måned", "måneden", "nevner", "teller", "avvik", "uten", "fra",
               "forrige", "samme", "laget", "legger", "ansvarlig", "foreslått", "områder", "høyst", "vennlig",
               "hilsen", "ingen tall", "skylder", "rød", "røde", "hittil", "bekymring", "pågår", "vennlig",
               "følger", "nedenfor", "dårligere", "bedre", "siden"]


def test_every_message_has_a_bokmal_and_a_nynorsk_translation():
    pot = i18n_tool.extract()
    assert len(pot) > 100
    for lang in ("nb", "nn"):
        po = i18n_tool.load(lang)
        missing = [m.id for m in pot if m.id and (po.get(m.id) is None or not _translated(po.get(m.id).string))]
        assert missing == [], f"{lang}: run python tools/i18n.py and translate {missing}"


def _translated(s) -> bool:
    return bool(s) if isinstance(s, str) else bool(s) and all(s)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_compiled_catalogue_matches_the_po_file(lang):
    po = i18n_tool.load(lang)
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "navkort.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for msg in po:
        if not msg.id:
            continue
        if isinstance(msg.id, tuple):
            assert mo.ngettext(msg.id[0], msg.id[1], 1) == msg.string[0], "run python tools/i18n.py"
            assert mo.ngettext(msg.id[0], msg.id[1], 2) == msg.string[1], "run python tools/i18n.py"
        else:
            assert mo.gettext(msg.id) == msg.string, f"{lang}: {msg.id!r}: run python tools/i18n.py"


def test_units_and_plurals_follow_the_language():
    assert format_value(12, "days", 0) == "12 dager" and format_value(12, "days", 0, lang="nn") == "12 dagar"
    assert format_value(1, "days", 0) == "1 dag" and format_value(1, "days", 0, lang="nn") == "1 dag"
    assert format_value(1, "days", 1) == "1,0 dager" and format_value(0.96, "days", 1, lang="nn") == "1,0 dagar"
    assert format_value(75.25, "percent", 1, lang="nn") == "75,3 %"
    assert words("nn")("mangler") == "manglar" and words("nb")("mangler") == "mangler"


def test_every_reason_code_has_text_in_both_languages():
    from navkort.model import Month

    for code in REASON_TEXTS:
        params = {"month": Month(2026, 9), "lag": 1, "used": 2, "total": 3}
        nb, nn = reason_text(Reason(code, params), "nb", 2026), reason_text(Reason(code, params), "nn", 2026)
        assert nb and nn and "{" not in nb + nn
    assert reason_text(Reason("late", {"month": Month(2026, 10)}), "nn", 2026) == "ingen tal for oktober enno (forseinka)"
    assert reason_text(Reason("late", {"month": Month(2025, 12)}), "nb", 2026) == \
        "ingen tall for desember 2025 ennå (forsinket)"


def test_score_json_carries_reason_codes_and_params():
    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    card = score(cat, read_office(EXAMPLES / "nav-vindoy.xlsx", cat), "2026-10")
    b1 = next(i for i in scorecard_json(card)["indicators"] if i["id"] == "B.1")
    assert b1["period"]["reason_code"] == "late" and b1["period"]["params"] == {"month": "2026-10"}
    assert b1["period"]["reason"] == "ingen tall for oktober ennå (forsinket)"


def _data_strings(cat, office) -> list[str]:
    """What the catalogue and the office typed: data, exempt from the word check."""
    out = [office.name, office.leader, office.county_director, office.address, office.place, office.county,
           office.leader_title, office.case_officer, office.reference]
    for ind in list(cat.indicators) + list(office.local_indicators):
        out += [ind.name, ind.label, ind.entered_by or "", ind.description]
    out += [m.name for m in office.municipalities] + [m.radmann for m in office.municipalities]
    out += [m.title for m in office.municipalities]
    out += [c.text for c in office.comments] + [c.author for c in office.comments]
    for a in office.actions:
        out += [a.what, a.responsible, a.involved, a.informed, a.risk, a.status, a.effect]
    return sorted({s for s in out if s}, key=len, reverse=True)


def _docx_text(path) -> str:
    """The text of a Word document: body, headers and footers, one paragraph a line."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        xml = " ".join(z.read(n).decode("utf-8") for n in parts)
    return re.sub(r"</w:p>", "\n", xml)


def _visible_text(page: str, data: list[str]) -> str:
    page = re.sub(r"<style.*?</style>|<script.*?</script>", " ", page, flags=re.S)
    page = htmllib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'title="([^"]*)"', r"> \1 <", page)))
    for s in data:
        page = page.replace(s, " ")
    return page


@pytest.mark.parametrize("to", ["radmann", "fylkesdirektor", "navleder"])
def test_nynorsk_documents_have_no_bokmal_only_words(tmp_path, to):
    """HTML and Word documents alike (the PDFs are made from the HTML)."""
    pytest.importorskip("docxtpl")
    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    renderer = Renderer(docx=True)
    found: dict[str, set[str]] = {}
    for wb in sorted(EXAMPLES.glob("nav-*.xlsx")):
        office = read_office(wb, cat)
        res = write_reports(cat, office, "2026-10", to, tmp_path / wb.stem, made=date(2026, 11, 5), lang="nn",
                            renderer=renderer)
        data = _data_strings(cat, office)
        pages = [p for p in res.files if p.suffix in (".html", ".docx")]
        assert {p.name.split("-2026-10-")[1].split("-")[0].split(".")[0] for p in pages} == \
            {"malekort", "statusbrev", "tiltaksplan"}
        assert sum(p.suffix == ".docx" for p in pages) == 1 + sum(p.suffix == ".html" and "statusbrev" in p.name
                                                                  for p in pages)  # the plan and each letter
        for page in pages:
            text = _visible_text(_docx_text(page) if page.suffix == ".docx" else page.read_text(encoding="utf-8"),
                                 data).casefold()
            for word in BOKMAL_ONLY:
                if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                    found.setdefault(page.name, set()).add(word)
    assert found == {}
    html = (tmp_path / "nav-vindoy" / "nav-vindoy-2026-10-malekort.html").read_text(encoding="utf-8")
    assert "forseinka" in html and "Brukarperspektivet" in html and 'lang="nn"' in html


def test_every_reason_code_scoring_can_give_has_words():
    source = (ROOT / "navkort" / "rules" / "scoring.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'_why\("([a-z-]+)"', source))
    for template in re.findall(r'_why\(f"([a-z-]+)\{which\}"', source):
        codes |= {template + "previous-month", template + "last-year"}
    assert len(codes) > 20
    assert codes - set(REASON_TEXTS) == set()


def test_nynorsk_documents_use_the_nynorsk_names(tmp_path, cli):
    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    assert all(ind.name_nn and ind.short_name_nn for ind in cat.indicators)  # the national catalogue ships them
    office = read_office(EXAMPLES / "nav-sjoby.xlsx", cat)
    res = write_reports(cat, office, "2026-10", "radmann", tmp_path, made=date(2026, 11, 5), lang="nn",
                        renderer=Renderer())
    malekort = next(p for p in res.files if p.name.endswith("malekort.html")).read_text(encoding="utf-8")
    assert "Sjukefråvær" in malekort and "Sjølvregistrering nav.no" in malekort and ">Sykefravær<" not in malekort
    overlay = tmp_path / "fylke.yaml"
    overlay.write_text("add:\n  - id: F.9\n    name: Unge i arbeid\n    perspective: bruker\n    owner: stat\n"
                       "    measure: value\n    unit: count\n    kind: info\n")
    r = cli("validate", overlay)
    assert r.code == 0 and "[name-nn-missing]" in r.out and "fylke.yaml:3" in r.out


def test_each_municipality_gets_its_letter_in_its_malform(cli, tmp_path):
    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", load_catalogue(EXAMPLES / "fylke.yaml"))
    assert [(m.name, m.malform) for m in office.municipalities] == [("Skogli", "bokmål"), ("Nordvik", "nynorsk")]
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-midtre-skogli.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann",
            "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    nordvik = (out / "nav-midtre-skogli-2026-10-statusbrev-radmann-nordvik.html").read_text(encoding="utf-8")
    skogli = (out / "nav-midtre-skogli-2026-10-statusbrev-radmann-skogli.html").read_text(encoding="utf-8")
    assert 'lang="nn"' in nordvik and "Nordvik kommune" in nordvik and "Med venleg helsing" in nordvik
    assert 'lang="nb"' in skogli and "Med vennlig hilsen" in skogli
    assert 'lang="nb"' in (out / "nav-midtre-skogli-2026-10-malekort.html").read_text(encoding="utf-8")
    r = cli("report", EXAMPLES / "nav-midtre-skogli.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann",
            "--month", "2026-10", "--lang", "nb", "--out", out)  # --lang decides for every letter
    nordvik = (out / "nav-midtre-skogli-2026-10-statusbrev-radmann-nordvik.html").read_text(encoding="utf-8")
    assert 'lang="nb"' in nordvik


def test_an_unknown_malform_is_a_warning_and_reads_as_bokmal(tmp_path):
    import openpyxl

    path = tmp_path / "k.xlsx"
    shutil.copy(EXAMPLES / "nav-fjellbygd.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Kontor"]
    row = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Fjellbygd")
    ws.cell(row, 4).value = "høgnorsk"
    wb.save(path)
    from navkort.io.office import validate_office

    problems, office = validate_office(path, load_catalogue(EXAMPLES / "fylke.yaml"))
    assert office.municipalities[0].malform == "bokmål"
    assert [p.cell for p in problems if p.code == "kontor-malform"] == [f"D{row}"]


def test_a_mixed_office_gets_a_nynorsk_malekort_and_plan_beside_the_bokmal_ones(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-midtre-skogli.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann",
            "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", cat)
    data = _data_strings(cat, office)
    for name in ("malekort-nn.html", "tiltaksplan-nn.html", "statusbrev-radmann-nordvik.html"):
        html = (out / f"nav-midtre-skogli-2026-10-{name}").read_text(encoding="utf-8")
        assert 'lang="nn"' in html, name
        text = _visible_text(html, data).casefold()
        bad = [w for w in BOKMAL_ONLY if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        assert bad == [], (name, bad)
    assert 'lang="nb"' in (out / "nav-midtre-skogli-2026-10-malekort.html").read_text(encoding="utf-8")
    assert (out / "nav-midtre-skogli-2026-10-tiltaksplan-nn.xlsx").is_file()
    r = cli("report", EXAMPLES / "nav-midtre-skogli.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann",
            "--month", "2026-10", "--lang", "nb", "--out", out)
    assert not (out / "nav-midtre-skogli-2026-10-malekort-nn.html").exists()  # removed with the rest of the set
