"""The status letter's prose: the month summed up in a few paragraphs, generated from the scores and
the action plan, each indicator named at most once (issue 15). Pure; letter.py builds the rest.

Every indicator named says its colour, value and target, and what SPC adds when it adds something;
the worst come first, in catalogue order within a colour."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Municipality, Office, Recipient, Result, Scorecard
from ..rules.plan import priority_areas, status_change
from ..text.catalogue import target_text
from ..text.i18n import words
from ..text.numbers import month_label, month_name
from ..text.spc import assurance_word, rule_word, variation_word
from ..text.words import STATUS_SYMBOL, status_word
from .rows import value_text


@dataclass(frozen=True)
class LetterItem:
    id: str
    name: str
    value: str
    target: str
    status: str
    status_word: str
    symbol: str
    ytd: str
    ytd_word: str
    owner: str
    spc_note: str = ""  # «innenfor vanlig variasjon; når aldri målet», «bekymring: …»: what SPC adds
    month: str = ""  # the month the value is for, when it is not the report's (a lagged or carried figure)


def _judged_month(r: Result, lang: str) -> str:
    """«september», or «mars 2025» for a month of last year: the month a lagged or carried figure is for."""
    judged, ind = r.period.month, r.indicator
    report = r.expected_month.shift(ind.lag_months) if r.expected_month is not None else None
    if judged is not None and report is not None and judged != report and r.period.value is not None:
        return month_name(judged.month, lang) if judged.year == report.year else month_label(judged, lang)
    return ""


def _item(r: Result, lang: str) -> LetterItem:
    ind = r.indicator
    judged = r.period.month
    shown = "late" if r.late else r.period.status  # one legend everywhere: late is «…», as on the målekort
    target = target_text(ind, judged.month if judged else None, lang)[0] if ind.target is not None else "–"
    return LetterItem(id=ind.id, name=ind.label_in(lang), value=value_text(r.period.value, r, lang),
                      spc_note=_spc_note(r, lang), target=target, status=shown,
                      status_word=status_word(r.period.status, r.late, lang), symbol=STATUS_SYMBOL[shown],
                      ytd=value_text(r.ytd.value, r, lang), ytd_word=status_word(r.ytd.status, False, lang),
                      owner=ind.owner, month=_judged_month(r, lang))


def _spc_note(r: Result, lang: str) -> str:
    """What SPC adds to a status: a red month that is common-cause variation is «innenfor vanlig
    variasjon»; a special cause says which, with the rule; a target the process will never reach
    (or always reach) says so."""
    spc = r.spc
    if spc is None or not spc.enough or r.period.value is None:
        return ""  # no figure this month (late): the latest point on the chart is an earlier month
    tr = words(lang)
    parts = []
    if spc.variation == "common":
        if r.period.status == "red":
            parts.append(tr("innenfor vanlig variasjon"))
    else:
        rule = spc.points[-1].rule if spc.points else ""
        parts.append(variation_word(spc, lang) + (f": {rule_word(rule, lang)}" if rule else ""))
    if spc.assurance == "fail" or (spc.assurance == "pass" and spc.variation != "common"):
        parts.append(assurance_word(spc, lang))
    return "; ".join(parts)


def _is_concern(r: Result) -> bool:
    return (r.spc is not None and r.spc.enough and r.period.value is not None
            and (r.spc.variation == "concern" or (r.spc.assurance == "fail" and r.spc.variation != "improvement")))


_WORST_FIRST = {"red": 0, "yellow": 1, "missing": 2, "not_ready": 3, "green": 4}


def _order(results: list[Result], card: Scorecard) -> list[Result]:
    """Worst colour first; catalogue order within a colour (B.5 before B.10)."""
    index = {r.id: i for i, r in enumerate(card.results)}
    return sorted(results, key=lambda r: (_WORST_FIRST.get(r.period.status, 5), index[r.id]))


def concerns(card: Scorecard, lang: str) -> tuple[LetterItem, ...]:
    """Indicators whose latest month is a special cause of concern, or that will consistently fail
    the target: the letter names them whatever their colour this month."""
    out = [r for r in card.results if _is_concern(r)]
    out.sort(key=lambda r: r.spc.variation != "concern")  # type: ignore[union-attr]  # stable: catalogue order
    return tuple(_item(r, lang) for r in out)


def count_word(n: int, lang: str) -> str:
    """A count of neuter things as a word up to twelve («to tiltak»), else digits: a sentence does not
    start with a numeral."""
    tr = words(lang)
    names = [tr("null"), tr("ett"), tr("to"), tr("tre"), tr("fire"), tr("fem"), tr("seks"), tr("sju"), tr("åtte"),
             tr("ni"), tr("ti"), tr("elleve"), tr("tolv")]
    return names[n] if 0 <= n < len(names) else str(n)


def join_words(items: list[str], lang: str) -> str:
    """«A, B og C» (the same in both written standards)."""
    if len(items) <= 1:
        return "".join(items)
    tr = words(lang)
    return ", ".join(items[:-1]) + " " + tr("og") + " " + items[-1]


def _named(r: Result, lang: str) -> str:
    return f"{r.id} {r.indicator.label_in(lang)}"


def _nb(text: str) -> str:
    """«75,3 %» and «≥ 100 %» kept on one line in running text."""
    return text.replace(" ", "\u00a0")


def _value(r: Result, lang: str, *, with_month: bool = True) -> str:
    """«43,7 %, mål ≥ 75 %», or «5,4 % i september, mål ≤ 5,5 %» for a lagged figure (unless the
    sentence names the month itself: `with_month` False)."""
    tr = words(lang)
    it = _item(r, lang)
    value = _nb(it.value) + (" " + tr("i {month}", month=it.month) if it.month and with_month else "")
    return tr("{value}, mål {target}", value=value, target=_nb(it.target)) if it.target != "–" else value


def _spc_part(r: Result, lang: str, against: int = 0) -> str:
    """What SPC adds (_spc_note), less what reads against the change (an «improvement» in a month that
    got worse, `against` −1), so one sentence never says both; «når aldri målet» is kept."""
    spc = r.spc
    if spc is not None and ((against < 0 and spc.variation == "improvement")
                            or (against > 0 and spc.variation == "concern")):
        return assurance_word(spc, lang) if spc.assurance == "fail" else ""
    return _spc_note(r, lang)


def _detail(r: Result, lang: str, *, colour: bool = True) -> str:
    """«rød, 43,7 %, mål ≥ 75 %; bekymring: …»."""
    note = _spc_part(r, lang)
    text = (status_word(r.period.status, r.late, lang) + ", " if colour else "") + _value(r, lang)
    return text + (f"; {note}" if note else "")


def _colour_counts(results: list[Result], lang: str) -> str:
    """«2 grønne, 16 gule og 3 røde» with singular forms and zero counts left out."""
    tr = words(lang)
    n = {s: sum(r.period.status == s for r in results) for s in ("green", "yellow", "red")}
    parts = [tr.ngettext("{n} grønn", "{n} grønne", n["green"]) if n["green"] else "",
             tr.ngettext("{n} gul", "{n} gule", n["yellow"]) if n["yellow"] else "",
             tr.ngettext("{n} rød", "{n} røde", n["red"]) if n["red"] else ""]
    return join_words([p for p in parts if p], lang)


def _changes(card: Scorecard, previous: Scorecard | None) -> dict[str, tuple[int, Result]]:
    """Indicator id → (+1 better / −1 worse, last month's result) for those that changed colour."""
    out: dict[str, tuple[int, Result]] = {}
    for r in card.results:
        p = previous.get(r.id) if previous is not None else None
        if p is not None and (change := status_change(p.period.status, r.period.status)):
            out[r.id] = (change, p)
    return out


def _goal_text(r: Result, changed: dict[str, tuple[int, Result]], lang: str) -> str:
    """«B.3 Deltakere KVP er rød (73,3 %, mål ≥ 100 %; ned fra grønn; …)»: one goal in a sentence."""
    tr = words(lang)
    if r.late:
        return tr("{indicator} er forsinket", indicator=_named(r, lang))
    if r.period.status == "missing":
        return tr("{indicator} mangler tall", indicator=_named(r, lang))
    if r.period.status == "not_ready":
        return tr("{indicator} har ikke tall ennå", indicator=_named(r, lang))
    details = [_value(r, lang)]
    change = changed.get(r.id)
    if change is not None:
        before = status_word(change[1].period.status, False, lang)
        details.append(tr("opp fra {before}", before=before) if change[0] > 0 else
                       tr("ned fra {before}", before=before))
    note = _spc_part(r, lang, change[0] if change else 0)
    if note:
        details.append(note)
    return tr("{indicator} er {status} ({details})", indicator=_named(r, lang), status=status_word(
        r.period.status, False, lang), details="; ".join(details))


def _status_paragraph(card: Scorecard, office: Office, to: Recipient, muni: Municipality | None,
                      changed: dict[str, tuple[int, Result]], named: set[str], lang: str) -> str:
    """The month in numbers; to a rådmann the municipal goals one by one first, to the
    fylkesdirektør the state goals counted first."""
    tr = words(lang)
    s = card.summary
    judged = [r for r in card.results if r.period.status in ("green", "yellow", "red", "missing", "not_ready")]
    sentences = [tr("Vedlagt følger målekort og tiltaksplan for {month}.", month=month_label(card.month, lang))]
    if to == "radmann":
        mine = _order([r for r in judged if r.indicator.owner == "kommune"], card)
        if mine:
            sentences.append(tr.ngettext("Kommunalt mål: {items}.", "Kommunale mål: {items}.", len(mine),
                                         items=join_words([_goal_text(r, changed, lang) for r in mine], lang)))
            named.update(r.id for r in mine)
    elif to == "fylkesdirektor":
        state = [r for r in judged if r.indicator.owner == "stat"]
        mine = [r for r in state if r.period.status in ("green", "yellow", "red")]
        if mine:
            sentences.append(tr("Av de {n} statlige styringsparameterne er {counts}.", n=len(mine),
                                counts=_colour_counts(mine, lang)))
        elif state and all(r.late for r in state):
            sentences.append(tr("Ingen av de {n} statlige styringsparameterne har tall for {month} ennå; "
                                "de er forsinket.", n=len(state), month=month_name(card.month.month, lang)))
    coloured = [r for r in judged if r.period.status in ("green", "yellow", "red")]
    if coloured:
        text = tr("I {month} er {counts} av i alt {total} styringsparametere.",
                  month=month_name(card.month.month, lang), counts=_colour_counts(coloured, lang), total=len(judged))
    else:
        text = tr("I {month} har ingen av de {total} styringsparameterne en farge ennå.",
                  month=month_name(card.month.month, lang), total=len(judged))
    if s["missing"]:
        late = s["late"]
        text = text[:-1] + (tr.ngettext(", og {n} er forsinket.", ", og {n} er forsinket.", late)
                            if late == s["missing"] else
                            tr.ngettext(", og {n} mangler tall.", ", og {n} mangler tall.", s["missing"]))
    sentences.append(text)
    if s["not_ready"]:  # a month not over: say so, or the counts read as if the rest were fine
        sentences.append(tr("{n} har ikke tall ennå fordi {month} ikke er over.", n=s["not_ready"],
                            month=month_label(card.month, lang)))
    if muni is not None and office.interkommunalt:
        sentences.append(tr("Tallene gjelder hele {office}, som dekker {municipalities}.", office=office.name,
                            municipalities=join_words([m.name for m in office.municipalities], lang)))
    return " ".join(sentences)


def _change_text(r: Result, change: tuple[int, Result], lang: str) -> str:
    """«B.2 Oppfølging arbeidssøkere (fra rød til gul; 77,9 %, mål ≥ 80 %)»; a lagged figure names
    both months («fra gul i august til grønn i september»)."""
    tr = words(lang)
    before, after = status_word(change[1].period.status, False, lang), status_word(r.period.status, False, lang)
    month, before_month = _judged_month(r, lang), _judged_month(change[1], lang)
    if month and before_month:
        moved = tr("fra {before} i {before_month} til {after} i {month}", before=before, after=after,
                   before_month=before_month, month=month)
    else:
        moved = tr("fra {before} til {after}", before=before, after=after)
    value = _value(r, lang, with_month=not (month and before_month))  # the months are said in `moved`
    note = _spc_part(r, lang, change[0])
    return f"{_named(r, lang)} ({moved}; {value}" + (f"; {note}" if note else "") + ")"


def _change_paragraph(card: Scorecard, previous: Scorecard | None, changed: dict[str, tuple[int, Result]],
                      named: set[str], lang: str) -> str:
    """What got better and worse since last month, and what stays red: each indicator named once."""
    tr = words(lang)
    better: list[str] = []
    worse: list[str] = []
    for r in card.results:
        if r.id in changed and r.id not in named:
            (better if changed[r.id][0] > 0 else worse).append(_change_text(r, changed[r.id], lang))
            named.add(r.id)
    sentences = []
    prev_month = month_name(previous.month.month, lang) if previous is not None else ""
    if better:
        sentences.append(tr("Siden {month} er det blitt bedre for {items}.", month=prev_month,
                            items=join_words(better, lang)))
    if worse:
        sentences.append(tr("Det er blitt dårligere for {items}.", items=join_words(worse, lang)))
    comparable = previous is not None and not card.summary["not_ready"] and any(
        r.period.status in ("green", "yellow", "red") and (p := previous.get(r.id)) is not None
        and p.period.status in ("green", "yellow", "red") for r in card.results)
    if comparable and not changed:
        sentences.append(tr("Ingen indikatorer har skiftet farge siden {month}.", month=prev_month))
    red = [r for r in card.results if r.period.status == "red" and r.id not in named and not _is_concern(r)]

    def was_red(r: Result) -> bool:
        p = previous.get(r.id) if previous is not None else None
        return p is not None and p.period.status == "red"

    still = [r for r in red if was_red(r)]
    now = [r for r in red if not was_red(r)]  # January, or last month without a figure (late, missing)
    def listed(group: list[Result]) -> str:
        return join_words([f"{_named(r, lang)} ({_detail(r, lang, colour=False)})" for r in group], lang)

    if still:
        sentences.append(tr.ngettext("Fortsatt rød er {items}.", "Fortsatt røde er {items}.", len(still),
                                     items=listed(still)))
    if now:
        sentences.append(tr.ngettext("Rød er {items}.", "Røde er {items}.", len(now), items=listed(now)))
    named.update(r.id for r in red)
    return " ".join(sentences)


def _watch_paragraph(card: Scorecard, named: set[str], lang: str) -> str:
    tr = words(lang)
    items = _order([r for r in card.results if _is_concern(r) and r.id not in named], card)
    if not items:
        return ""
    named.update(r.id for r in items)
    listed = [f"{_named(r, lang)} ({_detail(r, lang)})" for r in items]
    return tr("Følg først med på {items}: her har tallene endret seg mer enn vanlig variasjon kan forklare, "
              "eller de når ikke målet med dagens utvikling.", items=join_words(listed, lang))


def _lagged(card: Scorecard, named: set[str], lang: str) -> str:
    """«Siste tall for M.1 Sykefravær gjelder september.»: figures of an earlier month not named above."""
    tr = words(lang)
    items = []
    for r in card.results:
        if r.id not in named and (month := _judged_month(r, lang)):
            items.append(tr("{indicator} gjelder {month}", indicator=_named(r, lang), month=month))
            named.add(r.id)
    return tr("Siste tall for {items}.", items=join_words(items, lang)) if items else ""


def _action_paragraph(card: Scorecard, office: Office, open_actions: int, lang: str) -> str:
    """How many actions are open and done, and how many the plan proposes for red areas without one."""
    tr = words(lang)
    done = sum(not a.is_open for a in office.actions)
    open_for = {a.indicator.strip() for a in office.actions if a.is_open}
    proposed = sum(1 for r, _ in priority_areas(card)
                   if (r.period.status == "red" or r.ytd.status == "red") and r.id not in open_for)
    if open_actions:
        text = tr.ngettext("Ett tiltak i tiltaksplanen er i gang eller planlagt; det står i listen nedenfor.",
                           "{count} tiltak i tiltaksplanen er i gang eller planlagt; de står i listen nedenfor.",
                           open_actions, count=count_word(open_actions, lang).capitalize())
    else:
        text = tr("Tiltaksplanen har ingen åpne tiltak.")
    if done:
        text += " " + tr.ngettext("Ett tiltak er fullført.", "{count} tiltak er fullført.", done,
                                  count=count_word(done, lang).capitalize())
    if proposed:
        text += " " + tr.ngettext("Tiltaksplanen foreslår et nytt tiltak for ett rødt område som ikke har noe tiltak.",
                                  "Tiltaksplanen foreslår nye tiltak for {n} røde områder som ikke har noe tiltak.",
                                  proposed)
    return text


def summary(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient,
            muni: Municipality | None, open_actions: int, lang: str) -> tuple[str, ...]:
    """The month in a few paragraphs of prose, generated from the scores and the action plan; each
    indicator is named at most once. The målekort (attached) has every indicator in full."""
    named: set[str] = set()
    changed = _changes(card, previous)
    paragraphs = [_status_paragraph(card, office, to, muni, changed, named, lang),
                  _change_paragraph(card, previous, changed, named, lang),
                  _watch_paragraph(card, named, lang), _action_paragraph(card, office, open_actions, lang)]
    lagged = _lagged(card, named, lang)  # last: only those not named with their month already
    if lagged:
        paragraphs[0] += " " + lagged
    return tuple(p for p in paragraphs if p)
