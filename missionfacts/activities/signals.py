"""Single writes of patrols through the ORM keep the daily summary exact (see activities.summary).

A saved patrol refreshes its day before and after the save (it may have moved to another mission, component
or day). A deletion refreshes the days of the deleted patrols once, after the rows are gone: Django sends
every `pre_delete` of a deletion before it deletes anything and every `post_delete` after, so the days are
gathered on the first signal and refreshed on the first of the second. A patrol deleted because its mission
is takes its summary rows with it (they cascade too), so nothing is refreshed then.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from missionfacts.activities import training_summary
from missionfacts.activities.models import Patrol, Training, TrainingParticipation
from missionfacts.activities.querysets import PARTICIPATION_SUMMARY_FIELDS, SESSION_SUMMARY_FIELDS, touches
from missionfacts.activities.summary import Spans, touches_summary
from missionfacts.missions.models import Mission

PLACE = ("mission_id", "component", "patrolled_on")
BEFORE = "_patrol_day_before"
PENDING = "_patrol_days_pending"


@receiver(pre_save, sender=Patrol)
def _remember_day_before(sender, instance: Patrol, using: str, update_fields=None, **kwargs) -> None:
    if instance._state.adding or instance.pk is None or not _moves(update_fields):
        instance.__dict__.pop(BEFORE, None)
        return
    instance.__dict__[BEFORE] = Patrol._base_manager.using(using).filter(pk=instance.pk).values_list(*PLACE).first()


@receiver(post_save, sender=Patrol)
def _refresh_saved(sender, instance: Patrol, using: str, update_fields=None, **kwargs) -> None:
    if not _moves(update_fields):
        return
    places = {tuple(getattr(instance, name) for name in PLACE)}
    before = instance.__dict__.pop(BEFORE, None)
    if before is not None:
        places.add(before)
    # Each day apart, not as one span (a patrol moved by years would have every day between summed again), and
    # mission by mission in one order, as Spans.refresh does.
    for place in sorted(places, key=lambda place: (place[0], place[1], str(place[2]))):
        days = _Days()
        days.add_day(*place)
        days.refresh(using)


@receiver(pre_delete, sender=Patrol)
def _gather_deleted(sender, instance: Patrol, using: str, origin=None, **kwargs) -> None:
    if origin is None or _with_its_mission(origin):
        return
    pending = origin.__dict__.setdefault(PENDING, _Days())
    pending.add_patrol(instance)
    if origin is instance:
        # The instance may have been changed in memory since it was read; the row is where it was saved.
        saved = Patrol._base_manager.using(using).filter(pk=instance.pk).values_list(*PLACE).first()
        if saved is not None:
            pending.add_day(*saved)


@receiver(post_delete, sender=Patrol)
def _refresh_deleted(sender, instance: Patrol, using: str, origin=None, **kwargs) -> None:
    if origin is None:  # a deletion by a caller of Django's Collector that names no origin: one at a time
        days = _Days()
        days.add_patrol(instance)
        days.refresh(using)
        return
    pending = origin.__dict__.pop(PENDING, None)
    if pending is not None:
        pending.refresh(using)


class _Days(Spans):
    def add_patrol(self, patrol: Patrol) -> None:
        self.add_day(patrol.mission_id, patrol.component, patrol.patrolled_on)

    def add_day(self, mission_id, component, day) -> None:
        if mission_id is not None and component and day is not None:
            self.add(mission_id, component, day)


def _moves(update_fields) -> bool:
    return update_fields is None or touches_summary(update_fields)


def _with_its_mission(origin) -> bool:
    if isinstance(origin, QuerySet):
        return origin.model is Mission
    return isinstance(origin, Mission)



# Training sessions and participations: the programmes' daily summary (TrainingDay) ----------------------------
#
# A saved session or participation sums its programme again, and the programme it was in before if it moved.
# A deletion gathers the programmes on `pre_delete` and sums them once, after its last rows are gone: Django
# deletes all the rows of one model, then signals each; participations go before their sessions, so a
# deletion that takes sessions is summed on the sessions' first `post_delete`, any other on the first
# participation's. Deleting a mission takes its programmes' summary rows with it.

PROGRAMME_BEFORE = "_training_programmes_before"
PROGRAMMES_PENDING = "_training_programmes_pending"


def _session_moves(update_fields) -> bool:
    return update_fields is None or touches(update_fields, SESSION_SUMMARY_FIELDS)


def _participation_moves(update_fields) -> bool:
    return update_fields is None or touches(update_fields, PARTICIPATION_SUMMARY_FIELDS)


@receiver(pre_save, sender=Training)
def _remember_session_before(sender, instance: Training, using: str, update_fields=None, **kwargs) -> None:
    instance.__dict__.pop(PROGRAMME_BEFORE, None)
    if not instance._state.adding and instance.pk is not None and _session_moves(update_fields):
        instance.__dict__[PROGRAMME_BEFORE] = Training._base_manager.using(using).filter(
            pk=instance.pk).values_list("programme_id", "held_on", "trained", "women").first()


@receiver(post_save, sender=Training)
def _refresh_saved_session(sender, instance: Training, using: str, created: bool = False, **kwargs) -> None:
    before = instance.__dict__.pop(PROGRAMME_BEFORE, None)
    now = (instance.programme_id, instance.held_on, instance.trained, instance.women)
    if created or (before is not None and before != now):
        training_summary.programmes_changed({before[0] if before else None, instance.programme_id}, using)


@receiver(pre_save, sender=TrainingParticipation)
def _remember_participation_before(sender, instance: TrainingParticipation, using: str, update_fields=None,
                                   **kwargs) -> None:
    instance.__dict__.pop(PROGRAMME_BEFORE, None)
    if not instance._state.adding and instance.pk is not None and _participation_moves(update_fields):
        instance.__dict__[PROGRAMME_BEFORE] = TrainingParticipation._base_manager.using(using).filter(
            pk=instance.pk).values_list("training_id", flat=True).first()


@receiver(post_save, sender=TrainingParticipation)
def _refresh_saved_participation(sender, instance: TrainingParticipation, using: str, update_fields=None,
                                 **kwargs) -> None:
    if not _participation_moves(update_fields):
        return
    sessions = {instance.training_id, instance.__dict__.pop(PROGRAMME_BEFORE, None)}
    training_summary.programmes_changed(training_summary.programmes_of_sessions(sessions, using), using)


@receiver(pre_delete, sender=Training)
@receiver(pre_delete, sender=TrainingParticipation)
def _gather_deleted_training(sender, instance, using: str, origin=None, **kwargs) -> None:
    if origin is None or _with_its_mission(origin):
        return
    pending = origin.__dict__.setdefault(PROGRAMMES_PENDING, _Programmes(using))
    pending.add(instance)


@receiver(post_delete, sender=Training)
@receiver(post_delete, sender=TrainingParticipation)
def _refresh_deleted_training(sender, instance, using: str, origin=None, **kwargs) -> None:
    if origin is None:  # a deletion by a caller of Django's Collector that names no origin: one at a time
        pending = _Programmes(using)
        pending.add(instance)
        pending.refresh()
        return
    pending = origin.__dict__.get(PROGRAMMES_PENDING)
    if pending is None or (sender is TrainingParticipation and pending.deletes_sessions):
        return  # summed already, or once the sessions are gone too
    del origin.__dict__[PROGRAMMES_PENDING]
    pending.refresh()


class _Programmes:
    """The programmes a deletion touches, gathered before anything is deleted."""

    def __init__(self, using: str):
        self.using = using
        self.programmes: set[int] = set()
        self.sessions: set[int] = set()  # whose programme was already looked up
        self.deletes_sessions = False

    def add(self, instance) -> None:
        if isinstance(instance, Training):
            self.programmes.add(instance.programme_id)
            self.sessions.add(instance.pk)
            self.deletes_sessions = True
        elif instance.training_id not in self.sessions:
            self.sessions.add(instance.training_id)
            self.programmes |= training_summary.programmes_of_sessions([instance.training_id], self.using)

    def refresh(self) -> None:
        training_summary.programmes_changed(self.programmes, self.using)
