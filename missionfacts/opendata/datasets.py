"""The UN Peace and Security Data Hub's datasets that missionfacts fetches, and how each is imported.

The Data Hub serves every dataset at https://api.psdata.un.org/public/data/{DATASET}/{CSV|json}
(psdata.un.org/howto/api_structure). Each dataset here names the import kind that reads it; a kind this
version does not register (see `imports.registry`) is still downloaded, and the fetch says it cannot
import it.
"""

from dataclasses import dataclass
from importlib import import_module

from missionfacts.imports.registry import importer_for
from missionfacts.imports.tabular import Column


@dataclass(frozen=True)
class Dataset:
    """One Data Hub dataset: its identifier, the import kind that reads it, and its columns."""

    identifier: str
    kind: str
    title: str
    # How a sentence names it: "the mission dataset".
    noun: str
    # The importer module, whose COLUMNS say which columns it needs (read when the fetch checks a file).
    module: str
    # The column `--since` compares, or "" when the dataset has no date a row could be filtered on.
    date_column: str
    # The columns the Data Hub documents for the dataset (empty when unknown): anything else in a file is
    # named as unexpected when the file lacks a column the importer needs.
    documented_columns: tuple[str, ...] = ()

    def importer(self):
        return importer_for(self.kind)

    def required_columns(self) -> tuple[Column, ...]:
        """The columns the importer cannot do without; none when the importer is not there or says nothing."""
        try:
            module = import_module(self.module)
        except ImportError:
            return ()
        return tuple(column for column in getattr(module, "COLUMNS", ()) if column.required)


CONTRIBUTIONS = Dataset(
    identifier="DPO-UCHISTORICAL",
    kind="un-contributions",
    title="Uniformed personnel contributions by mission, country and personnel type",
    noun="contributions dataset",
    module="missionfacts.imports.un_contributions",
    date_column="last_reporting_date",
    documented_columns=("contributing_country", "contribution_id", "female_personnel", "isocode3",
                        "last_reporting_date", "m49_code", "male_personnel", "mission_acronym", "personnel_type"),
)
FATALITIES = Dataset(
    identifier="DPPADPOSS-FATALITIES",
    kind="un-fatalities",
    title="Peacekeeping fatalities",
    noun="fatalities dataset",
    module="missionfacts.imports.un_fatalities",
    date_column="incident_date",
    documented_columns=("id", "incident_date", "casualty_id", "mission_acronym", "type_of_casualty", "gender",
                        "casualty_nationality", "casualty_personnel_type", "type_of_incident", "m49_code",
                        "isocode3", "last_update"),
)
MISSIONS = Dataset(
    identifier="DPPADPOSS-PKO",
    kind="un-missions",
    title="Peacekeeping missions",
    noun="mission dataset",
    module="missionfacts.imports.un_missions",
    date_column="",
)

DATASETS = {dataset.identifier: dataset for dataset in (CONTRIBUTIONS, FATALITIES, MISSIONS)}


def dataset_named(name: str) -> Dataset | None:
    """The dataset with this identifier, matched without regard to case."""
    return next((dataset for key, dataset in DATASETS.items() if key.casefold() == name.strip().casefold()), None)
