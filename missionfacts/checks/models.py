"""How the data-quality rules apply to a mission, as its mission file sets them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Severity
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Mission


class RuleSetting(models.Model):
    """One row: how one data-quality rule applies to one mission: on or off, its severity, its thresholds.

    A rule without a row applies with its own severity and default parameters.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="rule_settings")
    rule_id = models.CharField(_("rule"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, blank=True,
        help_text=_("Empty: the rule's own severity."),
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("import")
    )

    class Meta:
        ordering = ["mission", "rule_id"]
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "rule_id"],
                name="unique_rule_setting",
                violation_error_message=_("This mission already has a setting for this rule."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.rule_id}"

    def clean(self) -> None:
        super().clean()
        from missionfacts.checks.registry import all_rules

        rules = all_rules()
        registered = rules.get(self.rule_id)
        if registered is None:
            raise ValidationError({"rule_id": _("Unknown rule {rule}; the rules are: {rules}.").format(
                rule=self.rule_id, rules=", ".join(rules))})
        if not isinstance(self.parameters, dict):
            raise ValidationError({"parameters": _("Give the parameters as names and values.")})
        problems = registered.parameter_problems(self.parameters)
        if problems:
            raise ValidationError({"parameters": problems})
