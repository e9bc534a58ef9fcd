"""Generate the example county's office workbooks (fictional offices, fictional figures).

    python examples/make_examples.py [OUT_DIR]

Deterministic: the same navkort version writes byte-identical files (seeded random numbers, fixed
document timestamps). Six offices, each showing one situation navkort must handle:

- nav-fjellbygd.xlsx      a healthy office (mostly green)
- nav-elvedal.xlsx        a struggling office (many red, with an action plan)
- nav-midtre-skogli.xlsx  an interkommunalt kontor serving two municipalities
- nav-sjoby.xlsx          an office with two local goals (one: saksbehandlingstid sosialstønad, days)
- nav-vindoy.xlsx         late figures: the last two months of state data are not in yet
- nav-bakkemo.xlsx        typed the way people type: text numbers with comma and %, percent-formatted cells
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from navkort import load_catalogue
from navkort.io.files import write_atomic
from navkort.io.new_workbook import Typed, build_workbook
from navkort.model import Action, Catalogue, Comment, Indicator, Municipality, Office

HERE = Path(__file__).resolve().parent
COUNTY = HERE / "eksempelfylke"
YEAR = 2026
MONTHS_2026 = 10  # January–October


def _local_goals() -> list[Indicator]:
    from navkort.model import Target

    return [
        Indicator(id="L.1", name="Saksbehandlingstid sosialstønad", short_name="Saksbeh.tid sosialstønad",
                  description="Gjennomsnittlig saksbehandlingstid for søknad om økonomisk sosialhjelp",
                  perspective="produksjon", owner="kommune", measure="value", unit="days", decimals=0,
                  target=Target(direction="lower", green=14, yellow=21, provenance="lokal"),
                  entered_by="NAV-leder", fetched_by="NAV-leder", source="Fagsystem sosial"),
        Indicator(id="L.2", name="Ungdom i jobbklubb", short_name="Ungdom i jobbklubb",
                  description="Antall ungdommer under 25 år som deltar i jobbklubb",
                  perspective="bruker", owner="kommune", measure="value", unit="count", decimals=0,
                  target=Target(direction="higher", green=12, yellow=8, provenance="lokal"),
                  entered_by="NAV-leder", fetched_by="NAV-leder"),
    ]


def _level(ind: Indicator, month: int, quality: float, rng: random.Random) -> float:
    """A metric near the indicator's thresholds: quality 1 = comfortably green, 0 = at yellow, <0 red."""
    band = ind.target.for_month(month) if ind.target else None
    if band is None:
        return 60 + rng.uniform(-10, 20)
    g, y = band.green, band.yellow
    span = abs(g - y) or 5.0
    noise = rng.uniform(-0.6, 0.6)
    if ind.target.direction == "higher":
        return y + (quality + noise) * span
    if ind.target.direction == "lower":
        return y - (quality + noise) * span
    return (rng.choice((-1, 1))) * max(0.0, y - (quality + noise) * (y - g))


