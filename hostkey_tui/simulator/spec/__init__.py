"""The invapi contract as data, and a check of one request against it.

`invapi.json` is generated from the documentation (`scripts/invapi_spec.py`); `overlay.json` is
written by hand: what the documentation lacks (it is cut off) or gets wrong, each entry with its
source. The simulator refuses requests that break the merged contract, and the client's
requests are tested against it, so both answer to the documentation rather than to each other.

Standard library only: the simulator may import nothing of ours but the clock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "Endpoint",
    "Example",
    "Form",
    "Param",
    "check_request",
    "endpoint",
    "endpoints",
]

ENVELOPE = frozenset({"action", "token"})
#: Whether an endpoint wants a session token.
REQUIRED, OPTIONAL, NOT_TAKEN = TOKEN_MODES = ("required", "optional", "none")
#: Values never repeated in a problem (it may end up in a log or a test report).
_SECRET_NAMES = frozenset(
    {"pin", "old_pin", "new_pin", "root_pass", "password", "password2", "key", "reinstall_key"}
)
_INT = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Param:
    """One form parameter: its name, the field it travels in, and what its value must be."""

    name: str
    field: str
    required: bool = False
    type: str = "string"
    default: str | None = None
    #: The only values allowed (empty: any).
    values: tuple[str, ...] = ()
    #: Other fields accepted for it (a list `x[]` where a single `x` is also documented).
    also: tuple[str, ...] = ()
    #: "doc" (the table), "curl" (only the curl example shows it) or "overlay".
    origin: str = "doc"

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field, *self.also)


@dataclass(frozen=True, slots=True)
class Form:
    """One documented way of calling an endpoint (eq/order_instance has two: order, reinstall)."""

    title: str
    params: tuple[Param, ...]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class Example:
    kind: str  # "positive" or "failure"
    raw: str
    #: The example as JSON after the syntax repairs; None when they were not enough.
    json: Any = None


@dataclass(frozen=True, slots=True)
class Endpoint:
    resource: str
    action: str
    forms: tuple[Form, ...]
    #: Whether a session token is "required", "optional" or not expected ("none").
    token: str
    #: Groups of parameter names of which at least one must be sent.
    required_any: tuple[tuple[str, ...], ...] = ()
    #: False when only the overlay knows the endpoint.
    documented: bool = True
    async_reply: bool = False
    examples: tuple[Example, ...] = ()
    #: The overlay entries' sources, in order.
    sources: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.resource}/{self.action}"

    @property
    def params(self) -> tuple[Param, ...]:
        return self.forms[0].params

    def param(self, name: str) -> Param | None:
        return self.forms[0].param(name)


# --- loading ---------------------------------------------------------------------------------


def _read(name: str) -> Any:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def _doc_param(raw: Mapping[str, Any]) -> Param:
    return Param(
        name=str(raw["name"]).removesuffix("[]"),
        field=str(raw["field"]),
        required=bool(raw["required"]),
        type=str(raw["type"]) or "string",
        default=None if raw.get("default") is None else str(raw["default"]),
        origin="curl" if raw.get("description") == "only in the curl example" else "doc",
    )


def _doc_form(title: str, raw_params: Iterable[Mapping[str, Any]]) -> tuple[Form, str]:
    params: list[Param] = []
    token = NOT_TAKEN
    for raw in raw_params:
        if raw["name"] == "token":
            token = REQUIRED if raw["required"] else OPTIONAL
        elif raw["name"] != "action":
            params.append(_doc_param(raw))
    return Form(title, tuple(params)), token


def _doc_endpoint(raw: Mapping[str, Any]) -> Endpoint:
    main, token = _doc_form(str(raw["title"]), raw["parameters"])
    variants = [_doc_form(str(v["title"]), v["parameters"])[0] for v in raw["variants"]]
    examples = tuple(Example(str(e["kind"]), str(e["raw"]), e.get("json")) for e in raw["examples"])
    return Endpoint(
        resource=str(raw["resource"]),
        action=str(raw["action"]),
        forms=(main, *variants),
        token=token,
        async_reply=bool(raw["async_reply"]),
        examples=examples,
    )


def _overlay_param(raw: Mapping[str, Any]) -> Param:
    name = str(raw["name"])
    return Param(
        name=name,
        field=str(raw.get("field", name)),
        required=bool(raw.get("required", False)),
        type=str(raw.get("type", "string")),
        default=None if raw.get("default") is None else str(raw["default"]),
        values=tuple(str(v) for v in raw.get("values", ())),
        also=tuple(str(v) for v in raw.get("also", ())),
        origin="overlay",
    )


def _sources(entry: Mapping[str, Any]) -> tuple[str, ...]:
    source = entry.get("source")
    return (source,) if isinstance(source, str) else tuple(str(s) for s in source or ())


def _apply(known: dict[str, Endpoint], entry: Mapping[str, Any]) -> None:
    """Merge one overlay entry into `known`.

    Raises:
        ValueError: the entry does not fit the documentation (a "new" endpoint it has, a
            parameter added twice, a correction of one it lacks, an unknown token mode).
    """
    key = str(entry["endpoint"])
    where = f"overlay.json {key}"
    added = tuple(_overlay_param(p) for p in entry.get("add", ()))
    if entry.get("new"):
        if key in known:
            raise ValueError(f"{where}: marked new, but the documentation has it")
        resource, _, action = key.partition("/")
        current = Endpoint(resource, action, (Form(f"{key} (overlay)", ()),), REQUIRED)
        current = replace(current, documented=False)
    elif key in known:
        current = known[key]
    else:
        raise ValueError(f"{where}: not documented; mark the entry new")
    forms = list(current.forms)
    for param in added:
        if forms[0].param(param.name) is not None:
            raise ValueError(f"{where}: {param.name} is documented; correct it instead")
        forms = [f if f.param(param.name) else Form(f.title, (*f.params, param)) for f in forms]
    for name, changes in dict(entry.get("correct", {})).items():
        if not any(f.param(name) for f in forms):
            raise ValueError(f"{where}: cannot correct {name}, which it does not have")
        fixed: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()
        }
        forms = [
            Form(f.title, tuple(replace(p, **fixed) if p.name == name else p for p in f.params))
            for f in forms
        ]
    token = str(entry.get("token", current.token))
    if token not in TOKEN_MODES:
        raise ValueError(f"{where}: token must be one of {', '.join(TOKEN_MODES)}")
    groups = tuple(tuple(str(n) for n in g) for g in entry.get("required_any", ()))
    known[key] = replace(
        current,
        forms=tuple(forms),
        token=token,
        required_any=(*current.required_any, *groups),
        sources=(*current.sources, *_sources(entry)),
    )


@cache
def _merged() -> Mapping[str, Endpoint]:
    known = {key: _doc_endpoint(raw) for key, raw in _read("invapi.json")["endpoints"].items()}
    for entry in _read("overlay.json")["entries"]:
        _apply(known, entry)
    return dict(sorted(known.items()))


def overlay_entries() -> list[dict[str, Any]]:
    """The overlay as written (for tests that hold each entry to a source and a why)."""
    entries: list[dict[str, Any]] = _read("overlay.json")["entries"]
    return entries


def endpoint(resource: str, action: str) -> Endpoint | None:
    return _merged().get(f"{resource}/{action}")


def endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint the documentation or the overlay knows, sorted by resource/action."""
    return tuple(_merged().values())


