"""Operations and capacity building over periods: patrols and trainings.

Each activity is held either as individual records (one patrol, one training session) or as a count over a
period when only a total was published. Figures take, for each period, the source covering the most of it
(figures.coverage: a count when the records cover no more); the checks compare the two where both cover a
count's period.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.activities import rules
from missionfacts.activities.querysets import (
    DatedQuerySet,
    ParticipationQuerySet,
    PatrolQuerySet,
    PeriodCountQuerySet,
    TrainingQuerySet,
)
from missionfacts.imports.models import ImportBatch, Source, SourcedRecord
from missionfacts.missions.models import Mission, Sector, Site
from missionfacts.personnel.models import Component


class PeriodCount(SourcedRecord):
    """Base for a published count over a period (inclusive bounds)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    count = models.PositiveIntegerField(_("count"))

    objects = PeriodCountQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        rules.raise_messages(rules.period_messages(self.period_start, self.period_end), *self.more_messages())

    def more_messages(self) -> list[rules.Messages]:
        """The rules of a particular kind of count, besides its period's."""
        return []

    def activity_period_messages(self) -> list[rules.Messages]:
        """A count of activities covers days an activity could happen on (see `rules.activity_date_messages`)."""
        mission = self.mission if self.mission_id else None
        return [rules.activity_date_messages(self.period_start, "period_start", mission),
                rules.activity_date_messages(self.period_end, "period_end", mission)]


def period_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(period_end__gte=F("period_start")),
        name=name,
        violation_error_message=_("A period cannot end before it starts."),
    )


class Patrol(SourcedRecord):
    """One row: one patrol by the mission's military or police component on one day."""

    date_field = "patrolled_on"

    # No index of its own: patrol_mission_date (mission, component, patrolled_on) starts with it.
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="patrols", db_index=False)
    patrolled_on = models.DateField(_("date"))
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    # Indexed: the API filters patrols by sector and by site.
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Not indexed: nothing looks patrols up by their source but deleting a source (then the table is read
    # through, about 1.5 s at 10 M patrols), and the index cost an import about 4 s per 10 M patrols.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source"),
                               db_index=False)
    patrol_type = models.CharField(_("patrol type"), max_length=100, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    # Its bulk writes keep the daily summary (PatrolDay) exact; see activities.summary.
    objects = PatrolQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "patrolled_on"]
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        indexes = [models.Index(fields=["mission", "component", "patrolled_on"], name="patrol_mission_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "reference"],
                condition=~Q(reference=""),
                name="unique_patrol_reference",
                violation_error_message=_("This mission already has a patrol with this reference."),
            )
        ]

    def clean(self) -> None:
        super().clean()
        mission = self.mission if self.mission_id else None
        rules.raise_messages(
            rules.activity_date_messages(self.patrolled_on, "patrolled_on", mission),
            rules.place_messages(self.mission_id, self.patrolled_on, sector=self.sector if self.sector_id else None,
                                 site=self.site if self.site_id else None),
        )


class PatrolDay(models.Model):
    """One row: how many patrols of one component of a mission on one day, in one sector, came from one source
    and import.

    Derived data, never edited: the figures sum it instead of counting every patrol of a period (a row per day
    and sector of a mission's file of patrols, against millions of patrols). Only `activities.summary` writes
    it, and always the same way: it deletes the rows of a mission over a span of days and inserts them again,
    grouped from the patrols. That is why there is no unique constraint over the six columns of the key: the
    grouping cannot produce two rows with the same key, and a constraint would have to treat an empty sector
    or import as equal to another (NULLS NOT DISTINCT, PostgreSQL 15 only; SQLite treats NULLs as distinct).
    Two transactions refreshing the same mission at once take turns on PostgreSQL (an advisory lock held
    until commit), so the second one sees what the first wrote; SQLite lets one writer in at a time.
    """

    # No index of its own: patrol_day_mission_date starts with it.
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+", db_index=False)
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    day = models.DateField(_("date"))
    # Cascades, unlike a patrol's protecting references: a summary row never keeps anything alive.
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+", verbose_name=_("source"))
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("import"))
    patrols = models.PositiveIntegerField(_("patrols"))

    date_field = "day"
    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily patrol count")
        verbose_name_plural = _("daily patrol counts")
        # Nobody adds, changes or deletes a summary row by hand, so no role can be given the right to.
        default_permissions = ()
        # Every column, so that the figures read the index alone (a third faster than going to the rows).
        indexes = [models.Index(fields=["mission", "component", "day", "sector", "source", "import_batch", "patrols"],
                                name="patrol_day_mission_date")]

    def __str__(self) -> str:
        return f"{self.mission_id} {self.component} {self.day}: {self.patrols}"


class PatrolMonthTotal(models.Model):
    """One row: the daily summary's rows of one month added up (a month of a component of a mission, in one
    sector, from one source and import).

    Derived from PatrolDay in the same refresh (activities.summary), so that a period of years is read from a
    few hundred rows: whole months here, the days of the months the period starts and ends in from PatrolDay.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+", db_index=False)
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+", verbose_name=_("source"))
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("import"))
    patrols = models.PositiveIntegerField(_("patrols"))

    class Meta:
        verbose_name = _("monthly patrol count")
        verbose_name_plural = _("monthly patrol counts")
        default_permissions = ()
        # Every column, as PatrolDay's index, so that the figures read the index alone.
        indexes = [models.Index(fields=["mission", "component", "month", "sector", "source", "import_batch", "patrols"],
                                name="patrol_month_mission_month")]

    def __str__(self) -> str:
        return f"{self.mission_id} {self.component} {self.month:%Y-%m}: {self.patrols}"


class PatrolCount(PeriodCount):
    """One row: the number of patrols a component carried out over a period, as published."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="patrol_counts")
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start"]
        verbose_name = _("patrol count")
        verbose_name_plural = _("patrol counts")
        constraints = [period_ordered("patrol_count_period_ordered")]

    def more_messages(self) -> list[rules.Messages]:
        messages = self.activity_period_messages()
        if self.sector_id:
            messages.append(rules.place_messages(self.mission_id, self.period_start, self.period_end,
                                                 sector=self.sector))
        return messages


