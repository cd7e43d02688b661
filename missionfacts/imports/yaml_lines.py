"""A YAML loader that remembers the line of every mapping, so problems can name the line to fix.

It reads only what a mission file needs, and refuses the rest while composing, before any value is built:

- anchors and aliases (`&name`, `*name`): a file of a kilobyte or two can repeat a list inside a list inside a
  list and unfold to gigabytes (a "billion laughs"); no mission file needs them;
- nesting deeper than MAX_DEPTH levels, which would otherwise end in a RecursionError;
- numbers of more than MAX_NUMBER_CHARS characters (Python refuses integers of more than 4,300 digits with a
  ValueError, and no database column holds them), and `.nan`, `.inf` or a float too large to be finite.

A refusal is a RefusedYaml: a yaml.MarkedYAMLError with the line and the field path (`sectors[0].sites[1].latitude`).
"""

import math

import yaml
from django.utils.translation import gettext as _

# A mission file nests about six levels (sectors, a sector, its sites, a site, its name, a language); sixty-four
# leaves room for any file a person writes and stays far below Python's recursion limit.
MAX_DEPTH = 64
# A 64-bit integer has at most 19 digits; a decimal with its sign, point and exponent stays well under 32.
MAX_NUMBER_CHARS = 32
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"


class LineDict(dict):
    """A mapping read from YAML, with the 1-based line it starts on and the line of each of its keys."""

    line: int = 0
    key_lines: dict | None = None

    def line_of(self, key) -> int:
        return (self.key_lines or {}).get(key, self.line)


class RefusedYaml(yaml.MarkedYAMLError):
    """Something the loader refuses to build, with the field path where it is (empty at the top)."""

    def __init__(self, reason: str, mark, field: str = "", value: str = ""):
        super().__init__(problem=reason, problem_mark=mark)
        self.field = field
        self.value = value


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        # The field path of the node being composed: mapping keys and list positions.
        self.path: list[str] = []

    def compose_node(self, parent, index):
        event = self.peek_event()
        self.path.append(_step(index))
        try:
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise RefusedYaml(_("anchors and aliases (&name, *name) are not allowed: write each value out"),
                                  event.start_mark, self.field_path())
            if len(self.path) > MAX_DEPTH:
                raise RefusedYaml(_("nested more than %(depth)s levels deep") % {"depth": MAX_DEPTH},
                                  event.start_mark, self.field_path())
            node = super().compose_node(parent, index)
            if isinstance(node, yaml.ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG):
                self.check_number(node)
            return node
        finally:
            self.path.pop()

    def check_number(self, node: yaml.ScalarNode) -> None:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise RefusedYaml(_("a number of more than %(count)s characters is not allowed")
                              % {"count": MAX_NUMBER_CHARS}, node.start_mark, self.field_path(),
                              node.value[:40] + "…")
        if node.tag == FLOAT_TAG and not math.isfinite(self.construct_yaml_float(node)):
            raise RefusedYaml(_("not a finite number: NaN and infinity are not allowed"), node.start_mark,
                              self.field_path(), node.value)

    def field_path(self) -> str:
        path = "".join(self.path).lstrip(".")
        # Deep nesting would make a path of hundreds of steps; its start says where it is.
        return path if len(path) <= 120 else path[:120] + "…"


def _step(index) -> str:
    """How one level appears in a field path: `.key` under a mapping, `[2]` in a list, nothing for a key itself."""
    if isinstance(index, int):
        return f"[{index}]"
    if isinstance(index, yaml.ScalarNode):
        return f".{index.value}"
    return ""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, (str, int, float, bool)) or key is None:
            mapping.key_lines.setdefault(key, key_node.start_mark.line + 1)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text here: the importer parses them itself, so an impossible date ("2020-06-31") becomes a
# problem on its line instead of an exception from the YAML parser.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_with_lines(text: str):
    """Parse YAML text; mappings come back as LineDicts. Raises yaml.YAMLError (RefusedYaml for what the
    loader will not build) with a position."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
