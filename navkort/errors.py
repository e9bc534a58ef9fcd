"""One error catalogue: every problem navkort reports has a code, a message and a location.

The same `Problem` objects drive the terminal output, `--json` and the error list in docs/feil.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

# code -> (title, hint). Messages are built per occurrence; the hint says how to fix it.
CODES: dict[str, tuple[str, str]] = {
    # files and YAML
    "file-not-found": ("Filen finnes ikke", "Sjekk filnavnet og mappen."),
    "yaml-syntax": ("Ikke gyldig YAML", "Rett opp innrykk, kolon og anførselstegn på linjen som nevnes."),
    "yaml-duplicate-key": ("Samme nøkkel to ganger", "Fjern den ene; YAML beholder ellers bare den siste i stillhet."),
    "yaml-alias": ("YAML-alias er ikke tillatt", "Skriv verdien ut i stedet for å bruke & og *."),
    "yaml-tag": ("YAML-tagg er ikke tillatt", "Fjern taggen (det som starter med !)."),
    "yaml-not-mapping": ("Feil oppbygning", "Filen må være en YAML-ordbok med nøkler som «indicators:»."),
    # catalogue structure
    "unknown-key": ("Ukjent nøkkel", "Sjekk stavemåten; se listen over gyldige nøkler i docs/katalog.md."),
    "missing-key": ("Mangler påkrevd nøkkel", "Legg til nøkkelen."),
    "wrong-type": ("Feil type verdi", "Skriv verdien slik feltet krever."),
    "not-a-boolean": ("Ikke true/false", "Skriv true eller false (ikke yes/no/on/off)."),
    "unknown-perspective": ("Ukjent perspektiv", "Bruk bruker, produksjon, medarbeider eller økonomi."),
    "unknown-measure": ("Ukjent måltype", "Bruk share, value, achievement, deviation eller change."),
    "unknown-value": ("Ugyldig verdi", "Bruk en av de tillatte verdiene."),
    "duplicate-id": ("Samme indikator-id to ganger", "Gi hver indikator en egen id."),
    "threshold-order": ("Grensene står i feil rekkefølge", "Se regelen for retningen og bytt om grønn og gul."),
    "percent-range": ("Prosent utenfor 0–100", "En andel i prosent må ligge mellom 0 og 100."),
    "schedule-gap": ("Tidsplanen mangler måneder", "Hver måned 1–12 må ha nøyaktig én grense."),
    "schedule-overlap": ("Tidsplanen har samme måned to ganger", "Hver måned 1–12 må ha nøyaktig én grense."),
    "month-range": ("Måned utenfor 1–12", "Skriv en måned fra 1 (januar) til 12 (desember)."),
    "missing-target": ("Mangler målkrav", "Legg til target, eller sett kind: info for nøkkelinformasjon."),
    "info-with-target": ("Nøkkelinformasjon har målkrav", "Fjern target, eller fjern kind: info."),
    "measure-fields": ("Feil for måltypen", "Se docs/katalog.md for hva hver måltype trenger."),
    "overlay-unknown-indicator": ("Overlegget nevner en indikator som ikke finnes", "Sjekk id-en mot «navkort indicators»."),
    "overlay-add-exists": ("Indikatoren finnes fra før", "Bruk thresholds: for å endre en eksisterende indikator, eller velg ny id."),
    "not-a-catalogue": ("Ikke en katalog eller et overlegg", "En katalog har «indicators:», et overlegg har «thresholds:», «disable:» eller «add:»."),
    "no-catalogue": ("Ingen katalog", "Oppgi indicators.yaml, eller la være å oppgi katalog for å bruke den nasjonale."),
    # workbooks
    "not-a-workbook": ("Ikke en Excel-arbeidsbok", "Lagre filen som Excel-arbeidsbok (.xlsx)."),
    "workbook-xls": ("Gammelt Excel-format (.xls)", "Åpne filen i Excel eller LibreOffice og lagre som .xlsx."),
    "workbook-ods": ("OpenDocument-regneark (.ods)", "Åpne filen i LibreOffice og lagre som Excel 2007-365 (.xlsx)."),
    "workbook-csv": ("Tekstfil, ikke arbeidsbok", "Filen er tekst (CSV?). Lag arbeidsboken med «navkort new» og lim inn tallene."),
    "workbook-empty": ("Filen er tom", "Filen har 0 byte. Hent en tidligere versjon eller lag en ny med «navkort new»."),
    "workbook-truncated": ("Filen er ødelagt eller avkuttet", "Filen er ufullstendig (avbrutt kopiering?). Hent en hel kopi."),
    "workbook-password": ("Arbeidsboken er passordbeskyttet", "Fjern passordet (Fil › Info › Beskytt arbeidsbok) og lagre på nytt."),
    "workbook-lockfile": ("Låsefil, ikke arbeidsbok", "Filer som starter med ~$ lages av Excel mens boken er åpen. Bruk den egentlige filen."),
    "workbook-too-large": ("Arbeidsboken er urimelig stor", "Arket har innhold langt utenfor oppsettet. Slett tomme rader/kolonner til høyre og under, og lagre."),
    "workbook-unreadable-xml": ("Arket har en XML-form navkort ikke leser trygt", "Åpne filen i Excel eller LibreOffice og lagre den på nytt som .xlsx."),
    "sheet-missing": ("Mangler ark", "Arket må finnes. Lag arbeidsboken med «navkort new», eller gi arket riktig navn."),
    "sheet-ambiguous": ("To ark med samme navn", "To ark har navn som bare skiller seg i store/små bokstaver eller mellomrom. Gi det ene et annet navn."),
    "header-missing": ("Finner ikke overskriftsraden", "Arket må ha en rad med «ID», «Felt» og månedene."),
    "cell-not-a-number": ("Ikke et tall", "Skriv bare tallet, f.eks. 65,5 eller 1 234."),
    "cell-ambiguous-number": ("Tvetydig tall", "Skriv tusenskille med mellomrom (1 234) og desimaler med komma (1,5)."),
    "cell-formula-no-value": ("Formel uten lagret verdi", "Åpne filen i Excel eller LibreOffice og lagre den, så verdien blir regnet ut."),
    "cell-error-value": ("Feilverdi i cellen", "Cellen regnes som tom. Rett formelen om tallet skal være med."),
    "cell-percent-in-count": ("Prosenttegn i et felt som ikke er prosent", "Skriv antallet uten %."),
    "row-missing": ("Mangler rad for indikator", "Legg til raden med id og felt, eller lag arbeidsboken på nytt med «navkort new»."),
    "row-unknown": ("Rad for ukjent indikator", "Sjekk id-en, eller definer indikatoren i «Lokale mål»."),
    "row-duplicate": ("Samme indikator og felt to ganger", "Slett den ene raden."),
    "kontor-missing": ("Mangler kontoropplysning", "Fyll inn feltet i arket «Kontor»."),
    "kontor-no-radmann": ("Kommune uten rådmann", "Fyll inn rådmann/kommunedirektør i arket «Kontor» (trengs bare for brev)."),
    "text-shortened": ("Teksten er for lang for målekortet", "Gi målet et kortere navn om du vil se hele på målekortet; ingenting er tapt."),
    "figure-implausible": ("Tallet ser feil ut", "Sjekk cellen; er tallet riktig, kan advarselen overses (navkort validate --strict gjør den til en feil)."),
    "reference-unknown": ("Viser til ukjent indikator", "Bruk en id fra Måledata eller Lokale mål."),
    "month-unreadable": ("Ukjent måned", "Skriv måneden som navn (oktober), tall (10) eller dato."),
    # scoring and usage
    "no-data": ("Ingen tall", "Arbeidsboken har ingen tall ennå; oppgi --month."),
    "bad-month": ("Ugyldig måned", "Skriv måneden som ÅÅÅÅ-MM, f.eks. 2026-10."),
    "output-is-input": ("Vil ikke skrive over inndata", "Velg et annet filnavn for --out."),
    "file-exists": ("Filen finnes fra før", "Velg et annet navn eller bruk --force."),
    "pdf-missing": ("PDF krever WeasyPrint", "Installer med: pip install \"navkort[pdf]\"."),
    "docx-missing": ("Word-dokumenter krever docxtpl", "Installer med: pip install \"navkort[docx]\"."),
    "usage": ("Feil bruk", "Se «navkort --help»."),
    "disk-full": ("Disken er full", "Frigjør plass (eller be om større kvote) og kjør på nytt; filen som var der fra før, er urørt."),
    "output-is-directory": ("Utdata er en mappe", "Oppgi et filnavn, ikke en mappe."),
    "yaml-too-large": ("YAML-filen er urimelig stor", "En katalog eller et overlegg er noen få kilobyte; sjekk at det er riktig fil."),
    "yaml-too-deep": ("YAML-filen er nøstet for dypt", "En katalog trenger bare noen få nivåer; sjekk innrykk og klammer."),
    "template-error": ("Feil i en mal", "Rett malen (egen malmappe med --templates?). Faste tekster skrives {{ _(\"tekst\") }}; feltene står i docs/maler.md."),
    "kontor-malform": ("Ukjent målform i «Kontor»", "Skriv bokmål, nynorsk eller nøytral."),
    "comment-municipality-unknown": ("Kommentaren gjelder en kommune som ikke står i «Kontor»",
                                     "Skriv kommunenavnet slik det står i «Kontor», eller la «Kommune» stå tom (alle brevene)."),
    "kontor-incomplete": ("Opplysninger brevene trenger, mangler i «Kontor»",
                          "Fyll inn kommune, rådmann, NAV-leder og fylkesdirektør i arket «Kontor»."),
    "mapping-unknown-indicator": ("Koblingen nevner en indikator som ikke finnes",
                                  "Bruk en id fra `navkort indicators` (med overlegget, om indikatoren kommer derfra)."),
    "mapping-duplicate-match": ("To indikatorer i koblingen har samme match-tekst",
                                "Gi hver indikator sin egen tekst fra indikatorkolonnen."),
    "mapping-unknown-field": ("Koblingen nevner et felt indikatoren ikke har",
                              "Bruk feltene indikatoren har (teller, nevner, andel, verdi, resultat, plan)."),
    "extract-unreadable": ("Uttrekket kan ikke leses", "Sjekk at filen er CSV eller .xlsx, og ikke for stor."),
    "extract-columns-missing": ("Uttrekket mangler kolonner koblingen nevner",
                                "Sjekk kolonnenavnene i koblingen mot uttrekket."),
    "extract-empty": ("Uttrekket har ingen tall", "Sjekk måneden (--month) og at uttrekket har rader under overskriften."),
    "import-write-failed": ("Tallene kunne ikke skrives i arbeidsboken",
                            "Arbeidsboken er uendret. Åpne og lagre den i Excel, og prøv igjen."),
    "name-nn-missing": ("Indikatoren har ikke navn på nynorsk",
                        "Legg til name_nn: (og short_name_nn:) med navnet på nynorsk."),
    "overlay-missing": ("Arbeidsboken er laget med et overlegg som ikke er oppgitt",
                        "Oppgi overlegget i kommandoen, eller --annet-overlegg om det er meningen."),
    "overlay-other": ("Et annet overlegg enn arbeidsboken er laget med",
                      "Oppgi overlegget arbeidsboken er laget med, eller --annet-overlegg om det er meningen."),
    "overlay-changed": ("Overlegget er endret siden arbeidsboken ble laget",
                        "Sjekk at endringen i overlegget er ment; advarselen forsvinner med en ny arbeidsbok."),
    "overlay-unreadable": ("Feltet «Overlegg» i «Kontor» kan ikke leses",
                           "Skriv det slik navkort new gjør, eller tøm cellen."),
    "from-other-office": ("Fjorårets arbeidsbok er et annet kontors", "Bruk samme kontors arbeidsbok, eller --from-other-office om det er meningen."),
    "duplicate-office": ("Samme kontor i to arbeidsbøker", "Bruk bare én arbeidsbok per kontor i samme kjøring; flytt eller gi nytt navn til den gamle."),
    "output-renamed": ("Mappen fikk et annet navn", "To kontor ville fått samme mappenavn; navkort har lagt til kontornummeret (eller en kort kode) i navnet."),
    "worker-crashed": ("Lesingen stoppet uventet", "Arbeidsboken kan være laget av et program navkort ikke leser trygt. Åpne den i Excel eller LibreOffice, lagre på nytt som .xlsx og prøv igjen."),
    "workbook-changed": ("Arbeidsboken ble endret under kjøringen", "Noen lagret arbeidsboken mens navkort laget "
                         "dokumentene. Kjør på nytt når ingen lagrer i arbeidsbøkene."),
    "overview-failed": ("Fylkesoversikten ble ikke skrevet", "Kontorenes dokumenter er laget. Kjør på nytt for å "
                        "få oversikten; skjer det igjen, send meldingen til den som drifter navkort."),
    "office-timeout": ("Kontoret tok for lang tid", "Arbeidsboken er trolig svært stor eller skadet. Lagre den på nytt fra Excel, eller øk grensen med NAVKORT_OFFICE_TIMEOUT (sekunder)."),
    "internal-error": ("Uventet feil i navkort", "Dette er en feil i navkort, ikke i filene dine. Kjør på nytt med "
                                                 "--debug for detaljer, og send dem til den som drifter navkort."),
}


def shown(name: str) -> str:
    """A file name as it can be shown and written anywhere: bytes that are not UTF-8 become «�»."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, with where it is and how to fix it."""

    code: str
    message: str
    file: str = ""
    line: int | None = None
    sheet: str = ""
    cell: str = ""
    indicator: str = ""
    severity: Severity = "error"
    hint: str = field(default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", shown(self.file))
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")
        if not self.hint:
            object.__setattr__(self, "hint", CODES[self.code][1])

    @property
    def where(self) -> str:
        """`file:line` for YAML, `file › sheet › cell` for workbooks."""
        if self.sheet or self.cell:
            parts = [p for p in (self.file, self.sheet, self.cell) if p]
            return " › ".join(parts)
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file

    def format(self) -> str:
        """The one-line form: `where: indicator: message [code]` (no empty `: ` when there is no place)."""
        head = f"{self.where}: " if self.where else ""
        ind = f"{self.indicator}: " if self.indicator else ""
        kind = "advarsel: " if self.severity == "warning" else ""
        return f"{head}{kind}{ind}{self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["title"] = CODES[self.code][0]
        return d


class NavkortError(Exception):
    """A user-facing failure carrying one or more problems. Which exit code it gives is decided by
    the command line alone (navkort.cli.exits), from the problems' codes."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(p.format() for p in self.problems))


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that make an input invalid (warnings excluded)."""
    return [p for p in problems if p.severity == "error"]


class Interrupted(Exception):
    """A run stopped by Ctrl-C or SIGTERM after `done` of `total` offices (exit code 130)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"interrupted after {done} of {total}")
        self.done = done
        self.total = total


_OS_REASONS = {"ENOENT": "finnes ikke", "EACCES": "mangler tilgang", "EPERM": "mangler tilgang",
               "ENOSPC": "disken er full", "EDQUOT": "kvoten er brukt opp", "EEXIST": "finnes fra før",
               "EISDIR": "er en mappe", "ENOTDIR": "en del av stien er en fil, ikke en mappe",
               "EROFS": "disken er skrivebeskyttet", "ENAMETOOLONG": "navnet er for langt",
               "EBUSY": "er i bruk", "ETXTBSY": "er i bruk", "EIO": "lese- eller skrivefeil på disken",
               "ELOOP": "for mange lenker etter hverandre"}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Norwegian (the system's own text is English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"systemfeil {name or exc.errno}".strip())
