"""The data-quality rules, one module per kind of fact; importing this package registers them in this order."""

from missionfacts.checks.rules import dates, deployment, sections, sources, strength, totals  # noqa: F401
