"""CSV output of every list, safe to open in a spreadsheet."""

from rest_framework_csv.renderers import CSVRenderer

from missionfacts.spreadsheets import neutralised


class SpreadsheetSafeCSVRenderer(CSVRenderer):
    """The rows of a list (the current page's results), one column per field in the serializer's order."""

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
            if not data:
                # An empty page still names its columns, so a script reading it sees the same table.
                renderer_context = {**renderer_context, "header": _field_names(renderer_context.get("view"))}
        return super().render(data, media_type, renderer_context)

    def tablize(self, data, header=None, labels=None):
        if not header and data:
            data = list(self.flatten_data(data))
            # Columns in the order the fields come, not sorted, so a table reads like the JSON.
            header = list(dict.fromkeys(key for row in data for key in row))
            data = _Flat(data)
        for row in super().tablize(data, header=header, labels=labels):
            yield [neutralised(cell) for cell in row]

    def flatten_data(self, data):
        if isinstance(data, _Flat):
            return iter(data)
        return super().flatten_data(data)


class _Flat(list):
    """Rows already flattened by tablize."""




def _field_names(view) -> list[str] | None:
    serializer = view.get_serializer() if view is not None and hasattr(view, "get_serializer") else None
    return list(serializer.fields) if serializer is not None else None
