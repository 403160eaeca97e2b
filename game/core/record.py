"""Frozen records: what ``@dataclass(frozen=True, slots=True)`` gives, without generating code.

A dataclass writes out and compiles ``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and
``__setattr__`` for every class as it is imported. For the model's and the engine's ~65 small
classes that was 33 ms of the game's start-up (``-X importtime``), a third of everything the
game adds before its first screen. Here those methods are written once, on :class:`Record`, and
read each class's field names, which the metaclass collects from its annotations when the
class is made (cheap: no source text, no ``exec``).

Behaviour matches a frozen, slotted dataclass where the game relies on it: fields in
annotation order, defaults and ``field(default_factory=..., compare=False, repr=False)``,
keyword or positional construction, ``__post_init__``, equality only between instances of the
same class (fields with ``compare=False`` left out), hashing, a readable ``repr``, refusal to
assign, ``replace`` and ``fields``, copy and pickle. Construction is a little slower (a generic
``__init__``: about 1 µs more per object), which the loader's benchmark shows is small.
"""

from __future__ import annotations

import sys
import typing
from operator import attrgetter
from typing import Any, Callable, ClassVar, Optional, TypeVar, dataclass_transform

_MISSING: Any = object()


class FrozenRecordError(AttributeError):
    """Raised on an attempt to assign to (or delete) a field of a record."""


class _Field:
    __slots__ = ("default", "factory", "compare", "repr")

    def __init__(self, default: Any = _MISSING, factory: Optional[Callable[[], Any]] = None,
                 compare: bool = True, repr: bool = True) -> None:
        self.default, self.factory, self.compare, self.repr = default, factory, compare, repr


def field(*, default: Any = _MISSING, default_factory: Optional[Callable[[], Any]] = None,
          compare: bool = True, repr: bool = True) -> Any:
    """A field's options, as ``dataclasses.field`` takes them (only the ones the game uses)."""
    return _Field(default, default_factory, compare, repr)


class FieldInfo:
    """One field of a record class: its name and its type, resolved (``tuple[str, ...]``, a
    class, a ``Union``: what ``typing.get_type_hints`` gives), never the annotation's text."""

    __slots__ = ("name", "type")

    def __init__(self, name: str, type: Any) -> None:
        self.name, self.type = name, type

    def __repr__(self) -> str:
        return f"FieldInfo({self.name!r}, {self.type!r})"


def _is_class_var(annotation: Any) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return getattr(annotation, "__origin__", None) is ClassVar or annotation is ClassVar


def _setters(cls: type, names: tuple[str, ...]) -> Optional[tuple[Callable[[Any, Any], None], ...]]:
    """Each field's slot setter (its member descriptor's ``__set__``), which skips the frozen
    ``__setattr__`` and the attribute lookup ``object.__setattr__`` makes: construction and
    ``replace`` of a 22-field state are the explorer's hot path."""
    found = []
    for name in names:
        slot = next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)
        if slot is None or not hasattr(slot, "__set__"):
            return None  # a field without a slot (a class made with slots=False)
        found.append(slot.__set__)
    return tuple(found)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


