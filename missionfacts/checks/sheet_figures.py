"""The figures of a computed sheet, each with its path and a name a reader understands.

Paths are those of the sheet's JSON (`strength.military`, `trainings[unpol-trainings].trained`), the same
names `missionfacts diff` uses, so a finding and a change name a figure alike.
"""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Bilingual, Message
from missionfacts.figures.activities import TrainingFigure
from missionfacts.figures.sheet import SheetFigures
from missionfacts.figures.values import Figure, NotAvailable

FIGURE_NAMES = {
    "resolution": _("Resolution in force"),
    "ceilings.military": _("Authorised ceiling for military personnel"),
    "ceilings.police": _("Authorised ceiling for police personnel"),
    "strength.military": _("Military strength"),
    "strength.police": _("Police strength"),
    "patrols.military": _("Military patrols"),
    "patrols.police": _("Police patrols"),
    "fatalities_in_attacks": _("Personnel killed in attacks"),
    "deployment": _("Deployment by sector"),
    "site_count": _("Number of sites"),
    "top_contributors.military": _("Military: top 10 contributing countries"),
    "top_contributors.police": _("Police: top 10 contributing countries"),
    "priorities": _("Strategic priorities"),
    "tasks": _("Task areas"),
}

# The sheet's blocks (figures.coverage.BLOCKS) as the draft and `check` name one with nothing to say.
BLOCK_NAMES = {
    "authorisation": _("Authorisation and ceilings"),
    "key_figures": _("Key figures"),
    "strength": _("Strength"),
    "sites": _("Sites and map"),
    "contributors": _("Top 10 contributing countries"),
    "mandate": _("Mandate"),
    "place": _("Location and leadership"),
    "losses": _("Fatalities by category"),
    "budget": _("Financial aspects"),
    "contributing_countries": _("Contributing countries"),
}


def training_name(training: TrainingFigure) -> Message:
    return Message(_("Training “{subject}”"), subject=Bilingual(training.subject_fr, training.subject_en))


def women_of(name) -> Message:
    return Message(_("{figure}, women"), figure=name)


def sheet_figures(sheet: SheetFigures) -> Iterator[tuple[str, Figure | NotAvailable, object]]:
    """(path, figure, name) for every figure of the sheet, in the sheet's order."""
    yield "resolution", sheet.resolution, FIGURE_NAMES["resolution"]
    for group in ("ceilings", "strength", "patrols"):
        for key, figure in getattr(sheet, group).items():
            path = f"{group}.{key}"
            yield path, figure, FIGURE_NAMES.get(path, path)
    for training in sheet.trainings:
        name = training_name(training)
        yield f"trainings[{training.programme_key}].trained", training.trained, name
        yield f"trainings[{training.programme_key}].women", training.women, women_of(name)
    yield "fatalities_in_attacks", sheet.fatalities_in_attacks, FIGURE_NAMES["fatalities_in_attacks"]
    yield "deployment", sheet.deployment, FIGURE_NAMES["deployment"]
    yield "site_count", sheet.site_count, FIGURE_NAMES["site_count"]
    for key, figure in sheet.top_contributors.items():
        path = f"top_contributors.{key}"
        yield path, figure, FIGURE_NAMES.get(path, path)
