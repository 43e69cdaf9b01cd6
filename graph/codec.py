"""Dataclasses to JSON values and back, driven by their fields and type hints, so that a field added to
a dataclass needs no change here.

Reading checks every value against its type hint — dataclasses (each field present, no other keys),
lists, tuples, dicts, unions with None, str, int, float and bool — and raises ShapeError naming where
the data differs. JSON data cannot run code; data of another shape is refused, never half-read.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable


class ShapeError(ValueError):
    """JSON data that does not have the shape of the type it is read as."""

    def __init__(self, message: str, where: tuple[str, ...] = ()):
        super().__init__(message)
        self.message, self.where = message, where

    def inside(self, key: str) -> ShapeError:
        return ShapeError(self.message, (key, *self.where))

    def __str__(self) -> str:
        return f"at {'.'.join(self.where)}: {self.message}" if self.where else self.message


def to_json(value):
    """A JSON value (dicts, lists, str, int, float, bool, None) of a dataclass and what it holds."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [field.name for field in dataclasses.fields(value) if field.init]
        return {name: to_json(getattr(value, name)) for name in fields}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {_key(key): to_json(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def from_json(data, hint):
    """The value of type `hint` that `data` (from `to_json`) describes; ShapeError if it does not fit."""
    return _reader(hint)(data)


def _key(key) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    raise TypeError(f"cannot write a dict key of type {type(key).__name__} as JSON")


Reader = Callable[[object], object]


@functools.cache
def _reader(hint) -> Reader:
    """A function that reads JSON data as a value of type `hint` (made once per type)."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _dataclass_reader(hint)
    if origin in (typing.Union, types.UnionType):
        return _union_reader(arguments)
    if origin is list:
        return _sequence_reader(list, _reader(arguments[0]))
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return _sequence_reader(tuple, _reader(arguments[0]))
    if origin is tuple:
        return _fixed_tuple_reader(tuple(_reader(argument) for argument in arguments))
    if origin is dict and arguments[0] in (str, int):
        return _dict_reader(arguments[0], _reader(arguments[1]))
    if hint in (str, int, float, bool, type(None)):
        return _scalar_reader(hint)
    raise TypeError(f"no JSON reading for the type {hint!r}")


def _kind(data) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "true/false"}.get(
        type(data), "null" if data is None else "a number"
    )


def _scalar_reader(hint: type) -> Reader:
    def read(data):
        if type(data) is hint or (hint is float and type(data) is int):
            return data
        name = "null" if hint is type(None) else hint.__name__
        raise ShapeError(f"expected {name}, found {_kind(data)}")

    return read


def _fixed_tuple_reader(readers: tuple[Reader, ...]) -> Reader:
    """A tuple of so many values, each of its own type: tuple[int, int, str]."""

    def read(data):
        if type(data) is not list or len(data) != len(readers):
            raise ShapeError(f"expected an array of {len(readers)} values, found {_kind(data)}")
        values = []
        for index, (reader, item) in enumerate(zip(readers, data, strict=True)):
            try:
                values.append(reader(item))
            except ShapeError as error:
                raise error.inside(str(index)) from None
        return tuple(values)

    return read


def _union_reader(arguments: tuple) -> Reader:
    readers = [_reader(argument) for argument in arguments]

    def read(data):
        errors = []
        for reader in readers:
            try:
                return reader(data)
            except ShapeError as error:
                errors.append(error)
        raise min(errors, key=lambda error: -len(error.where))  # the one that got furthest

    return read


def _sequence_reader(kind: type, item: Reader) -> Reader:
    def read(data):
        if type(data) is not list:
            raise ShapeError(f"expected an array, found {_kind(data)}")
        values = []
        for index, value in enumerate(data):
            try:
                values.append(item(value))
            except ShapeError as error:
                raise error.inside(str(index)) from None
        return kind(values)

    return read


def _dict_reader(key_type: type, item: Reader) -> Reader:
    def read(data):
        if type(data) is not dict:
            raise ShapeError(f"expected an object, found {_kind(data)}")
        values = {}
        for key, value in data.items():
            if key_type is int and not (key.isascii() and key.lstrip("-").isdigit()):
                raise ShapeError(f"expected an integer key, found {key!r}")
            try:
                values[key_type(key)] = item(value)
            except ShapeError as error:
                raise error.inside(key) from None
        return values

    return read


def _dataclass_reader(cls: type) -> Reader:
    hints = typing.get_type_hints(cls)
    fields = [field.name for field in dataclasses.fields(cls) if field.init]
    names = set(fields)
    readers: dict[str, Reader] = {}  # filled on first use: dataclasses may refer to each other

    def read(data):
        if type(data) is not dict:
            raise ShapeError(f"expected an object ({cls.__name__}), found {_kind(data)}")
        if data.keys() != names:
            missing, extra = sorted(names - data.keys()), sorted(data.keys() - names)
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"unknown {', '.join(extra)}" if extra else "",
                )
                if part
            )
            raise ShapeError(f"not the fields of {cls.__name__} ({detail})")
        values = {}
        for name in fields:
            try:
                reader = readers.get(name) or readers.setdefault(name, _reader(hints[name]))
                values[name] = reader(data[name])
            except ShapeError as error:
                raise error.inside(name) from None
        return cls(**values)

    return read