# --- checking --------------------------------------------------------------------------------


def _split(name: str) -> tuple[str, bool, bool]:
    """A form field → (base name, nested in params[...], sent as a list)."""
    is_list = name.endswith("[]")
    base = name.removesuffix("[]")
    nested = base.startswith("params[") and base.endswith("]")
    if nested:
        base = base[len("params[") : -1]
    return base, nested, is_list


def _shown(param: Param, value: str) -> str:
    if param.name in _SECRET_NAMES:
        return "(value withheld)"
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _value_problem(param: Param, sent_as: str, value: str) -> str | None:
    if value == "":
        if param.required:
            return f"{sent_as} is required, and was sent empty"
        return None  # the documentation's own examples send optional fields empty (own_os=)
    if param.type == "int" and not _INT.fullmatch(value):
        return f"{sent_as} must be an integer literal (documented int), got {_shown(param, value)}"
    if param.type in ("float", "number") and not _NUMBER.fullmatch(value):
        return f"{sent_as} must be a number (documented {param.type}), got {_shown(param, value)}"
    if param.values and value not in param.values:
        allowed = ", ".join(param.values)
        return f"{sent_as} must be one of {allowed}, got {_shown(param, value)}"
    return None


def _misnested(sent: str, param: Param) -> str:
    _, nested, is_list = _split(sent)
    _, want_nested, want_list = _split(param.field)
    if nested != want_nested:
        how = "nested in params[...]" if want_nested else "flat, not nested in params[...]"
        return f"wrong nesting: sent {sent} but the documentation has {param.field} ({how})"
    if is_list and not want_list:
        return f"sent {sent} as a list, but {param.field} is a single value"
    return f"sent {sent} once, but {param.field} is a list (repeat {param.field})"