def _fill(ind: Indicator, months: int, quality: float, rng: random.Random, size: int) -> dict[str, list]:
    """Twelve months of figures for one indicator (None after `months`)."""
    out: dict[str, list] = {f: [None] * 12 for f in ind.fields}
    if ind.measure == "share":
        out.pop("andel")
        for m in range(1, months + 1):
            if ind.id == "M.2":  # a stock that fills up towards June
                staff = 20 + size // 10
                done = min(staff, round(staff * min(1.0, m / 5.5) * (0.85 + 0.15 * max(0.0, min(quality, 1.0)))))
                out["teller"][m - 1], out["nevner"][m - 1] = float(done), float(staff)
                continue
            nevner = rng.randint(size // 2, size)
            p = min(100.0, max(0.0, _level(ind, m, quality, rng)))
            out["teller"][m - 1], out["nevner"][m - 1] = float(round(nevner * p / 100)), float(nevner)
    elif ind.measure == "value":
        if ind.frequency == "yearly":
            out["verdi"][2] = round(_level(ind, 3, quality, rng), 1) if months >= 3 else None
        else:
            for m in range(1, months + 1):
                v = _level(ind, m, quality, rng)
                out["verdi"][m - 1] = float(round(v)) if ind.decimals == 0 else round(max(0.0, v), 1)
    elif ind.measure in ("achievement", "deviation"):
        plan = {"B.3": 12.0, "B.4": float(size), "Ø.1": 850_000.0, "Ø.2": 1_400_000.0, "Ø.3": 620_000.0}.get(ind.id, 100.0)
        plan *= 1 + size / 400
        for m in range(1, months + 1):
            metric = _level(ind, m, quality, rng)
            if ind.measure == "achievement":
                actual = round(plan * metric / 100)
                out["plan"][m - 1], out["resultat"][m - 1] = float(round(plan)), float(actual)
            else:
                p = round(plan, -3) if plan > 10_000 else round(plan)
                out["plan"][m - 1], out["resultat"][m - 1] = float(p), float(round(p * (1 + metric / 100)))
    elif ind.measure == "change":
        value = 20.0 + size / 10
        for m in range(1, months + 1):
            growth = _level(ind, m, quality, rng)
            value = max(1.0, round(value * (1 + growth / 100)))
            out["verdi"][m - 1] = value
    return out


def _series(cat: Catalogue, local: list[Indicator], months: int, quality: float, rng: random.Random, size: int,
            weak: set[str] = frozenset()) -> dict[str, dict[str, list]]:
    data = {}
    for ind in list(cat.indicators) + list(local):
        q = quality - 1.6 if ind.id in weak else quality
        lag_months = max(0, months - ind.lag_months) if months < 12 else months
        data[ind.id] = _fill(ind, lag_months, q, rng, size)
    return data


def _office(name: str, municipalities: list[Municipality], leader: str, number: str, place: str) -> Office:
    return Office(file="", name=name, year=YEAR, number=number, county="Eksempelfylke", leader=leader,
                  county_director="Fylkesdirektør Eva Eksempel", place=place,
                  address=f"Postboks 1, 9999 {place}", example=True, municipalities=tuple(municipalities))


def _signal(series: dict, ind_id: str, kind: str) -> None:
    """A real change for SPC to find: a lasting drop from April (7+ months below the mean), or one
    October far below the usual. Shares only: the numerator is scaled, the denominator kept."""
    teller = series[ind_id]["teller"]
    months = range(3, MONTHS_2026) if kind == "shift-down" else [MONTHS_2026 - 1]
    factor = 0.86 if kind == "shift-down" else 0.55
    for i in months:
        if teller[i] is not None:
            teller[i] = float(round(teller[i] * factor))


def build(cat: Catalogue) -> dict[str, bytes]:
    """All six example workbooks as {file name: bytes}."""
    files: dict[str, bytes] = {}

    def make(fname: str, office: Office, quality: float, size: int, seed: int, weak: set[str] = frozenset(),
             typed=None, signal: tuple[str, str] | None = None) -> None:
        rng = random.Random(seed)
        last_year = _series(cat, office.local_indicators, 12, quality + 0.2, rng, size)  # last year first: rng order
        series = _series(cat, office.local_indicators, MONTHS_2026, quality, rng, size, weak)
        if signal is not None:
            _signal(series, *signal)
        office = office.replace(last_year=last_year, series=series)
        files[fname] = build_workbook(cat, office.replace(overlays=cat.overlays), typed=typed)

    # 1. Healthy
    o = _office("NAV Fjellbygd", [Municipality("Fjellbygd", "Kari Nordmann", "kommunedirektør")],
                "Per Hansen", "9901", "Fjellbygd")
    o = o.replace(
        comments=(Comment("B.7", 10, "Telefontiden var god i sommer; i oktober var vi færre på vakt.", "Per Hansen"),
                  Comment("", 10, "Stabil måned; de fleste mål er i rute.", "Per Hansen")),
        actions=(Action("1", "B.9", "Bedriftsbesøk med markedskontakt to dager i uka", "Markedskoordinator",
                        "Veiledere", "NAV-leder", date(2026, 3, 1), date(2026, 12, 31), "Lav: tar noe veiledertid",
                        "Pågår", "Flere stillinger meldt"),))
    make("nav-fjellbygd.xlsx", o, 1.1, 160, 1)

    # 2. Struggling
    o = _office("NAV Elvedal", [Municipality("Elvedal", "Ole Olsen", "rådmann")], "Anne Berg", "9902", "Elvedal")
    o = o.replace(leader_title="Kontorsjef", case_officer="Jonas Lien", reference="26/00412")
    o = o.replace(comments=(
        Comment("B.1", 10, "Mange sykmeldte og lite kapasitet hos legene; dialogmøtene skyves.", "Anne Berg"),
        Comment("Ø.1", 10, "Overforbruk skyldes vikarer ved sykefravær.", "Anne Berg"),
        Comment("M.1", 9, "Sykefraværet er høyt; vi har fått bistand fra bedriftshelsetjenesten.", "Anne Berg")))
    o = o.replace(actions=(
        Action("1", "B.1", "Faste dager for dialogmøter og påminnelse til fastleger", "Teamleder oppfølging",
               "Veiledere, fastleger", "Rådmann, NAV fylke", date(2026, 9, 1), date(2026, 12, 31),
               "Middels: kan ta tid fra arbeidssøkere (B.2)", "Pågår", ""),
        Action("2", "M.1", "Tett oppfølging av sykmeldte medarbeidere, tilrettelegging", "NAV-leder",
               "Verneombud, bedriftshelsetjeneste", "Tillitsvalgte", date(2026, 8, 15), date(2026, 11, 30),
               "Lav", "Ikke startet", ""),
        Action("3", "B.7", "Ny vaktliste for telefon", "Teamleder mottak", "Alle", "NAV fylke",
               date(2026, 2, 1), date(2026, 5, 1), "Lav", "Fullført", "Bedre svartid i vår")))
    make("nav-elvedal.xlsx", o, -0.3, 120, 2, weak={"B.1", "M.1", "Ø.1", "B.7"})

    # 3. Interkommunalt
    o = _office("NAV Midtre Skogli", [Municipality("Skogli", "Ingrid Lie", "rådmann"),
                                      Municipality("Nordvik", "Hans Vik", "kommunedirektør", "nynorsk")],
                "Lars Dahl", "9903", "Skogli")
    o = o.replace(
        comments=(Comment("Ø.3", 10, "Sosialbudsjettet følges nå opp per kommune i partnerskapsmøtet.", "Lars Dahl"),
                  Comment("B.3", 10, "Ett nytt KVP-løp startet i Nordvik.", "Lars Dahl", "Nordvik")),
        actions=(Action("1", "Ø.3", "Månedlig gjennomgang av sosialhjelpsutbetalinger med begge kommuner",
                        "NAV-leder", "Økonomikonsulent", "Rådmennene", date(2026, 6, 1), date(2026, 12, 31),
                        "Lav: må ikke gå ut over forsvarlig saksbehandling", "Pågår", ""),))
    # SPC: telephone answering drops for good from April (a new switchboard): a 7-month shift, a concern
    make("nav-midtre-skogli.xlsx", o, 0.5, 140, 3, weak={"Ø.3", "B.3"}, signal=("B.7", "shift-down"))

    # 4. Local goals
    o = _office("NAV Sjøby", [Municipality("Sjøby", "Silje Strand", "kommunedirektør")], "Tor Sjø", "9904", "Sjøby")
    o = o.replace(
        local_indicators=tuple(_local_goals()),
        comments=(Comment("L.1", 10, "Saksbehandlingstiden er redusert etter ny rutine for hastesøknader.", "Tor Sjø"),),
        actions=(Action("1", "L.1", "Ny rutine for hastesøknader og daglig fordeling", "Teamleder sosial",
                        "Saksbehandlere", "Kommunedirektør", date(2026, 4, 1), date(2026, 10, 31),
                        "Lav", "Fullført", "Saksbehandlingstid ned fra 24 til 18 dager"),))
    # SPC: one month far outside the usual (dialogue meetings cancelled in October): outside the limits
    make("nav-sjoby.xlsx", o, 0.7, 100, 4, signal=("B.1", "outside-low"))

    # 5. Late state figures (September and October not yet entered by NAV fylke)
    o = _office("NAV Vindøy", [Municipality("Vindøy", "Knut Vind", "rådmann")], "Mari Øy", "9905", "Vindøy")
    o = o.replace(comments=(Comment("", 10, "Statlige tall for september og oktober er ikke lagt inn ennå.", "Mari Øy"),))
    rng = random.Random(5)
    last_year = _series(cat, [], 12, 0.9, rng, 90)
    o = o.replace(last_year=last_year, series=_series(cat, [], MONTHS_2026, 0.7, rng, 90))
    for ind in cat.indicators:
        if ind.entered_by == "NAV fylke":
            for fld in o.series[ind.id]:
                for m in (9, 10):
                    o.series[ind.id][fld][m - 1] = None
    files["nav-vindoy.xlsx"] = build_workbook(cat, o.replace(overlays=cat.overlays))

    # 6. Typed the way people type
    o = _office("NAV Bakkemo", [Municipality("Bakkemo", "Randi Bakke", "rådmann")], "Geir Moe", "9906", "Bakkemo")
    o = o.replace(comments=(Comment("B.5", 10, "Tallene er ført inn for hånd fra rapportene.", "Geir Moe"),))
    rng = random.Random(6)
    last_year = _series(cat, [], 12, 0.8, rng, 110)
    o = o.replace(last_year=last_year, series=_series(cat, [], MONTHS_2026, 0.6, rng, 110))
    typed: dict[tuple[str, str, int], Typed] = {}
    # B.2 and B.8: only the percent typed, as text with comma and %, or as a percent-formatted cell
    for ind_id in ("B.2", "B.8"):
        for m in range(1, MONTHS_2026 + 1):
            t, n = o.series[ind_id]["teller"][m - 1], o.series[ind_id]["nevner"][m - 1]
            pct = round(100 * t / n, 1)
            if ind_id == "B.2":
                typed[(ind_id, "andel", m)] = Typed(text=f"{pct:.1f} %".replace(".", ","))
            else:
                typed[(ind_id, "andel", m)] = Typed(percent_formatted=round(pct / 100, 3))
        o.series[ind_id] = {"teller": [None] * 12, "nevner": [None] * 12}
    # Sick leave typed as "5,8 %" with a non-breaking space; budgets with thousands separators
    for m in range(1, MONTHS_2026 + 1):
        v = o.series["M.1"]["verdi"][m - 1]
        if v is not None:
            typed[("M.1", "verdi", m)] = Typed(text=f"{v:.1f}\u00a0%".replace(".", ","))
        for fld in ("plan", "resultat"):
            x = o.series["Ø.1"][fld][m - 1]
            typed[("Ø.1", fld, m)] = Typed(text=f"{int(x):,}".replace(",", " "))
    typed[("B.3", "resultat", 10)] = Typed(text=" 11 ")
    typed[("B.13", "verdi", 1)] = Typed(text="-")
    files["nav-bakkemo.xlsx"] = build_workbook(cat, o.replace(overlays=cat.overlays), typed=typed)
    return files


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else COUNTY
    cat = load_catalogue(COUNTY / "fylke.yaml")
    for name, data in build(cat).items():
        write_atomic(out / name, data)
        print(f"skrev {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
