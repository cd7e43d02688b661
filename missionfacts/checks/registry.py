"""The data-quality rules missionfacts knows: each an identifier, a severity, its parameters and a function.

Rules register themselves with the `rule` decorator in the modules of `missionfacts.checks.rules`; a
mission may switch a rule off, change its severity or set its parameters in its mission file (`checks:`),
stored as RuleSetting rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext

from missionfacts.checks.findings import Finding, Severity


@dataclass(frozen=True)
class Parameter:
    """A threshold a mission may set for a rule, with its default and the values it accepts."""

    name: str
    default: float | int
    minimum: float
    maximum: float
    integer: bool = False

    def problem(self, value: Any) -> str | None:
        """Why the value is not acceptable, in the active language, or None."""
        acceptable = isinstance(value, int) if self.integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not acceptable or not self.minimum <= value <= self.maximum:
            template = (
                gettext("{name} must be a whole number from {minimum} to {maximum}, not {value}.") if self.integer
                else gettext("{name} must be a number from {minimum} to {maximum}, not {value}.")
            )
            return template.format(name=self.name, minimum=f"{self.minimum:g}", maximum=f"{self.maximum:g}",
                                   value=repr(value))
        return None


RuleFunction = Callable[..., list[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: Promise
    check: RuleFunction
    parameters: tuple[Parameter, ...] = ()

    def defaults(self) -> dict:
        return {parameter.name: parameter.default for parameter in self.parameters}

    def parameter_problems(self, values: dict) -> list[str]:
        known = {parameter.name: parameter for parameter in self.parameters}
        problems = []
        for name, value in values.items():
            if name not in known:
                template = gettext("Unknown parameter {name} for the rule {rule}; its parameters: {known}.")
                problems.append(template.format(name=name, rule=self.id, known=", ".join(known) or "—"))
            elif (problem := known[name].problem(value)) is not None:
                problems.append(problem)
        return problems


_RULES: dict[str, Rule] = {}


def rule(id: str, severity: Severity, title: Promise, parameters: tuple[Parameter, ...] = ()):
    """Register the decorated function `(subject, parameters) -> list[Finding]` as a rule."""

    def register(function: RuleFunction) -> RuleFunction:
        if id in _RULES and _RULES[id].check is not function:
            raise ValueError(f"two rules are registered as {id!r}")
        _RULES[id] = Rule(id, str(severity), title, function, tuple(parameters))
        return function

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, in the order the checks run and report them."""
    import missionfacts.checks.rules  # noqa: F401 - importing the rule modules registers them

    return dict(_RULES)


@dataclass(frozen=True)
class AppliedRule:
    """A rule as it applies to one mission: on or off, with its severity and parameters."""

    rule: Rule
    enabled: bool = True
    severity: str = ""
    parameters: dict = field(default_factory=dict)


def rules_for(mission) -> list[AppliedRule]:
    """Every rule with the mission's own settings (from its mission file) over the rules' defaults."""
    from missionfacts.checks.models import RuleSetting

    settings = {setting.rule_id: setting for setting in RuleSetting.objects.filter(mission=mission)}
    applied = []
    for rule_id, registered in all_rules().items():
        setting = settings.get(rule_id)
        if setting is None:
            applied.append(AppliedRule(registered, True, registered.severity, registered.defaults()))
        else:
            applied.append(AppliedRule(
                registered, setting.enabled, setting.severity or registered.severity,
                {**registered.defaults(), **(setting.parameters or {})},
            ))
    return applied
