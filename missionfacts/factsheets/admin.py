from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from missionfacts.factsheets.models import Edition, EditionDocument
from missionfacts.web.scoped_admin import MISSION_FILTER, MissionScopedMixin


class EditionDocumentInline(admin.TabularInline):
    model = EditionDocument
    fields = ["language", "format", "sha256", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("size (bytes)"))
    def size(self, document: EditionDocument) -> int:
        return len(document.content)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(MissionScopedMixin, admin.ModelAdmin):
    """Editions are published with `missionfacts publish` and never changed: the admin only shows them."""

    list_display = ["mission", "number", "as_of", "published_at", "published_by", "checksum"]
    list_filter = [MISSION_FILTER]
    exclude = ["provenance", "findings"]
    inlines = [EditionDocumentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
