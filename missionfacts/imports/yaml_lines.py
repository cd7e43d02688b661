"""A YAML loader that remembers the line of every mapping, so problems can name the line to fix."""

import yaml


class LineDict(dict):
    """A mapping read from YAML, with the 1-based line it starts on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text here: the importer parses them itself, so an impossible date ("2020-06-31") becomes a
# problem on its line instead of an exception from the YAML parser.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_with_lines(text: str):
    """Parse YAML text; mappings come back as LineDicts. Raises yaml.YAMLError with a position."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
