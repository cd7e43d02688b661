"""Published editions of a fact sheet: numbered, frozen with their documents, never changed by later data."""

import hashlib
import json

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missionfacts.missions.models import Mission


class EditionFrozen(Exception):
    """Raised on any attempt to change or delete a published edition or one of its documents."""


class FrozenQuerySet(models.QuerySet):
    """Rows that are written once: bulk updates and deletes are refused like single ones."""

    def update(self, **kwargs):
        raise EditionFrozen(f"{self.model._meta.verbose_name_plural} cannot be changed once published.")

    def delete(self):
        raise EditionFrozen(f"{self.model._meta.verbose_name_plural} cannot be deleted once published.")


class FrozenModel(models.Model):
    """A row that can be created, then never saved again nor deleted."""

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EditionFrozen(f"This {self._meta.verbose_name} is published and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EditionFrozen(f"This {self._meta.verbose_name} is published and cannot be deleted.")


class Edition(FrozenModel):
    """One row: a mission's fact sheet as published, with the number it was published under.

    Everything a reader of the edition saw is stored with it — its figures and both language versions as
    HTML, PDF and JSON bytes (EditionDocument), the imports and sources they came from, the findings of the
    checks and the reason given for publishing despite warnings — so later imports never change it.
    """

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveIntegerField(_("number"))
    as_of = models.DateField(_("as of"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.CharField(_("published by"), max_length=150, blank=True)
    # JSON text, kept as written: PostgreSQL's jsonb would reorder it.
    provenance = models.TextField(_("provenance"), help_text=_("The imports and sources the figures came from."))
    findings = models.TextField(_("findings of the checks"))
    reason = models.TextField(_("reason for publishing despite warnings"), blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["mission", "number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "number"],
                name="unique_edition_number",
                violation_error_message=_("This mission already has an edition with this number."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="edition_period_ordered",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.number} ({self.as_of})"

    def document(self, language: str, format: str) -> bytes:
        return bytes(self.documents.get(language=language, format=format).content)

    def figures(self, language: str = "fr") -> dict:
        """The figures JSON of the edition, as published in the language."""
        return json.loads(self.document(language, "json"))

    def provenance_data(self) -> dict:
        return json.loads(self.provenance)

    def findings_data(self) -> dict:
        return json.loads(self.findings)

    def computed_checksum(self) -> str:
        """The checksum of what the edition holds now; equal to `checksum` while nothing has been tampered with."""
        return edition_checksum(
            {(document.language, document.format): hashlib.sha256(bytes(document.content)).hexdigest()
             for document in self.documents.all()},
            self.provenance, self.findings, self.reason,
        )

    def is_intact(self) -> bool:
        return self.computed_checksum() == self.checksum


def edition_checksum(document_digests: dict[tuple[str, str], str], provenance: str, findings: str, reason: str) -> str:
    """One SHA-256 over an edition's documents (by their own digests), provenance, findings and reason."""
    digest = hashlib.sha256()
    for (language, format), document_digest in sorted(document_digests.items()):
        digest.update(f"{language}/{format} {document_digest}\n".encode())
    for text in (provenance, findings, reason):
        digest.update(hashlib.sha256(text.encode("utf-8")).hexdigest().encode())
    return digest.hexdigest()


class EditionDocument(FrozenModel):
    """One row: one published file of an edition — its sheet in one language and one format, as bytes."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        JSON = "json", "JSON"

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="documents")
    language = models.CharField(_("language"), max_length=2)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["edition", "language", "format"]
        verbose_name = _("edition document")
        verbose_name_plural = _("edition documents")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "language", "format"],
                name="unique_edition_document",
                violation_error_message=_("This edition already has this document."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.language} {self.format}"
