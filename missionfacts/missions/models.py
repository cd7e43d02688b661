"""The mission itself: identity, Security Council resolutions, ceilings, mandate, deployment, leadership."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from missionfacts.countries import validate_country_code, validate_country_codes
from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.querysets import CeilingQuerySet, ResolutionQuerySet, ValidityQuerySet


class DatePrecision(models.TextChoices):
    """How much of a date the source gives: the day, only the month ("March 2004"), or only the year ("2005").

    A date known to the month or the year is stored as the first day of that month or year when it starts
    something (a mission, a term, a period), and as the last day when it ends something or states a figure
    "as of" it (the UN reports strength at the end of a month); the precision says what to show.
    """

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Language(models.TextChoices):
    """The languages a mission's texts can be written in."""

    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Mission(SourcedRecord):
    """One row: a UN peace operation, known by its acronym."""

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


class Resolution(SourcedRecord):
    """One row: a Security Council resolution that set or renewed a mission's mandate or its ceilings.

    A row without a number is an authorisation a page states without naming its resolution ("In March 2004
    the Council authorised up to ..."): it then has a date and the ceilings as the page words them.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    adopted_on_precision = models.CharField(
        _("adoption date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    mandate_ends_on = models.DateField(_("mandate ends on"), null=True, blank=True)
    ceilings_text_fr = models.TextField(
        _("ceilings as published (French)"), blank=True,
        help_text=_("The authorised strength as the page words it, e.g. « jusqu'à 17 500 militaires »."),
    )
    ceilings_text_en = models.TextField(
        _("ceilings as published (English)"), blank=True,
        help_text=_("The authorised strength as the page words it, e.g. 'up to 17,500 military personnel'."),
    )

    objects = ResolutionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "adopted_on"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "number"],
                name="unique_resolution_per_mission",
                violation_error_message=_("This mission already has a resolution with this number."),
            ),
            models.UniqueConstraint(
                fields=["mission", "adopted_on"],
                condition=Q(number__isnull=True),
                name="unique_unnumbered_authorisation",
                violation_error_message=_("This mission already has an authorisation without a number on this date."),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=False) | ~Q(ceilings_text_fr="") | ~Q(ceilings_text_en=""),
                name="unnumbered_authorisation_has_text",
                violation_error_message=_(
                    "An authorisation without a resolution number needs the ceilings as the page words them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(mandate_ends_on__isnull=True) | Q(mandate_ends_on__gt=F("adopted_on")),
                name="mandate_ends_after_adoption",
                violation_error_message=_("A mandate must end after the resolution's adoption."),
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.mission} ({self.adopted_on.isoformat()})"
        return f"S/RES/{self.number} ({self.adopted_on.year})"

    @property
    def year(self) -> int:
        return self.adopted_on.year

    def ceilings_text(self, language: str) -> str:
        """The ceilings as the page words them, in the language, falling back to the other one."""
        preferred = self.ceilings_text_fr if language == "fr" else self.ceilings_text_en
        return preferred or self.ceilings_text_en or self.ceilings_text_fr


class CeilingScope(models.TextChoices):
    """A category of personnel, as the UN's resolutions and pages count them: a component, or a part of one.

    Ceilings and stated strength use the same categories, so that each strength can be held against the
    ceiling of its own category. `PARTS_OF_COMPONENT` says which categories make up a component.
    """

    MILITARY = "military", _("military personnel")
    POLICE = "police", _("police personnel")
    MILITARY_OBSERVERS = "military_observers", _("military observers")
    INDIVIDUAL_POLICE = "individual_police", _("individual police officers")
    FORMED_POLICE_UNITS = "formed_police_units", _("formed police unit personnel")
    CIVILIANS = "civilians", _("civilian personnel")
    TROOPS = "troops", _("troops")
    STAFF_OFFICERS = "staff_officers", _("staff officers")
    MILITARY_LIAISON_OFFICERS = "military_liaison_officers", _("military liaison officers")
    INTERNATIONAL_CIVILIANS = "international_civilians", _("international civilian personnel")
    LOCAL_CIVILIANS = "local_civilians", _("local civilian personnel")
    UN_VOLUNTEERS = "un_volunteers", _("United Nations Volunteers")
    OTHERS = "others", _("other personnel")


# The categories a component is made of. United Nations Volunteers and "others" belong to no component:
# the UN's pages list them beside the civilian staff, not inside it.
PARTS_OF_COMPONENT = {
    CeilingScope.MILITARY: (CeilingScope.TROOPS, CeilingScope.STAFF_OFFICERS, CeilingScope.MILITARY_OBSERVERS,
                            CeilingScope.MILITARY_LIAISON_OFFICERS),
    CeilingScope.POLICE: (CeilingScope.INDIVIDUAL_POLICE, CeilingScope.FORMED_POLICE_UNITS),
    CeilingScope.CIVILIANS: (CeilingScope.INTERNATIONAL_CIVILIANS, CeilingScope.LOCAL_CIVILIANS),
}


class Ceiling(models.Model):
    """One row: the number of personnel of one kind a resolution authorises the mission to deploy."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ceilings")
    scope = models.CharField(_("scope"), max_length=30, choices=CeilingScope.choices)
    authorised = models.PositiveIntegerField(_("authorised ceiling"))

    objects = CeilingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "scope"]
        verbose_name = _("authorised ceiling")
        verbose_name_plural = _("authorised ceilings")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "scope"],
                name="unique_ceiling_scope",
                violation_error_message=_("This resolution already sets a ceiling for this scope."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution}: {self.authorised} {self.get_scope_display()}"