@dataclass_transform(eq_default=True, field_specifiers=(field,))
class RecordMeta(type):
    """Collects the fields of each record class and gives it ``__slots__`` for them."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], *,
                slots: bool = True, **kwargs: Any) -> "RecordMeta":
        inherited: dict[str, _Field] = {}
        for base in reversed(bases):
            inherited.update(getattr(base, "_record_specs", {}))
        own: dict[str, _Field] = {}
        for field_name, annotation in namespace.get("__annotations__", {}).items():
            if _is_class_var(annotation) or field_name.startswith("_record_"):
                continue  # class-level settings, not fields (Record's own are annotated too)
            value = namespace.pop(field_name, _MISSING)
            own[field_name] = value if isinstance(value, _Field) else _Field(default=value)
        if slots:
            namespace["__slots__"] = tuple(n for n in own if n not in inherited)
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        specs = {**inherited, **own}
        names = tuple(specs)
        # Required fields may not follow ones with defaults, as in a dataclass.
        seen_default = False
        for field_name, spec in specs.items():
            has_default = spec.default is not _MISSING or spec.factory is not None
            if seen_default and not has_default:
                raise TypeError(f"{name}: field '{field_name}' without a default follows one with a default")
            seen_default = seen_default or has_default
        cls._record_specs = specs  # type: ignore[attr-defined]
        cls._record_names = names  # type: ignore[attr-defined]
        cls._record_index = {n: i for i, n in enumerate(names)}  # type: ignore[attr-defined]
        cls._record_all = staticmethod(_getter(names))  # type: ignore[attr-defined]
        cls._record_key = staticmethod(_getter(tuple(n for n in names if specs[n].compare)))  # type: ignore[attr-defined]
        cls._record_shown = tuple(n for n in names if specs[n].repr)  # type: ignore[attr-defined]
        cls._record_post = getattr(cls, "__post_init__", None)  # type: ignore[attr-defined]
        cls._record_setters = _setters(cls, names) if slots else None  # type: ignore[attr-defined]
        cls.__match_args__ = names  # type: ignore[attr-defined,misc]
        return cls


class Record(metaclass=RecordMeta):
    """Base of the frozen records. Subclass it and annotate the fields, as for a dataclass."""

    __slots__ = ()
    _record_specs: ClassVar[dict[str, _Field]]
    _record_names: ClassVar[tuple[str, ...]]
    _record_index: ClassVar[dict[str, int]]
    _record_all: ClassVar[Callable[[Any], tuple[Any, ...]]]
    _record_key: ClassVar[Callable[[Any], tuple[Any, ...]]]
    _record_shown: ClassVar[tuple[str, ...]]
    _record_post: ClassVar[Optional[Callable[[Any], None]]]
    _record_setters: ClassVar[Optional[tuple[Callable[[Any, Any], None], ...]]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        names = cls._record_names
        setters = cls._record_setters
        if setters is not None and not kwargs and len(args) == len(names):
            for put_one, value in zip(setters, args):  # every field given in order: the quick way
                put_one(self, value)
            if cls._record_post is not None:
                cls._record_post(self)
            return
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__}() takes {len(names)} arguments but {len(args)} were given")
        put = object.__setattr__
        for name, value in zip(names, args):
            put(self, name, value)
        specs = cls._record_specs
        for name in names[len(args):]:
            if name in kwargs:
                value = kwargs.pop(name)
            else:
                spec = specs[name]
                if spec.factory is not None:
                    value = spec.factory()
                elif spec.default is not _MISSING:
                    value = spec.default
                else:
                    raise TypeError(f"{cls.__name__}() missing required argument: '{name}'")
            put(self, name, value)
        if kwargs:
            unknown = next(iter(kwargs))
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument '{unknown}'"
                            if unknown not in names else
                            f"{cls.__name__}() got multiple values for argument '{unknown}'")
        if cls._record_post is not None:
            cls._record_post(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = type(self)._record_key  # a staticmethod: called with the record itself
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(type(self)._record_key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field '{name}' of a {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field '{name}' of a {type(self).__name__}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt through __init__, so copy and pickle need no way around the frozen fields.
        return (_rebuild, (type(self), tuple(getattr(self, n) for n in self._record_names)))


def _rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    return cls(*values)


R = TypeVar("R", bound=Record)


def replace(record: R, **changes: Any) -> R:
    """A copy of ``record`` with ``changes`` (``dataclasses.replace`` for records)."""
    cls = type(record)
    values = list(cls._record_all(record))
    index = cls._record_index
    for name, value in changes.items():
        at = index.get(name)
        if at is None:
            raise TypeError(f"{cls.__name__} has no field '{name}'")
        values[at] = value
    return cls(*values)  # positional: the quickest way through the generic __init__


def field_names(record_or_class: Any) -> tuple[str, ...]:
    """The names of a record's fields, in order: cheap, nothing resolved."""
    cls: Any = record_or_class if isinstance(record_or_class, type) else type(record_or_class)
    names: tuple[str, ...] = cls._record_names
    return names


def fields(record_or_class: Any) -> tuple[FieldInfo, ...]:
    """The fields of a record class (or instance), in order, with their types resolved.

    Annotations are kept unevaluated when a class is made (``from __future__ import
    annotations``: making a class stays cheap, and a field may name a class defined later in its
    module); they are resolved here, once per class, by ``typing.get_type_hints`` in the
    namespace of the module that wrote them.
    """
    cls: Any = record_or_class if isinstance(record_or_class, type) else type(record_or_class)
    done = cls.__dict__.get("_record_fields")
    if done is None:
        hints = _resolved(cls)
        done = tuple(FieldInfo(n, hints[n]) for n in cls._record_names)
        type.__setattr__(cls, "_record_fields", done)
    resolved: tuple[FieldInfo, ...] = done
    return resolved


def _resolved(cls: type) -> dict[str, Any]:
    """Each field's type, evaluated where its class was written (base classes first)."""
    hints: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if not isinstance(klass, RecordMeta) or klass is Record:
            continue
        own = {n: a for n, a in klass.__dict__.get("__annotations__", {}).items()
               if n in klass._record_specs and not _is_class_var(a)}  # type: ignore[attr-defined]
        holder = _Annotated(own)
        module = sys.modules.get(klass.__module__)
        hints.update(typing.get_type_hints(holder, globalns=vars(module) if module else {},
                                           localns=dict(vars(klass))))
    return hints


class _Annotated:
    """Lets ``typing.get_type_hints`` resolve a chosen set of annotations."""

    def __init__(self, annotations: dict[str, Any]) -> None:
        self.__annotations__ = annotations


__all__ = ["Record", "field", "replace", "fields", "field_names", "FieldInfo", "FrozenRecordError"]