class TrainingProgramme(SourcedRecord):
    """One row: a kind of training the mission gives to one audience, as a fact sheet names it.

    `counts` says whether its figures count distinct persons trained or participations (one person who
    attends three sessions is three participations); the sheet words each differently.
    """

    class Counts(models.TextChoices):
        PERSONS = "persons", _("persons trained")
        PARTICIPATIONS = "participations", _("participations")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="training_programmes")
    key = models.SlugField(_("key"), max_length=50)
    audience_fr = models.CharField(_("audience (French)"), max_length=200)
    audience_en = models.CharField(_("audience (English)"), max_length=200)
    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    counts = models.CharField(_("counts"), max_length=20, choices=Counts.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "position", "key"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "key"],
                name="unique_training_programme",
                violation_error_message=_("This mission already has a training programme with this key."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.key}"

    def audience(self, language: str) -> str:
        return self.audience_fr if language == "fr" else self.audience_en

    def subject(self, language: str) -> str:
        return self.subject_fr if language == "fr" else self.subject_en


class Training(SourcedRecord):
    """One row: one training session of a programme, with its counts or with its participants listed.

    When participants are listed (TrainingParticipation), persons and participations are computed from them
    and `trained`/`women` stay empty.
    """

    date_field = "held_on"

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="trainings")
    programme = models.ForeignKey(TrainingProgramme, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    trained = models.PositiveIntegerField(_("trained"), null=True, blank=True)
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)

    # Its bulk writes keep the participations' daily summary (TrainingDay) exact; see activities.training_summary.
    objects = TrainingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "held_on"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(trained__isnull=True) | Q(women__lte=F("trained")),
                name="training_women_within_trained",
                violation_error_message=_("Women cannot outnumber the persons trained."),
            ),
            models.UniqueConstraint(
                fields=["mission", "reference"],
                condition=~Q(reference=""),
                name="unique_training_reference",
                violation_error_message=_("This mission already has a training session with this reference."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        mission = self.mission if self.mission_id else None
        rules.raise_messages(
            rules.activity_date_messages(self.held_on, "held_on", mission),
            rules.women_within_messages(self.women, self.trained),
            rules.programme_messages(self.mission_id, self.programme if self.programme_id else None),
            rules.place_messages(self.mission_id, self.held_on, site=self.site if self.site_id else None),
        )


class TrainingParticipation(models.Model):
    """One row: one person's attendance at one training session, known by a reference and sex."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    # Indexed by `participation_training_people` below, whose first column it is.
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations", db_index=False)
    participant_ref = models.CharField(_("participant reference"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)

    objects = ParticipationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training participation")
        verbose_name_plural = _("training participations")
        # The sheet counts persons and women among a programme's sessions from this index alone, without
        # reading the rows (figures.activities).
        indexes = [models.Index(fields=["training", "sex", "participant_ref"], name="participation_training_people")]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "participant_ref"],
                name="unique_participation",
                violation_error_message=_("This participant is already listed for this session."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_ref} ({self.sex})"


class TrainingDay(models.Model):
    """One row: what a training programme's sessions of one day add up to.

    Derived data, never edited, like PatrolDay: only `activities.training_summary` writes it, by summing a
    whole programme again from its sessions and participations in the transaction that changed them.
    Sessions, participations and the stated counts of sessions without participants add up over any period.
    Persons do not (one person attends many sessions), so a row also counts the persons whose first session
    of the programme was that day, and the women whose first session as a woman was: summed up to a date,
    they are the programme's distinct persons and women from its start to that date, which is the sheet's
    period, read from a few hundred rows instead of grouping tens of thousands of participations. Other
    periods still group the participations (figures.activities).
    """

    programme = models.ForeignKey(TrainingProgramme, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("date"))
    sessions = models.PositiveIntegerField(_("sessions"))
    participations = models.PositiveIntegerField(_("participations"))
    women_participations = models.PositiveIntegerField(_("participations of women"))
    first_persons = models.PositiveIntegerField(_("persons at their first session"))
    first_women = models.PositiveIntegerField(_("women at their first session"))
    # Sessions without participants listed give their own counts.
    stated_trained = models.PositiveIntegerField(_("trained, as stated"))
    stated_women = models.PositiveIntegerField(_("women, as stated"))
    stated_without_women = models.PositiveIntegerField(_("sessions not stating women"))

    class Meta:
        verbose_name = _("daily training count")
        verbose_name_plural = _("daily training counts")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["programme", "day"], name="unique_training_day")]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.day}: {self.sessions}"


class TrainingCount(PeriodCount):
    """One row: the persons trained (or participations) in a programme over a period, as published."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="training_counts")
    programme = models.ForeignKey(TrainingProgramme, on_delete=models.PROTECT, related_name="period_counts")
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start"]
        verbose_name = _("training count")
        verbose_name_plural = _("training counts")
        constraints = [
            period_ordered("training_count_period_ordered"),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(women__lte=F("count")),
                name="training_count_women_within_count",
                violation_error_message=_("Women cannot outnumber the count."),
            ),
        ]

    def more_messages(self) -> list[rules.Messages]:
        return [*self.activity_period_messages(), rules.women_within_messages(self.women, self.count, of_count=True),
                rules.programme_messages(self.mission_id, self.programme if self.programme_id else None)]