def _field_of(form: Form, name: str) -> str:
    param = form.param(name)
    return param.field if param is not None else name


def _check_form(ep: Endpoint, form: Form, pairs: Sequence[tuple[str, str]]) -> list[str]:
    problems: list[str] = []
    by_field = {f: p for p in form.params for f in p.fields}
    by_base: dict[str, Param] = {}
    for documented in form.params:
        by_base.setdefault(_split(documented.field)[0], documented)
    counts: dict[str, int] = {}
    present: set[str] = set()
    misnested: set[str] = set()
    for name, value in pairs:
        if name in ENVELOPE:
            continue
        counts[name] = counts.get(name, 0) + 1
        param = by_field.get(name)
        if param is None:
            near = by_base.get(_split(name)[0])
            if near is not None:
                if near.name not in misnested:
                    problems.append(_misnested(name, near))
                misnested.add(near.name)
            else:
                problems.append(f"{name} is neither documented nor in the overlay")
            continue
        present.add(param.name)
        problem = _value_problem(param, name, value)
        if problem:
            problems.append(problem)
    for name, count in counts.items():
        if count > 1 and not name.endswith("[]") and name in by_field:
            problems.append(f"{name} sent {count} times, but it is not a list")
    for param in form.params:
        if param.required and param.name not in present and param.name not in misnested:
            problems.append(f"required parameter {param.field} ({param.type}) is missing")
    for group in ep.required_any:
        if not present.intersection(group) and not misnested.intersection(group):
            names = " or ".join(_field_of(form, n) for n in group)
            problems.append(f"one of {names} is required, none was sent")
    return problems


def check_request(
    resource: str,
    action: str,
    pairs: Sequence[tuple[str, str]],
    *,
    token_sent: bool,
) -> list[str]:
    """What is wrong with a request, in words; empty when it keeps the contract.

    Args:
        resource: the PHP file without `.php`.
        action: the action (the `action` pair, when present, must agree).
        pairs: the form fields as sent, in order, repeated names included; `action` and
            `token` may be among them.
        token_sent: whether a session token came with the request (in `pairs` or otherwise).
    """
    ep = endpoint(resource, action)
    if ep is None:
        return [f"{resource}/{action} is neither documented nor in the overlay"]
    problems: list[str] = []
    actions = [value for name, value in pairs if name == "action"]
    if actions and actions != [action]:
        problems.append(f"the action field says {', '.join(actions)}, not {action}")
    sent_token = token_sent or any(name == "token" for name, _ in pairs)
    if ep.token == REQUIRED and not sent_token:
        problems.append(f"no session token, which {ep.key} requires")
    elif ep.token == NOT_TAKEN and sent_token:
        problems.append(f"a session token was sent, which {ep.key} does not take")
    by_form = [_check_form(ep, form, pairs) for form in ep.forms]
    if any(not found for found in by_form):
        return problems
    best = min(range(len(by_form)), key=lambda i: len(by_form[i]))
    if len(ep.forms) > 1:
        title = ep.forms[best].title
        return [*problems, *(f"(read as {title!r}) {p}" for p in by_form[best])]
    return [*problems, *by_form[best]]
