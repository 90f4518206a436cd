"""Turn the invapi documentation into data: `hostkey_tui/simulator/spec/invapi.json`.

    python scripts/invapi_spec.py            # (re)write the spec
    python scripts/invapi_spec.py --check    # exit 1 if the checked-in spec is stale

Reads `docs/invapi/api-documentation.txt` (a text copy of HOSTKEY's API page, see
`docs/invapi/SOURCE.md`) and keeps, for each endpoint section (`api_keys/list¶`, ...), its
parameter table, the form fields of its curl example and its example replies. Only what the
page says is kept; what it lacks or gets wrong lives in the hand-written `overlay.json`.

Only the standard library: the spec feeds the simulator, which may import nothing of ours.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "invapi" / "api-documentation.txt"
OUT = ROOT / "hostkey_tui" / "simulator" / "spec" / "invapi.json"

_TITLE = re.compile(r"^(?P<resource>[a-z_]+)/(?P<action>[A-Za-z_]+)(?:\s+\([^)]*\))?¶$")
#: "Reinstall server using eq/order_instance.¶": a second table for the same call.
_VARIANT = re.compile(r"^.+\busing (?P<resource>[a-z_]+)/(?P<action>[A-Za-z_]+)\.?¶$")
_TABLE_HEADER = "Parameter | Required | Type | Value/default | Description |"
_NAME = re.compile(r"^[A-Za-z0-9_]+(?:\[\])?$")
#: Words the Type column uses; a row whose second cell is one of them lost its Required cell.
_TYPES = frozenset({"string", "int", "array", "checkbox", "bool", "boolean", "float"})
_REQUIRED_MARKS = frozenset({"*", "if modified"})
_CURL_FIELD = re.compile(r'--data\s+"(?P<field>[^"=\s]+)=')
_CURL_URL = re.compile(r'curl\s+-s\s+"(?P<url>[^"]+)"')
_ENVELOPE = frozenset({"action", "token"})
#: Defaults the page gives in prose ("If not specified, it is assumed to be 100").
_PROSE_DEFAULT = re.compile(
    r"(?:default is|defaults to|assumed to be)\s+(?P<value>-?\d+)\b", re.IGNORECASE
)
_LITERAL = re.compile(r"^[\w.-]+$")
_ASYNC_NOTE = "This action has an asynchronous response"


def _cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in line.split("|")]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def parse_row(line: str) -> dict[str, Any] | None:
    """One row of a parameter table, or None when it is not a parameter (kept as skipped).

    Rows whose Required cell is empty come without it (`server_id | int | server ID | ||`):
    the second cell is then a type word, and the row is read one cell to the left.
    """
    cells = _cells(line)
    if len(cells) < 3 or not _NAME.match(cells[0]):
        return None
    name = cells[0]
    if cells[1] in _REQUIRED_MARKS or (cells[1] == "" and cells[2].lower() in _TYPES):
        required_text, kind, rest = cells[1], cells[2], cells[3:]
    elif cells[1].lower() in _TYPES:
        required_text, kind, rest = "", cells[1], cells[2:]
    else:
        return None
    # A row with text in both columns has a value (the action's name, a default); with text
    # in one, that text is the description whichever column it landed in.
    rest = [*rest, "", ""]
    first, second = rest[0], rest[1]
    value, description = (first, second) if first and second else ("", first or second)
    default: str | None = None
    if name not in _ENVELOPE and value and _LITERAL.match(value):
        default = value
    if default is None:
        found = _PROSE_DEFAULT.search(description)
        if found:
            default = found.group("value")
    return {
        "name": name,
        "required": required_text == "*",
        "required_text": required_text,
        "type": kind,
        "value": value,
        "default": default,
        "description": description,
        "envelope": name in _ENVELOPE,
    }


def _curl_blocks(lines: list[str]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    index = 0
    while index < len(lines):
        match = _CURL_URL.search(lines[index])
        if not match:
            index += 1
            continue
        fields: list[str] = []
        index += 1
        while index < len(lines) and lines[index].lstrip().startswith("--"):
            fields += [m.group("field") for m in _CURL_FIELD.finditer(lines[index])]
            index += 1
        blocks.append({"url": match.group("url"), "fields": fields})
    return blocks


def _split_field(field: str) -> tuple[str, bool, bool]:
    """`params[x][]` → ("x", nested, list)."""
    is_list = field.endswith("[]")
    base = field.removesuffix("[]")
    nested = base.startswith("params[") and base.endswith("]")
    if nested:
        base = base[len("params[") : -1]
    return base, nested, is_list


def _attach_fields(params: list[dict[str, Any]], curl: list[dict[str, Any]]) -> None:
    """Give each parameter the form field the curl example sends it as (else its flat name);
    fields only the example shows become parameters of their own."""
    sent = [field for block in curl for field in block["fields"]]
    by_base: dict[str, str] = {}
    for field in sent:
        by_base.setdefault(_split_field(field)[0], field)
    payload = [f for f in sent if _split_field(f)[0] not in _ENVELOPE]
    all_nested = bool(payload) and all(_split_field(f)[1] for f in payload)
    for param in params:
        base, _, is_list = _split_field(param["name"])
        if base in by_base:
            param["field"], param["field_from"] = by_base[base], "curl"
        elif all_nested and not param["envelope"]:
            # assumed: a parameter the example leaves out is nested like all the others.
            param["field"] = f"params[{base}]" + ("[]" if is_list else "")
            param["field_from"] = "nested like the curl example's other fields"
        else:
            param["field"], param["field_from"] = param["name"], "table"
    known = {_split_field(p["name"])[0] for p in params}
    for field in dict.fromkeys(sent):
        base = _split_field(field)[0]
        if base in known:
            continue
        known.add(base)
        params.append(
            {
                "name": base,
                "required": False,
                "required_text": "",
                "type": "",
                "value": "",
                "default": None,
                "description": "only in the curl example",
                "envelope": base in _ENVELOPE,
                "field": field,
                "field_from": "curl",
            }
        )


# --- example replies ------------------------------------------------------------------------


def _scan(line: str, depth: int) -> tuple[int, int | None]:
    """Brace depth after `line` (strings and // comments skipped); the index where it reached
    zero, if it did. JSON strings never span lines, so string state resets per line."""
    in_string = escaped = False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "/" and line[index : index + 2] == "//":
            break
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return depth, index
    return depth, None


def _block(lines: list[str], start: int) -> tuple[str, int] | None:
    """The example starting at `lines[start]` (a `{` line or a ```json fence) and the index
    after it."""
    if lines[start].strip().startswith("```"):
        body: list[str] = []
        for index in range(start + 1, len(lines)):
            text = lines[index]
            if "```" in text:
                before = text.split("```", 1)[0]
                if before.strip():
                    body.append(before.rstrip())
                return "\n".join(body), index + 1
            body.append(text)
        return None
    depth = 0
    for index in range(start, len(lines)):
        repaired = _line_repairs(lines[index])
        depth, closed = _scan(repaired, depth)
        if closed is not None:
            # text after the closing brace is cut (where the line needed no repair, so the
            # index holds for the original too)
            last = lines[index][: closed + 1] if repaired == lines[index] else lines[index]
            return "\n".join([*lines[start:index], last]), index + 1
    return None


def _examples(lines: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    index = 0
    while index < len(lines):
        text = lines[index].strip()
        kind = (
            "positive"
            if text == "Positive response"
            else "failure"
            if text.startswith("Failure response")
            else None
        )
        index += 1
        if kind is None:
            continue
        while index < len(lines) and lines[index].strip() in ("", _ASYNC_NOTE):
            index += 1
        if index >= len(lines):
            break
        start = lines[index].strip()
        if not (start.startswith("{") or start.startswith("```json")):
            continue
        block = _block(lines, index)
        if block is None:
            continue
        raw, index = block
        example: dict[str, Any] = {"kind": kind, "raw": raw}
        parsed = repair(raw)
        if parsed is not None:
            example["json"] = parsed
        found.append(example)
    return found


def _strip_comment(line: str) -> str:
    in_string = escaped = False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif line[index : index + 2] == "//":
            return line[:index].rstrip()
    return line.rstrip()


def _line_repairs(line: str) -> str:
    """What a line needs before its braces can be counted and its comment dropped."""
    # a missing opening quote: `"token": c92e48…fd", // SESSION TOKEN`
    line = re.sub(r'^(\s*"[^"]+":\s*)([A-Za-z0-9]+)",', r'\1"\2",', line)
    # a stray `{` before a key (auth/whmcslogin's `{ "role": …`)
    line = re.sub(r'^\s*\{\s*(?="role":)', "", line)
    return _strip_comment(line)


_FRAGMENT_JOIN = re.compile(r"^[\s{}\[\],.]*$")


def _member_ok(line: str) -> bool:
    try:
        json.loads("{" + line.strip().rstrip(",") + "}")
    except ValueError:
        return False
    return True


_STRING_MEMBER = re.compile(r'^(?P<head>\s*"[^"]+":\s*")(?P<body>.*)(?P<tail>"\s*,?)$')


def _escape_inner_quotes(line: str) -> str:
    """`"extra": "[{ "name": "x"}]",` → the inner quotes escaped, when that makes it valid."""
    match = _STRING_MEMBER.match(line)
    if not match or _member_ok(line):
        return line
    body = re.sub(r'(?<!\\)"', r'\\"', match.group("body"))
    fixed = match.group("head") + body + match.group("tail")
    return fixed if _member_ok(fixed) else line


def repair(raw: str) -> Any:
    """The example as JSON after the syntax repairs of `tests/data/doc_examples/README.md`
    (shapes and values unchanged), or None when they are not enough."""
    lines: list[str] = []
    for original in raw.splitlines():
        line = _line_repairs(original)
        line = line.replace("**Login**:", '"login":').replace("**Password**", '"password"')
        line = _escape_inner_quotes(line)
        if "..." in line and _FRAGMENT_JOIN.match(line):
            # `} ... , {` joins fragments of one list
            line = re.sub(r",\s*,", ",", line.replace("...", ""))
        lines.append(line)
    text = "\n".join(lines)
    # missing commas between members: a value at the end of a line, a member on the next
    text = re.sub(r'(["\d}\]el])(\s*\n\s*)(?=["{\[\d-])', r"\1,\2", text)
    # trailing commas
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    try:
        return json.loads(text)
    except ValueError:
        return None


# --- sections ---------------------------------------------------------------------------------


def _table_rows(lines: list[str]) -> tuple[list[str], int] | None:
    for index, line in enumerate(lines):
        if line.strip() == _TABLE_HEADER:
            rows: list[str] = []
            cursor = index + 1
            if cursor < len(lines) and lines[cursor].startswith("---|"):
                cursor += 1
            while cursor < len(lines) and "|" in lines[cursor]:
                rows.append(lines[cursor])
                cursor += 1
            return rows, index
    return None


def _section(title: str, lines: list[str], line_no: int) -> dict[str, Any]:
    params: list[dict[str, Any]] = []
    skipped: list[str] = []
    table = _table_rows(lines)
    if table is not None:
        for row in table[0]:
            param = parse_row(row)
            if param is None:
                skipped.append(row)
            else:
                params.append(param)
    curl = _curl_blocks(lines)
    _attach_fields(params, curl)
    method = next(
        (m.group(1) for m in map(re.compile(r"^HTTP [Mm]ethod - (\S+)").match, lines) if m),
        None,
    )
    return {
        "title": title,
        "line": line_no,
        "http_method": method,
        "async_reply": any(_ASYNC_NOTE in line for line in lines),
        "has_table": table is not None,
        "parameters": params,
        "curl": curl,
        "examples": _examples(lines),
        "skipped_rows": skipped,
    }


def build_spec(text: str) -> dict[str, Any]:
    lines = text.splitlines()
    titles = [i for i, line in enumerate(lines) if line.endswith("¶")]
    endpoints: dict[str, dict[str, Any]] = {}
    variants: list[tuple[str, dict[str, Any]]] = []
    for position, start in enumerate(titles):
        end = titles[position + 1] if position + 1 < len(titles) else len(lines)
        title = lines[start]
        body = lines[start + 1 : end]
        main = _TITLE.match(title)
        variant = _VARIANT.match(title)
        if main:
            key = f"{main.group('resource')}/{main.group('action')}"
            if key in endpoints:
                raise SystemExit(f"{DOC.name}:{start + 1}: {key} is documented twice")
            section = _section(title.removesuffix("¶"), body, start + 1)
            endpoints[key] = {
                "resource": main.group("resource"),
                "action": main.group("action"),
                **section,
                "variants": [],
            }
        elif variant:
            key = f"{variant.group('resource')}/{variant.group('action')}"
            section = _section(title.removesuffix("¶"), body, start + 1)
            if section["has_table"]:
                variants.append((key, section))
    for key, section in variants:
        if key not in endpoints:
            raise SystemExit(f"{DOC.name}:{section['line']}: a variant of undocumented {key}")
        endpoints[key]["variants"].append(section)
    return {
        "generated_by": "scripts/invapi_spec.py",
        "source": "docs/invapi/api-documentation.txt",
        "source_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "endpoints": endpoints,
    }


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate(doc: Path = DOC) -> str:
    return render(build_spec(doc.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the checked-in spec differs"
    )
    args = parser.parse_args(argv)
    fresh = generate()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != fresh:
            print(
                f"{OUT.relative_to(ROOT)} is stale: run python scripts/invapi_spec.py",
                file=sys.stderr,
            )
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(fresh, encoding="utf-8", newline="\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
