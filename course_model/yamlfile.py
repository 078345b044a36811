"""YAML reading that remembers where each value came from, so errors can name file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from course_model.errors import ContentError
from course_model.i18n import t
from course_model.textfile import read_text

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MISSING = object()


class YamlMap(dict[Any, Any]):
    """A YAML mapping with the file and line of itself and of each of its keys."""

    path: Path
    line: int
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def error(self, message: str, key: Any = None) -> ContentError:
        return ContentError(message, self.path, self.line_of(key) if key is not None else self.line)

    def get_typed(self, key: str, kind: type | tuple[type, ...], default: Any = _MISSING) -> Any:
        """The value under `key`, checked against `kind`; required unless a default is given."""
        if key not in self or self[key] is None:
            if default is _MISSING:
                raise self.error(t("missing required field '{key}'", key=key))
            return default
        value = self[key]
        if kind in (int, float, (int, float)) and isinstance(value, bool):
            raise self.error(
                t("'{key}' must be a number, not {value}", key=key, value=repr(value)), key
            )
        if not isinstance(value, kind):
            raise self.error(
                t(
                    "'{key}' must be {kind}, not {value}",
                    key=key,
                    kind=_describe(kind),
                    value=repr(value),
                ),
                key,
            )
        return value

    def get_number(self, key: str, default: float | None = None) -> float:
        """A number that must not be negative; required unless a default is given."""
        value = (
            self.get_typed(key, (int, float))
            if default is None
            else self.get_typed(key, (int, float), default)
        )
        if value < 0:
            raise self.error(t("'{key}' must not be negative", key=key), key)
        return float(value)

    def reject_unknown(self, allowed: set[str]) -> None:
        for error in self.unknown_fields(allowed):
            raise error

    def unknown_fields(self, allowed: set[str]) -> list[ContentError]:
        """An error for each key that is not in `allowed`."""
        known = ", ".join(sorted(allowed))
        return [
            self.error(
                t("unknown field '{key}' (expected one of: {known})", key=key, known=known), key
            )
            for key in self
            if key not in allowed
        ]


def _describe(kind: type | tuple[type, ...]) -> str:
    names = {
        str: t("text"),
        int: t("a whole number"),
        float: t("a number"),
        list: t("a list"),
        dict: t("a mapping"),
        bool: t("true or false"),
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return t(" or ").join(names.get(k, k.__name__) for k in kinds)


def _make_loader(path: Path, line_offset: int) -> type:
    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: yaml.MappingNode) -> YamlMap:
        mapping = YamlMap()
        mapping.path = path
        mapping.line = node.start_mark.line + 1 + line_offset
        mapping.key_lines = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in mapping:
                raise ContentError(
                    t("duplicate key '{key}'", key=key),
                    path,
                    key_node.start_mark.line + 1 + line_offset,
                )
            mapping[key] = loader.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1 + line_offset
        return mapping

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return Loader


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Any:
    """Parse YAML text that starts `line_offset` lines into `path`."""
    alias = _alias_line(text)
    if alias is not None:
        raise ContentError(
            t(
                "YAML aliases (*name) are not allowed: write the value out in full, and put a "
                "text that begins with * in quotes"
            ),
            path,
            alias + line_offset,
        )
    try:
        return yaml.load(text, Loader=_make_loader(path, line_offset))  # noqa: S506 (safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context
        raise ContentError(t("invalid YAML: {problem}", problem=problem), path, line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        hex_code = format(code, "04X")
        message = t("invalid YAML: the character U+{code} is not allowed", code=hex_code)
        raise ContentError(message, path, line) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise ContentError(t("invalid YAML: {problem}", problem=problem), path) from None
    except RecursionError:
        # Python's own limit on nesting, reached by lists or mappings nested hundreds deep.
        raise ContentError(t("invalid YAML: lists or mappings nested too deeply"), path) from None


def _alias_line(text: str) -> int | None:
    """The line of the first alias (`*name`) of YAML `text`, if it has one. The course's files
    need none, and aliases of aliases nine deep stand for a billion values: every check that
    walks them, or error message that shows one, would never end."""
    if "*" not in text:
        return None  # most texts
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if isinstance(token, yaml.AliasToken):
                return int(token.start_mark.line) + 1
    except yaml.YAMLError:
        return None  # the parse names the problem
    return None


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file."""
    return parse_yaml(read_text(path), path)


def load_yaml_map(path: Path) -> YamlMap:
    """Read a YAML file whose top level must be a mapping."""
    data = load_yaml(path)
    if not isinstance(data, YamlMap):
        raise ContentError(t("expected a YAML mapping at the top level"), path, 1)
    return data
