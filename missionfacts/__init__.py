"""missionfacts: the facts of a UN peacekeeping mission, from sourced records to published fact sheets."""

__version__ = "0.1.0"
