"""Opt-in faults, switchable per endpoint: the bad days a real API has.

A rule matches `resource/action`, `resource/*` or `*`, fires `times` times (or forever) and does
one thing:

- `latency`: answer after `value` seconds.
- `slow`: answer after `value` seconds of the world's clock (a test's manual clock: a 10 s reply
  that costs no real time). In-process it is waited for whatever the client's read timeout;
  a request that times out is `hang`.
- `status`: answer HTTP `value` (e.g. 503) without doing anything.
- `rate_limit`: answer 429 with `Retry-After: value`.
- `hang`: never answer, and do nothing (in-process, the client's read timeout then fires on the
  world's clock, as httpx's would over a socket).
- `malformed`: answer with broken JSON, and do nothing.
- `drop_reply`: do the work, then lose the reply (the connection closes).
- `garble`: do the work, then answer with a reply that cannot be read; `value` picks how
  (see `GARBLES`): an HTML page with 200, a body that claims gzip and is not, a 302, a 524,
  a 408, JSON of the wrong shape. invapi did it; the app cannot know.
- `expire_token`: end every session before handling the request.
- `never_finish`: async keys created by the request stay "Not ready" forever.
- `lose_task`: async keys created by the request are gone at once ("AsyncKey not found").
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = frozenset(
    {
        "latency",
        "slow",
        "status",
        "rate_limit",
        "hang",
        "malformed",
        "drop_reply",
        "garble",
        "expire_token",
        "never_finish",
        "lose_task",
    },
)


#: The forms of `garble`, by `value`.
GARBLES = ("html_200", "bad_gzip", "redirect_302", "status_524", "status_408", "wrong_shape")


@dataclass
class FaultRule:
    kind: str
    match: str = "*"
    value: float = 0.0
    times: int | None = None  # None: every matching request
    fired: int = 0

    def matches(self, resource: str, action: str) -> bool:
        if self.times is not None and self.fired >= self.times:
            return False
        if self.match == "*":
            return True
        want_resource, _, want_action = self.match.partition("/")
        return want_resource == resource and want_action in ("*", "", action)


@dataclass
class Faults:
    rules: list[FaultRule] = field(default_factory=list)

    def add(
        self, kind: str, match: str = "*", value: float = 0.0, times: int | None = None
    ) -> FaultRule:
        """Switch a fault on; returns the rule (its `fired` counts how often it struck)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(KINDS)}")
        rule = FaultRule(kind=kind, match=match, value=value, times=times)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def take(self, resource: str, action: str) -> list[FaultRule]:
        """The rules that strike this request (each counted as fired)."""
        struck = [rule for rule in self.rules if rule.matches(resource, action)]
        for rule in struck:
            rule.fired += 1
        return struck
