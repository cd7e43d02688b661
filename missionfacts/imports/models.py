"""Provenance: where each record came from.

Every record in missionfacts names a Source (a document, a data file, a person) and, when a file brought
it, the ImportBatch that wrote it, so any published figure can be traced back to both.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """One row: a document, data set or person that a record's facts come from."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        DATASET = "dataset", _("Data set")
        PERSON = "person", _("Person")

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=_("A short stable identifier."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class ImportBatch(models.Model):
    """One row: one file read by an importer, with what it did to the data."""

    kind = models.CharField(_("kind"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=500)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="import_batches")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by_name = models.CharField(_("imported by"), max_length=150, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_added = models.PositiveIntegerField(_("rows added"), default=0)
    rows_changed = models.PositiveIntegerField(_("rows changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    rows_removed = models.PositiveIntegerField(_("rows removed"), default=0)
    data_as_of = models.DateField(
        _("data as of"), null=True, blank=True,
        help_text=_("The date the file says its data were last updated (the UN's last_update), when it says."),
    )
    covers_from = models.DateField(
        _("covers from"), null=True, blank=True,
        help_text=_("First day of the period whose records the file holds completely, when known."),
    )
    covers_to = models.DateField(
        _("covers to"), null=True, blank=True,
        help_text=_("Last day of the period whose records the file holds completely, when known."),
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.checksum[:12]})"


class SourcedRecord(models.Model):
    """Base of every fact record: it names its source and, if a file brought it, the import."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source"))
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("import")
    )

    class Meta:
        abstract = True
