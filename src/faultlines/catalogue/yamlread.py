"""Read YAML keeping the line of every mapping and key, so catalogue errors can name them."""

from __future__ import annotations

from pathlib import Path

import yaml

from faultlines.errors import CatalogueError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A dict that knows the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> LineDict:
    """Parse ``path`` into nested :class:`LineDict` and lists; raise ``E101`` if it cannot."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CatalogueError("E101", path=path, line=1, reason=f"cannot read the file ({e})") from e
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise CatalogueError("E101", path=path, line=line, reason=f"not valid YAML ({getattr(e, 'problem', e)})") from e
    if not isinstance(data, LineDict):
        raise CatalogueError("E101", path=path, line=1, reason="the top level is not a mapping")
    return data
