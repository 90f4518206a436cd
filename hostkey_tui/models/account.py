"""Sessions, account information, API keys, SSH keys and remote-hands requests."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime

from hostkey_tui.models.common import Obj, Secret, as_int, as_list, as_text, total
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.rhr import RhrComment, comments_of
from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class Session:
    """What `auth/login` or `auth/whmcslogin` grants."""

    token: Secret
    expires_at: float | None
    permissions: frozenset[str]
    server_ids: tuple[int, ...] = ()
    role: str = ""
    role_type: str = ""
    customer_id: int | None = None
    whmcs_id: int | None = None
    email: str = ""
    #: A billing login of an account with 2FA: the code sent to its device is awaited
    #: (`auth/2fa_check`) before the token does anything else.
    second_factor: bool = False


#: Where a billing login's reply says a 2FA code is awaited (assumed: not documented; the
#: simulator sends "2fa", and the others are read too so that a variant is not missed).
_SECOND_FACTOR_FLAGS = ("2fa", "need_2fa", "2fa_required", "twofa_required")


def _ids(value: object) -> tuple[int, ...]:
    ids = (as_int(item) for item in as_list(value))
    return tuple(i for i in ids if i is not None)


@total("auth/login")
def session_from_login(data: object) -> Session:
    """The login reply: fields inside `result`, or (some builds) at the top level.

    Raises:
        MalformedReply: no token.
    """
    reply = Obj(data, "auth/login")
    body = reply.obj("result") if isinstance(reply.get("result"), dict) else reply
    token = body.text("token")
    if not token:
        raise MalformedReply("no token in the login reply", where="auth/login")
    expires = body.int("token_expire")
    return Session(
        token=Secret(token),
        expires_at=float(expires) if expires else None,
        permissions=frozenset(as_text(p) for p in body.list("permissions") if as_text(p)),
        server_ids=_ids(body.get("servers")),
        role=body.text("role") or body.text("role_name"),
        role_type=body.text("role_type"),
        customer_id=body.int("customer_id"),
        whmcs_id=body.int("whmcs_id"),
        email=body.text("email"),
        second_factor=any(body.bool(flag) for flag in _SECOND_FACTOR_FLAGS),
    )


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """`auth/info`: who the token belongs to and what it may do."""

    email: str
    server_ids: tuple[int, ...]
    permissions: frozenset[str]
    expires_at: float | None = None
    role: str = ""
    client_ip: str = ""
    whmcs_id: int | None = None
    deploy_keys: tuple[tuple[str, str], ...] = ()


def _deploy_keys(value: object) -> tuple[tuple[str, str], ...]:
    # A map of invoice id → async key; PHP sends an empty one as [].
    if isinstance(value, dict):
        return tuple((as_text(k), as_text(v)) for k, v in value.items() if as_text(v))
    return ()


@total("auth/info")
def account_info_from_json(data: object) -> AccountInfo:
    reply = Obj(data, "auth/info")
    body = reply.obj("result") if isinstance(reply.get("result"), dict) else reply
    expires = body.int("token_expire")
    return AccountInfo(
        email=body.text("email"),
        server_ids=_ids(body.get("servers")),
        permissions=frozenset(as_text(p) for p in body.list("permissions") if as_text(p)),
        expires_at=float(expires) if expires else None,
        role=body.text("role_name") or body.text("role"),
        client_ip=body.text("client_ip"),
        whmcs_id=body.int("whmcs_id"),
        deploy_keys=_deploy_keys(body.get("deploy_keys")),
    )


@dataclass(frozen=True, slots=True)
class BillingServer:
    id: int
    name: str = ""
    status: str = ""
    config: str = ""


@dataclass(frozen=True, slots=True)
class ServerInventory:
    """`eq/update_servers`: the ids the token now knows, and the deploys under way."""

    server_ids: tuple[int, ...]
    billing_servers: tuple[BillingServer, ...] = ()
    deploy_keys: tuple[tuple[str, str], ...] = ()


@total("eq/update_servers")
def inventory_from_json(data: object) -> ServerInventory:
    reply = Obj(data, "eq/update_servers")
    body = reply.obj("result") if isinstance(reply.get("result"), dict) else reply
    billing = tuple(
        BillingServer(
            id=b.req_int("id"),
            name=b.text("name"),
            status=b.text("status"),
            config=b.text("config"),
        )
        for b in body.objs("billing_servers")
        if b.int("id") is not None
    )
    return ServerInventory(
        server_ids=_ids(body.get("servers")),
        billing_servers=billing,
        deploy_keys=_deploy_keys(body.get("deploy_keys")),
    )


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: int
    name: str
    active: bool = True
    ip: str = ""
    server_id: int = 0
    token_view: str = ""
    notify_method: str = "none"
    notify_address: str = ""
    key: Secret | None = None  # only in the reply of api_keys/add, shown once

    @property
    def for_server(self) -> bool:
        return self.server_id != 0


def api_key_from_obj(obj: Obj) -> ApiKey:
    key = obj.text("api_key")
    return ApiKey(
        id=obj.req_int("id"),
        name=obj.text("name"),
        active=obj.bool("active", True),
        ip=obj.text("ip"),
        server_id=obj.int0("server_id"),
        token_view=obj.text("token_view"),
        notify_method=obj.text("login_notify_method") or "none",
        notify_address=obj.text("login_notify_address"),
        key=Secret(key) if key else None,
    )


@total("api_keys")
def api_keys_from_json(data: object) -> tuple[ApiKey, ...]:
    reply = Obj(data, "api_keys/list")
    value = reply.get("data")
    if isinstance(value, dict):
        return (api_key_from_obj(Obj(value, "api_keys.data")),)
    return tuple(api_key_from_obj(o) for o in reply.objs("data"))


@total("api_keys/add")
def api_key_from_json(data: object) -> ApiKey:
    return api_key_from_obj(Obj(data, "api_keys").req_obj("data"))


@dataclass(frozen=True, slots=True)
class ApiKeyEvent:
    id: int | None
    when: datetime | None
    message: str
    type: str = ""
    login: str = ""


@total("api_keys/history")
def api_key_history_from_json(data: object) -> tuple[ApiKeyEvent, ...]:
    reply = Obj(data, "api_keys/history")
    return tuple(
        ApiKeyEvent(
            id=o.int("id"),
            when=o.datetime("date"),
            message=o.text("message", single_line=False),
            type=o.text("type"),
            login=o.text("login") or o.text("Login"),
        )
        for o in reply.objs("data")
    )


@dataclass(frozen=True, slots=True)
class SshKey:
    id: int
    name: str
    key: str
    default: bool = False
    created: datetime | None = None
    customer_id: int | None = None

    @property
    def fingerprint_hint(self) -> str:
        """The key type and its last characters: enough to tell keys apart."""
        parts = self.key.split()
        if len(parts) >= 2:
            return f"{parts[0]} …{parts[1][-12:]}"
        return self.key[-16:]


def ssh_key_from_obj(obj: Obj) -> SshKey:
    return SshKey(
        id=obj.req_int("id"),
        name=obj.text("name"),
        key=obj.text("key"),
        default=obj.bool("default"),
        created=obj.datetime("created"),
        customer_id=obj.int("customer_id"),
    )


@total("ssh_keys/list")
def ssh_keys_from_json(data: object) -> tuple[SshKey, ...]:
    reply = Obj(data, "ssh_keys/list")
    return tuple(ssh_key_from_obj(o) for o in reply.objs("sshkeys"))


@total("ssh_keys/add")
def ssh_key_from_json(data: object) -> SshKey:
    return ssh_key_from_obj(Obj(data, "ssh_keys/add").req_obj("sshkey"))


@dataclass(frozen=True, slots=True)
class RemoteHandsRequest:
    id: int
    server_id: int | None
    type: str
    status: str = ""
    priority: str = ""
    origin: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    location: str = ""
    server_name: str = ""
    request: str = ""
    assignee: str = ""
    ticket: str = ""
    #: Its conversation, where invapi sent one with it (None: not sent, not "no comments").
    history: tuple[RhrComment, ...] | None = None


@total("rhr")
def remote_hands_from_json(data: object) -> tuple[RemoteHandsRequest, ...]:
    reply = Obj(data, "rhr")
    return tuple(
        RemoteHandsRequest(
            id=o.req_int("id"),
            server_id=o.int("eq_id"),
            type=o.text("type"),
            status=o.text("status"),
            priority=o.text("priority"),
            origin=o.text("request_origin"),
            created=o.datetime("created_at"),
            updated=o.datetime("updated_at"),
            location=o.text("eq_location"),
            server_name=o.text("eq_name"),
            request=o.text("request", single_line=False),
            assignee=o.text("assignee"),
            ticket=o.text("ticket"),
            # assumed: S9 shows `history` only in rhr/chat's reply; a request object that
            # carries one too is read the same way.
            history=comments_of(o.get("history"), "rhr.history") if o.has("history") else None,
        )
        for o in reply.objs("requests")
    )


# -- checks made before anything is sent ---------------------------------------------------

NOTIFY_METHODS = ("none", "email", "webhook")
RHR_TYPES = {
    "KVM": "attach an IP KVM to the server",
    "UNBLOCK": "lift a block on the server",
    "SERVICE": "any other work in the datacentre",
}
_SSH_KEY = re.compile(
    r"(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)"
    r"@openssh\.com) [A-Za-z0-9+/]{16,}={0,3}( .*)?"
)


def check_key_name(name: str) -> str | None:
    if not name.strip():
        return "A name is needed (it tells the keys apart)."
    if len(name) > 64:
        return "At most 64 characters."
    return None


def key_ips(text: str) -> tuple[str, ...]:
    """The allowed addresses as typed: separated by commas or spaces."""
    return tuple(p for p in re.split(r"[\s,]+", text.strip()) if p)


def check_key_ips(text: str) -> str | None:
    """Every part an IP address or network (empty: the key works from anywhere)."""
    for part in key_ips(text):
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            return f"{part!r} is not an IP address or network (10.0.0.2, 10.4.6.0/24)."
    return None


def check_notify(method: str, address: str, *, for_server: bool) -> str | None:
    """The login notification: invapi wants `none` for a server's key."""
    if method not in NOTIFY_METHODS:
        return "Notify by none, email or webhook."
    if for_server and method != "none":
        return "A server's key takes no login notification (invapi asks for none)."
    if method == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address.strip()):
        return "An e-mail address to notify."
    if method == "webhook" and not address.strip().startswith("https://"):
        return "An https:// address to call."
    return None


def check_ssh_public_key(text: str) -> str | None:
    """An OpenSSH public key on one line; a private key is refused outright."""
    key = text.strip()
    if "PRIVATE KEY" in key:
        return "That is a private key: never paste it anywhere. Paste the .pub file's line."
    if not key:
        return "Paste the public key (the line of ~/.ssh/id_ed25519.pub or similar)."
    if "\n" in key or not _SSH_KEY.fullmatch(key):
        return "Not an OpenSSH public key (ssh-ed25519 AAAA… comment)."
    return None


def check_new_pin(pin: str) -> str | None:
    # assumed: the documentation names no PIN format; the simulator and this check take 4 to
    # 8 digits, as the control panel's PIN field does.
    if not re.fullmatch(r"\d{4,8}", pin):
        return "4 to 8 digits."
    return None
