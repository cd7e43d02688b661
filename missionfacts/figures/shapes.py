"""The structured parts of a fact sheet's figures, in both languages so one computation serves both."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContributorRank:
    """A contributing country's place in a component's ranking on a date (ties share a rank)."""

    rank: int
    country: str  # ISO 3166-1 alpha-3
    men: int
    women: int

    @property
    def total(self) -> int:
        return self.men + self.women


@dataclass(frozen=True)
class SiteInService:
    """A deployment site in service on the sheet's date."""

    name: str
    places: tuple[str, ...]
    latitude: float
    longitude: float


@dataclass(frozen=True)
class SectorDeployment:
    """A sector in service on the sheet's date with its sites, in the sheet's order."""

    key: str
    name_fr: str
    name_en: str
    sites: tuple[SiteInService, ...]

    def name(self, language: str) -> str:
        return self.name_fr if language == "fr" else self.name_en


@dataclass(frozen=True)
class Headquarters:
    """Where a mission is headquartered, with coordinates when they are known."""

    name: str
    latitude: float | None = None
    longitude: float | None = None

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None
