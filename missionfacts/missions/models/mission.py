"""The mission itself: its identity, where and when it worked, and how precisely its dates are known."""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.countries import validate_country_code, validate_country_codes
from missionfacts.imports.models import SourcedRecord


class DatePrecision(models.TextChoices):
    """How much of a date the source gives: the day, only the month ("March 2004"), or only the year ("2005").

    A date known to the month or the year is stored as the first day of that month or year when it starts
    something (a mission, a term, a period), and as the last day when it ends something or states a figure
    "as of" it (the UN reports strength at the end of a month); the precision says what to show.
    """

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")

    def iso(self, day: date) -> str:
        """The date in ISO 8601 as precisely as it is known: '2003-09-19', '2018-03' or '1979'."""
        if self == DatePrecision.YEAR:
            return f"{day.year:04d}"
        if self == DatePrecision.MONTH:
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()

    def truncated(self, day: date) -> tuple:
        """The parts of the date this precision knows: two dates compare at a precision by these."""
        if self == DatePrecision.YEAR:
            return (day.year,)
        if self == DatePrecision.MONTH:
            return (day.year, day.month)
        return (day.year, day.month, day.day)

    @classmethod
    def coarsest(cls, *precisions: str) -> "DatePrecision":
        """The least precise of the precisions: two dates are compared at the coarser of theirs."""
        order = (cls.DAY, cls.MONTH, cls.YEAR)
        return cls(max(precisions, key=order.index))


class PeriodPrecision(models.TextChoices):
    """How a page gives a period: to the day, by months ("July 2017 – June 2018"), by years, or as a budget year.

    A budget year ("2017-2018") is the UN's peacekeeping fiscal year, 1 July to 30 June, and is shown as the
    page writes it rather than as the two days it stands for.
    """

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    BUDGET_YEAR = "budget_year", _("budget year")


class Language(models.TextChoices):
    """The languages a mission's texts can be written in."""

    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Mission(SourcedRecord):
    """One row: a UN peace operation, known by its acronym.

    The UN's open data also names entities that are not peacekeeping operations (special political missions,
    offices, the Secretariat); they are kept as missions of another kind so their records stay whole, and left
    out of the lists of operations.
    """

    class Kind(models.TextChoices):
        PEACEKEEPING = "peacekeeping", _("peacekeeping operation")
        OTHER = "other", _("other UN entity")

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    host_country = models.CharField(
        _("host country"), max_length=3, blank=True, validators=[validate_country_code]
    )
    other_host_countries = models.CharField(
        _("other host countries"),
        max_length=200,
        blank=True,
        validators=[validate_country_codes],
        help_text=_("Space-separated ISO alpha-3 codes of the countries the mission also works in."),
    )
    location_fr = models.CharField(_("location (French)"), max_length=300, blank=True)
    location_en = models.CharField(_("location (English)"), max_length=300, blank=True)
    headquarters = models.CharField(_("headquarters"), max_length=100, blank=True)
    headquarters_latitude = models.FloatField(_("headquarters latitude"), null=True, blank=True)
    headquarters_longitude = models.FloatField(_("headquarters longitude"), null=True, blank=True)
    other_headquarters_fr = models.CharField(
        _("other headquarters (French)"), max_length=300, blank=True,
        help_text=_("As the page names them, e.g. « Quartier général à l'Est : Abéché, Tchad »."),
    )
    other_headquarters_en = models.CharField(_("other headquarters (English)"), max_length=300, blank=True)
    financing_fr = models.CharField(_("method of financing (French)"), max_length=300, blank=True)
    financing_en = models.CharField(
        _("method of financing (English)"), max_length=300, blank=True,
        help_text=_("As the page words it, e.g. 'Assessments in respect of a Special Account'."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    started_on_precision = models.CharField(
        _("start date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ended_on_precision = models.CharField(
        _("end date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text_language = models.CharField(
        _("language of its texts"),
        max_length=2,
        choices=Language.choices,
        blank=True,
        help_text=_("Set when the mission's texts come from a page in one language only: others fall back to it."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PEACEKEEPING,
        help_text=_("Special political missions, offices and the Secretariat appear in the UN's data; they are "
                    "kept apart from the peacekeeping operations."),
    )
    preferred_source = models.ForeignKey(
        "imports.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("preferred source"),
        help_text=_("When two sources publish the same fact differently, the sheet shows this source's version."),
    )
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Created from its acronym alone by an import; its identity still needs to be entered."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mission_ends_after_start",
                violation_error_message=_("A mission cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(headquarters_latitude__isnull=True) & Q(headquarters_longitude__isnull=True))
                | Q(
                    headquarters_latitude__gte=-90,
                    headquarters_latitude__lte=90,
                    headquarters_longitude__gte=-180,
                    headquarters_longitude__lte=180,
                ),
                name="mission_headquarters_on_earth",
                violation_error_message=_(
                    "Headquarters need both a latitude within ±90° and a longitude within ±180°, or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym

    def name(self, language: str) -> str:
        """The mission's full name in the language, falling back to the other one, then the acronym."""
        preferred = self.name_fr if language == "fr" else self.name_en
        return preferred or self.name_en or self.name_fr or self.acronym

    @property
    def host_countries(self) -> list[str]:
        """Every country the mission works in, the main host first (ISO alpha-3)."""
        return [code for code in (self.host_country, *self.other_host_countries.split()) if code]

    def location(self, language: str) -> str:
        """Where the mission works as its own pages word it ("Middle East"), falling back to the other language."""
        preferred = self.location_fr if language == "fr" else self.location_en
        return preferred or self.location_en or self.location_fr

    def other_headquarters(self, language: str) -> str:
        preferred = self.other_headquarters_fr if language == "fr" else self.other_headquarters_en
        return preferred or self.other_headquarters_en or self.other_headquarters_fr

    def financing(self, language: str) -> str:
        """How the mission is financed, as its page words it, falling back to the other language."""
        preferred = self.financing_fr if language == "fr" else self.financing_en
        return preferred or self.financing_en or self.financing_fr

    def was_active_on(self, day: date) -> bool:
        started = self.started_on is None or self.started_on <= day
        return started and (self.ended_on is None or day <= self.ended_on)
