"""The data-quality rules, one module per kind of fact; importing this package registers them in this order."""

from missionfacts.checks.rules import dates, deployment, sections, sources, strength, totals  # noqa: F401

# isort: split
# The rules that came with format 2 of the mission file, after the first ones.
from missionfacts.checks.rules import money, people, stated  # noqa: F401

# isort: split
# The rules on what real pages get wrong when their figures are set side by side (issue 16).
from missionfacts.checks.rules import published_pages  # noqa: F401

# isort: split
# The rules on format 3's published facts: versions that disagree, key figures out of their period.
from missionfacts.checks.rules import published_versions  # noqa: F401
