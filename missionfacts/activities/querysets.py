"""Reusable queries on activities: always over a period, since patrols and trainings are flows."""

from datetime import date

from django.db import models, transaction


class DatedQuerySet(models.QuerySet):
    """Individual records dated by one field, named by the model as `date_field`."""

    def for_mission(self, mission) -> "DatedQuerySet":
        return self.filter(mission=mission)

    def between(self, start: date, end: date) -> "DatedQuerySet":
        field = self.model.date_field
        return self.filter(**{f"{field}__gte": start, f"{field}__lte": end})


class PeriodCountQuerySet(models.QuerySet):
    """Aggregate counts over periods."""

    def for_mission(self, mission) -> "PeriodCountQuerySet":
        return self.filter(mission=mission)

    def within(self, start: date, end: date) -> "PeriodCountQuerySet":
        """Counts whose whole period lies inside [start, end]: only those can be added up honestly."""
        return self.filter(period_start__gte=start, period_end__lte=end)


class PatrolQuerySet(DatedQuerySet):
    """Patrols, whose bulk writes through the ORM refresh the daily summary (PatrolDay) in the same transaction.

    `save()` and `delete()` are covered by signals (activities.signals); `bulk_create`, `bulk_update` and
    `update` send none, so they refresh here. Writes in raw SQL call `summary.refresh_patrol_days` themselves.
    """

    def bulk_create(self, objs, *args, **kwargs):
        from missionfacts.activities import summary

        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            spans = summary.Spans()
            for patrol in created:
                spans.add(patrol.mission_id, patrol.component, patrol.patrolled_on)
            if kwargs.get("update_conflicts"):
                # A conflicting row was changed in place, from days not known here: whole missions then.
                spans = summary.Spans.of_missions({mission_id for mission_id, _component in spans})
            spans.refresh(self.db)
        return created

    def bulk_update(self, objs, fields, batch_size=None):
        from missionfacts.activities import summary

        objs = list(objs)
        if not summary.touches_summary(fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        pks = [patrol.pk for patrol in objs]
        patrols = self.model._base_manager.using(self.db)
        with transaction.atomic(using=self.db, savepoint=False):
            spans = summary.Spans.of_patrols(patrols, pks)
            with summary.refreshed_by_caller():  # bulk_update calls update() once per batch
                updated = super().bulk_update(objs, fields, batch_size=batch_size)
            spans.merge(summary.Spans.of_patrols(patrols, pks))
            spans.refresh(self.db)
        return updated

    def update(self, **kwargs):
        from missionfacts.activities import summary

        if not summary.touches_summary(kwargs) or summary.is_refreshed_by_caller():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            # Where the rows go is known only after the update (an F() expression, a filter on what
            # changes), so the missions they were in or go to are summed again whole.
            spans, everything = summary.update_spans(self, kwargs)
            updated = super().update(**kwargs)
            if everything:
                summary.rebuild_patrol_days(self.db)
            else:
                spans.refresh(self.db)
        return updated


# The fields of a session and of a participation whose change can move participations in TrainingDay.
SESSION_SUMMARY_FIELDS = ("programme", "held_on", "trained", "women")
PARTICIPATION_SUMMARY_FIELDS = ("training", "participant_ref", "sex")


def touches(fields, summary_fields) -> bool:
    """Whether writing these fields (names, with or without `_id`) can change a summary kept over `summary_fields`."""
    return any(str(name).removesuffix("_id") in summary_fields for name in fields)


class TrainingQuerySet(DatedQuerySet):
    """Training sessions, whose bulk writes keep the programmes' daily summary (TrainingDay) exact
    (activities.training_summary)."""

    def bulk_create(self, objs, *args, **kwargs):
        from missionfacts.activities import training_summary as summary

        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            summary.programmes_changed({session.programme_id for session in created}, self.db)
        return created

    def bulk_update(self, objs, fields, batch_size=None):
        from missionfacts.activities import training_summary as summary

        objs = list(objs)
        if not touches(fields, SESSION_SUMMARY_FIELDS):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        with transaction.atomic(using=self.db, savepoint=False):
            before = summary.programmes_of_sessions([session.pk for session in objs], self.db)
            with summary.refreshed_by_caller():
                updated = super().bulk_update(objs, fields, batch_size=batch_size)
            summary.programmes_changed(before | {session.programme_id for session in objs}, self.db)
        return updated

    def update(self, **kwargs):
        from missionfacts.activities import training_summary as summary

        if not touches(kwargs, SESSION_SUMMARY_FIELDS) or summary.is_refreshed_by_caller():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = set(self.order_by().values_list("programme_id", flat=True).distinct())
            updated = super().update(**kwargs)
            target = kwargs.get("programme_id", kwargs.get("programme"))
            programme = self.model._meta.get_field("programme").related_model
            if target is not None and not isinstance(target, int | programme):
                summary.rebuild_training_days(self.db)  # an expression: where the sessions went is not known here
            else:
                summary.programmes_changed(before | {getattr(target, "pk", target)}, self.db)
        return updated


class ParticipationQuerySet(models.QuerySet):
    """Training participations, whose bulk writes keep the daily summary (TrainingDay) exact."""

    def bulk_create(self, objs, *args, **kwargs):
        from missionfacts.activities import training_summary as summary

        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            summary.programmes_changed(summary.programmes_of_sessions(
                [participation.training_id for participation in created], self.db), self.db)
        return created

    def bulk_update(self, objs, fields, batch_size=None):
        from missionfacts.activities import training_summary as summary

        objs = list(objs)
        if not touches(fields, PARTICIPATION_SUMMARY_FIELDS):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        with transaction.atomic(using=self.db, savepoint=False):
            before = summary.programmes_of_participations([participation.pk for participation in objs], self.db)
            with summary.refreshed_by_caller():
                updated = super().bulk_update(objs, fields, batch_size=batch_size)
            after = summary.programmes_of_sessions([participation.training_id for participation in objs], self.db)
            summary.programmes_changed(before | after, self.db)
        return updated

    def update(self, **kwargs):
        from missionfacts.activities import training_summary as summary

        if not touches(kwargs, PARTICIPATION_SUMMARY_FIELDS) or summary.is_refreshed_by_caller():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = set(self.order_by().values_list("training__programme_id", flat=True).distinct())
            updated = super().update(**kwargs)
            target = kwargs.get("training_id", kwargs.get("training"))
            training = self.model._meta.get_field("training").related_model
            if target is not None and not isinstance(target, int | training):
                summary.rebuild_training_days(self.db)
            else:
                after = summary.programmes_of_sessions([getattr(target, "pk", target)], self.db)
                summary.programmes_changed(before | after, self.db)
        return updated