class MandateItem(models.Model):
    """One row: a strategic priority or a task area of a resolution's mandate, in French and English."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("strategic priority")
        TASK = "task", pgettext_lazy("mandate", "task area")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="mandate_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "kind", "position"]
        verbose_name = _("mandate item")
        verbose_name_plural = _("mandate items")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "kind", "position"],
                name="unique_mandate_item_position",
                violation_error_message=_("Two mandate items of the same kind cannot share a position."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution} {self.kind} {self.position}"

    def title(self, language: str) -> str:
        return (self.title_fr if language == "fr" else self.title_en) or self.title_en or self.title_fr

    def text(self, language: str) -> str:
        return (self.text_fr if language == "fr" else self.text_en) or self.text_en or self.text_fr


class ValidityPeriod(models.Model):
    """Base for things that exist from one date to another: a sector, a site."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity cannot come before its start.")})


class Sector(SourcedRecord, ValidityPeriod):
    """One row: a geographic sector of a mission's deployment, for the time it existed."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="sectors")
    key = models.SlugField(_("key"), max_length=50)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "position", "key"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "key"],
                name="unique_sector_key",
                violation_error_message=_("This mission already has a sector with this key."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="sector_validity_ordered",
                violation_error_message=_("The end of validity cannot come before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.name_en}"

    def name(self, language: str) -> str:
        return self.name_fr if language == "fr" else self.name_en


class Site(SourcedRecord, ValidityPeriod):
    """One row: a place where the mission's uniformed components are deployed, in one sector, for a time.

    A displayed name may group twin places ("Mopti-Sévaré"): `places` lists them, and the site still counts
    as one deployment point. A site that moves to another sector is a new row with its own validity.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="sites")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=100)
    places = models.CharField(_("places"), max_length=300, blank=True, help_text=_("Comma-separated."))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "sector__position", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="site_coordinates_on_earth",
                violation_error_message=_("Latitude must be within ±90° and longitude within ±180°."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="site_validity_ordered",
                violation_error_message=_("The end of validity cannot come before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.sector_id and self.mission_id and self.sector.mission_id != self.mission_id:
            raise ValidationError({"sector": _("The sector belongs to another mission.")})


class StatedSiteCount(SourcedRecord):
    """One row: the number of sites a mission states it is deployed on, at a date, as published.

    Kept apart from the sites themselves because published documents sometimes state a count that the
    places they list do not add up to; the checks compare the two.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="stated_site_counts")
    stated_on = models.DateField(_("stated on"))
    sites = models.PositiveIntegerField(_("number of sites"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "stated_on"]
        verbose_name = _("stated number of sites")
        verbose_name_plural = _("stated numbers of sites")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "stated_on"],
                name="unique_stated_site_count",
                violation_error_message=_("This mission already has a stated number of sites on this date."),
            )
        ]


class Leadership(SourcedRecord):
    """One row: a person holding one of a mission's senior posts for a time.

    The post is a role code where one fits, and otherwise (or besides) the title as the page gives it
    ("Chief Military Observer"): titles changed over a mission's life. A term may be known to the month or
    the year only, and may be open: without an end, or running "to present" as the page says.
    """

    class Role(models.TextChoices):
        HEAD_OF_MISSION = "head_of_mission", _("Special Representative of the Secretary-General and Head of Mission")
        FORCE_COMMANDER = "force_commander", _("Force Commander")
        POLICE_COMMISSIONER = "police_commissioner", _("Police Commissioner")
        DEPUTY_HEAD = "deputy_head", _("Deputy Special Representative")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="leaders")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    title_fr = models.CharField(_("title as published (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title as published (English)"), max_length=300, blank=True)
    rank_fr = models.CharField(_("rank (French)"), max_length=100, blank=True)
    rank_en = models.CharField(_("rank (English)"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True, validators=[validate_country_code])
    started_on = models.DateField(_("from"))
    started_on_precision = models.CharField(
        _("start date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ended_on = models.DateField(_("to"), null=True, blank=True)
    ended_on_precision = models.CharField(
        _("end date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    acting = models.BooleanField(
        _("acting"), default=False, help_text=_("The page says the person held the post in an acting capacity.")
    )
    until_present = models.BooleanField(
        _("to present"), default=False, help_text=_("The page says the term runs to the present ('2005-present').")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "role", "started_on"]
        verbose_name = _("leader")
        verbose_name_plural = _("leadership")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="leadership_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(role="") | ~Q(title_fr="") | ~Q(title_en=""),
                name="leadership_names_its_post",
                violation_error_message=_("A post needs a role or its title as published."),
            ),
            models.CheckConstraint(
                condition=Q(until_present=False) | Q(ended_on__isnull=True),
                name="leadership_present_term_has_no_end",
                violation_error_message=_("A term that runs to the present has no end date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.title('en')})"

    def title(self, language: str) -> str:
        """The post's title as published, in the language, falling back to the other one, then the role's name."""
        preferred = self.title_fr if language == "fr" else self.title_en
        return preferred or self.title_en or self.title_fr or str(self.get_role_display())

    def rank(self, language: str) -> str:
        preferred = self.rank_fr if language == "fr" else self.rank_en
        return preferred or self.rank_en or self.rank_fr

    @property
    def post(self) -> str:
        """What identifies the post across terms: the role code, or else the title as published."""
        return self.role or self.title_en or self.title_fr


class Budget(SourcedRecord):
    """One row: the budget the General Assembly approved for a mission for one fiscal period."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="budgets")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    approved_usd = models.DecimalField(_("approved (US dollars)"), max_digits=15, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "period_start"],
                name="unique_budget_period",
                violation_error_message=_("This mission already has a budget for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="budget_period_ordered",
                violation_error_message=_("A budget period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(approved_usd__gte=0),
                name="budget_not_negative",
                violation_error_message=_("An approved budget cannot be negative."),
            ),
        ]


class FinancialFigure(SourcedRecord):
    """One row: an amount of money a page states for a mission over one period: a budget, an appropriation,
    an expenditure or an estimate, in the currency and wording given.

    Held apart from `Budget` (the approved budget in US dollars that the sheet shows) because past missions'
    pages state other kinds of amounts, over periods of their own ("Expenditures: $2.8 billion" for the
    whole mission), and sometimes in other currencies.
    """

    class Kind(models.TextChoices):
        APPROVED_BUDGET = "approved_budget", _("approved budget")
        APPROPRIATION = "appropriation", _("appropriation")
        EXPENDITURE = "expenditure", _("expenditure")
        ESTIMATE = "estimate", _("estimate")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="financial_figures")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = models.DecimalField(_("amount"), max_digits=17, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD", help_text=_("ISO 4217 code."))
    wording_fr = models.CharField(_("wording as published (French)"), max_length=500, blank=True)
    wording_en = models.CharField(_("wording as published (English)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start", "kind"]
        verbose_name = _("financial figure")
        verbose_name_plural = _("financial figures")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "kind", "period_start", "period_end"],
                name="unique_financial_figure",
                violation_error_message=_("This mission already has an amount of this kind for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="financial_period_ordered",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="financial_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.kind} {self.period_start}–{self.period_end}: {self.amount} {self.currency}"

    def clean(self) -> None:
        super().clean()
        if not (len(self.currency or "") == 3 and self.currency.isalpha() and self.currency.isupper()):
            raise ValidationError({"currency": _("Give the currency as its ISO 4217 code, e.g. USD.")})

    def wording(self, language: str) -> str:
        preferred = self.wording_fr if language == "fr" else self.wording_en
        return preferred or self.wording_en or self.wording_fr


class DataVersion(models.Model):
    """One row: a stamp of the records as they stand, changed by every write to them, that caches are keyed by.

    A cached facts page or figures answer is stored under the stamp read before it was computed, so a write,
    which changes the stamp in its own transaction, makes every later request compute afresh: nothing cached
    is ever served after the data changed, and nothing needs to be deleted from the cache. Reading the stamp
    is one query by primary key per request.

    The stamp is random rather than a counter: a counter can come back to a value a cache still holds pages
    under (a transaction that bumped it and rolled back, a restore of an older archive, a database created
    anew beside a cache that outlived the old one), a random stamp never does. `missions.versions` bumps it
    on every write of the records (signals, and the bulk writers that bypass them).
    """

    ROW = 1

    stamp = models.CharField(_("stamp"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self) -> str:
        return self.stamp

    @classmethod
    def current(cls, using: str = "default") -> str:
        """The stamp now; "initial" before the first write to a new database."""
        # Every cached request asks, so the statement is written out: building it with the ORM would cost
        # several times what the database takes to answer it.
        connection = connections[using]
        table, column = (connection.ops.quote_name(name) for name in (cls._meta.db_table, "stamp"))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [cls.ROW])
            row = cursor.fetchone()
        return row[0] if row else "initial"

    @classmethod
    def bump(cls, using: str = "default") -> None:
        """Give the data a new stamp, in the caller's transaction: it takes effect when the write commits.

        Every write bumps, even several in one transaction: a page computed inside the transaction between two
        writes is then keyed by a stamp that the second write replaces. On PostgreSQL the row stays locked
        until the writing transaction ends, so writers take turns on it, as imports already do on their table.
        """
        stamp = uuid.uuid4().hex
        rows = cls.objects.using(using).filter(pk=cls.ROW)
        if not rows.update(stamp=stamp):
            # The first write to a new database. The row is not made by a migration, so that a freshly
            # migrated database still counts as empty for `restore`.
            cls.objects.using(using).bulk_create([cls(pk=cls.ROW, stamp=stamp)], ignore_conflicts=True)
            rows.update(stamp=stamp)
