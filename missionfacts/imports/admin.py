from django.contrib import admin

from missionfacts.imports.models import ImportBatch, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "title", "publisher", "published_on"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "publisher"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "kind", "file_name", "imported_by_name", "rows_read", "rows_added", "rows_changed",
                    "rows_removed"]
    list_filter = ["kind"]
    # Found by file, by who imported it, or by the checksum a report or an edition's provenance names.
    search_fields = ["file_name", "imported_by_name", "checksum", "source__key", "source__title"]
    date_hierarchy = "imported_at"
    readonly_fields = [field.name for field in ImportBatch._meta.fields]
