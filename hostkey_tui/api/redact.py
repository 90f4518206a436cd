"""The one place that knows which values are secret, and hides them.

Used by the `--log FILE` request/reply debug log and by every error message. Three nets, each
catching what the others might miss:
- by field name (form fields and JSON keys such as `token`, `pin`, `root_pass`);
- by shape inside free text (`password=...`, `token=...` in a console file or a message);
- by value: secrets the client holds (the API key, the session token, a PIN while it is being
  sent) are registered and replaced wherever they appear.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"

#: Field names whose values are secret, compared case-insensitively.
SECRET_FIELDS = frozenset(
    {
        "token",
        "key",
        "api_key",
        "pin",
        "old_pin",
        "new_pin",
        "root_pass",
        "password",
        "password2",
        "rootpassword",
        "root_password",
        "whmcs_token",
        "sso-token",
        "secret",
        "co_secret",
        "reinstall_key",
        "white_ip_token",
    },
)

#: Tag names whose `value` is a credential when a reply lists tags.
_SECRET_TAG_NAMES = frozenset({"password", "root_pass", "rootpassword", "root_password"})

_IN_TEXT = re.compile(
    r"(?i)\b(password|passwd|pass|token|sso-token|api_key|key|pin|old_pin|new_pin|root_pass|secret)"
    # `%3D` is `=` URL-encoded, as in the noVNC link (`?path=token%3D...`).
    r"(\s*[=:]\s*|%3D|\"\s*:\s*\")([^\s&\"',;]+)",
)

_registered: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Remember a secret value so that it is masked wherever it appears later.

    Short or all-digit values (PINs) are not registered: masking "1234" everywhere would also
    mangle server ids and amounts in messages. They are masked by field name instead, and
    invapi never sends them back.
    """
    if len(value) >= 8 and not value.isdigit():
        with _lock:
            _registered.add(value)


def forget_secret(value: str) -> None:
    with _lock:
        _registered.discard(value)


def _field_is_secret(name: str) -> bool:
    bare = name.lower()
    # params[root_pass] and params[content][] name the inner field
    inner = re.findall(r"\[([^\]]*)\]", bare)
    if inner and inner[-1] == "" and len(inner) > 1:
        bare = inner[-2]
    elif inner:
        bare = inner[-1] or bare.split("[", 1)[0]
    return bare in SECRET_FIELDS


def redact_text(text: str) -> str:
    """Mask registered secrets and `name=value` secrets inside free text."""
    with _lock:
        known = sorted(_registered, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    return _IN_TEXT.sub(lambda m: f"{m[1]}{m[2]}{MASK}", text)


#: Sent fields that are secret though their name is not in replies: the 2FA code goes out as
#: `code`, while a reply's `code` is an error number that must stay readable.
_SECRET_SENT_FIELDS = frozenset({"code"})


#: Sent fields that are links: a signed link's query (X-Amz-Signature, sig, token...) is a
#: credential in all but name, so only the address before it is kept.
_LINK_FIELDS = frozenset({"url", "post_install_callback"})


def _sent_value(name: str, value: str) -> str:
    bare = name.lower()
    if value and (_field_is_secret(name) or bare in _SECRET_SENT_FIELDS):
        return MASK
    if bare in _LINK_FIELDS and "?" in value:
        value = value.split("?", 1)[0] + "?" + MASK
    return redact_text(value)


def redact_fields(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Form fields with every secret value masked (by name, then by value)."""
    return [(name, _sent_value(name, value)) for name, value in fields]


def redact_json(value: Any, _depth: int = 0) -> Any:
    """A JSON value with secret keys, secret tags and secrets inside strings masked."""
    if _depth > 64:
        return MASK
    if isinstance(value, Mapping):
        tag_name = str(value.get("tag", "")).lower() if "tag" in value else ""
        result = {}
        for key, item in value.items():
            secret_key = str(key).lower() in SECRET_FIELDS
            secret_tag_value = tag_name in _SECRET_TAG_NAMES and key in ("value", "extra")
            if (secret_key or secret_tag_value) and item not in (None, "", [], {}):
                result[key] = MASK
            else:
                result[key] = redact_json(item, _depth + 1)
        return result
    if isinstance(value, list):
        return [redact_json(item, _depth + 1) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def redact(value: Any) -> Any:
    """Redact anything the debug log or an error message may show."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, list) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return redact_fields(value)
    return redact_json(value)
