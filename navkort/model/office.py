"""One office workbook's contents: Kontor details, figures, local goals, comments and actions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .catalogue import Indicator, OverlayRef

if TYPE_CHECKING:
    from .imports import ImportSource

Value = float | None
# indicator id -> field (teller, nevner, andel, verdi, resultat, plan) -> 12 monthly values
Series = dict[str, dict[str, list[Value]]]


@dataclass(frozen=True)
class Municipality:
    name: str
    radmann: str = ""
    title: str = "rådmann"
    malform: str = "bokmål"  # bokmål | nynorsk | nøytral: the language of the letter to this municipality

    @property
    def lang(self) -> str:
        """The letter's language: nynorsk for a nynorsk municipality, else bokmål."""
        return "nn" if self.malform == "nynorsk" else "nb"


@dataclass(frozen=True)
class Comment:
    indicator: str
    month: int | None
    text: str
    author: str = ""
    municipality: str = ""  # «Kommune»: only the letter to this municipality carries it (empty: all letters)


@dataclass(frozen=True)
class Action:
    """One row of the Tiltaksplan, kept as the user wrote it."""

    nr: str = ""
    indicator: str = ""
    what: str = ""
    responsible: str = ""
    involved: str = ""
    informed: str = ""
    start: date | str | None = None
    end: date | str | None = None
    risk: str = ""
    status: str = ""
    effect: str = ""

    @property
    def is_open(self) -> bool:
        return self.status.strip().casefold() not in ("fullført", "fullfort", "ferdig")


@dataclass(frozen=True)
class Office:
    """One office for one year: Kontor data, monthly series this year and last, local goals, text,
    and the reader's warnings (problems that did not stop it)."""

    file: str
    name: str
    year: int
    number: str = ""
    county: str = ""
    leader: str = ""
    leader_title: str = ""  # under the signature; empty: «NAV-leder»
    case_officer: str = ""  # «Saksbehandler» in the letter's reference block; empty: the leader
    reference: str = ""  # «Vår referanse»: the archive's case number, shown only when given
    county_director: str = ""
    place: str = ""
    address: str = ""
    example: bool = False
    overlays: tuple[OverlayRef, ...] = ()  # the overlays the workbook was made with («Kontor»)
    municipalities: tuple[Municipality, ...] = ()
    series: Series = field(default_factory=dict)
    last_year: Series = field(default_factory=dict)
    local_indicators: tuple[Indicator, ...] = ()
    comments: tuple[Comment, ...] = ()
    actions: tuple[Action, ...] = ()
    sources: tuple[ImportSource, ...] = ()  # imported figures' provenance («Importlogg»)
    warnings: tuple[Problem, ...] = ()

    def values(self, indicator_id: str, fld: str, *, last_year: bool = False) -> list[Value]:
        """The 12 monthly values of one field (all None when the row is absent)."""
        src = self.last_year if last_year else self.series
        return src.get(indicator_id, {}).get(fld) or [None] * 12

    def latest_month(self) -> int | None:
        """The latest month of this year with any figure."""
        return max((m for fields in self.series.values() for vals in fields.values()
                    for m, v in enumerate(vals, start=1) if v is not None), default=None)

    @property
    def interkommunalt(self) -> bool:
        return len(self.municipalities) > 1

    def replace(self, **changes: Any) -> Office:
        return dataclasses.replace(self, **changes)
