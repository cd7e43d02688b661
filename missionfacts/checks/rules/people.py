"""Rules on a mission's leadership: two people holding the same post at the same time."""

from collections import defaultdict
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Bilingual, Finding, Message, RecordRef, Severity
from missionfacts.checks.registry import rule
from missionfacts.checks.rules.stated_records import when
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import DatePrecision, Leadership


def _ends_after_start(before: Leadership, after: Leadership) -> bool:
    """Whether the earlier term ends after the later one starts, as precisely as both dates are known.

    Handing over within the month or year a page gives is no overlap: "to 2005-12" then "from 2005-12" is a
    handover in December 2005.
    """
    if before.until_present:
        return True
    if before.ended_on is None:
        return False
    precision = DatePrecision.coarsest(before.ended_on_precision, after.started_on_precision)
    return precision.truncated(before.ended_on) > precision.truncated(after.started_on)


def _post(leader: Leadership) -> Bilingual:
    return Bilingual(leader.title("fr"), leader.title("en"))


def term_label(leader: Leadership) -> Message:
    if leader.until_present:
        return Message(_("{name}, {post}, from {start} to present"), name=leader.name, post=_post(leader),
                       start=when(leader.started_on, leader.started_on_precision))
    if leader.ended_on is None:
        return Message(_("{name}, {post}, from {start}"), name=leader.name, post=_post(leader),
                       start=when(leader.started_on, leader.started_on_precision))
    return Message(_("{name}, {post}, {start} to {end}"), name=leader.name, post=_post(leader),
                   start=when(leader.started_on, leader.started_on_precision),
                   end=when(leader.ended_on, leader.ended_on_precision))


@rule("leadership-terms-overlap", Severity.WARNING, _("Two terms of the same post that overlap"))
def leadership_terms_overlap(subject: Subject, parameters: dict) -> list[Finding]:
    """Two holders of one post (the same role, or else the same title as published) whose terms overlap.

    An acting head beside the appointed one can make this true; more often a date is mistyped.
    """
    posts: dict[str, list[Leadership]] = defaultdict(list)
    # A holder a page names without a term (format 3) has no term to overlap another's.
    for leader in Leadership.objects.filter(mission=subject.mission, started_on__isnull=False).order_by("started_on",
                                                                                                        "pk"):
        posts[leader.post].append(leader)
    findings = []
    for post, terms in sorted(posts.items()):
        for before, after in pairwise(terms):
            if not _ends_after_start(before, after):
                continue
            findings.append(Finding(
                subject=f"{post}:{after.started_on.isoformat()}",
                message=Message(_("Two terms of the same post overlap: {before} and {after}."),
                                before=term_label(before), after=term_label(after)),
                records=(RecordRef.of(before, term_label(before)), RecordRef.of(after, term_label(after))),
                values={"post": post, "before": before.name, "after": after.name,
                        "before_ends": before.ended_on.isoformat() if before.ended_on else "present",
                        "after_starts": after.started_on.isoformat()},
            ))
    return findings
