"""Who led the mission: the holders of its senior posts, with their titles and terms as published."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.countries import validate_country_code
from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models.mission import DatePrecision, Mission


class Leadership(SourcedRecord):
    """One row: a person holding one of a mission's senior posts for a time.

    The post is a role code where one fits, and otherwise (or besides) the title as the page gives it
    ("Chief Military Observer"): titles changed over a mission's life. A term may be known to the month or
    the year only, and may be open: without an end, or running "to present" as the page says. A page may name
    a holder without any term (format 3): the row then has no start, and `in_post_on` is the page's date.
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
    started_on = models.DateField(_("from"), null=True, blank=True)
    started_on_precision = models.CharField(
        _("start date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ended_on = models.DateField(_("to"), null=True, blank=True)
    ended_on_precision = models.CharField(
        _("end date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    in_post_on = models.DateField(
        _("in post on"), null=True, blank=True,
        help_text=_("For a holder the page names without a term: the page's date, when they held the post."),
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
                condition=Q(started_on__isnull=False) | Q(in_post_on__isnull=False),
                name="leadership_dated",
                violation_error_message=_("A holder needs the start of their term or, without a term, the date "
                                          "they were in post."),
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
