"""A documentation replay invapi: it answers only with the documentation's own example replies.

The simulator (`hostkey_tui.simulator`) is ours, so it tends to agree with our client. This
replay is the other check: an in-process httpx transport (`DocReplayTransport`, built like
`SimulatorTransport`) whose every answer is one of the repaired example replies in
`tests/data/doc_examples/*.json`, as the documentation prints them, and whose every other
answer is invapi's refusal of an unknown action. An app walked against it shows what a real
account would show if invapi answered exactly as documented, and shows, in place, each part the
documentation gives no reply for.

The rules (`server.py` holds them, each with the reason):

- `auth/login` gives the documented login reply (its token, the servers 34533, 32645 and 17405,
  the documented permissions); every call that takes a token must carry that token.
- `eq/show` gives the one documented server, whatever id is asked; the billing, catalog and
  api_keys reads give their examples.
- The async actions the documentation shows with a direct, final reply (`eq/sensors`,
  `eq/console`, `eq/add_ipmi_user`, `net/get_status`, `eq/check_pin`) answer with it at once;
  `eq_callback/check` for any key but the documented install stage then says
  `AsyncKey not found`, because invapi deletes a key once its result was given.
- `PIN` is the right PIN. A wrong or missing PIN, on `eq/check_pin` or on any action documented
  with a `pin`, gets exactly the documented failure (`Invalid pin code`, debug
  `Blocked For Security Purposes`). The right PIN on `eq/check_pin` gets the same envelope with
  scope `OK` (assumed: the documentation shows only the failure).
- Anything else is refused as invapi refuses an unknown action.

`transport.requests` is the request log (resource, action, form, reply) for assertions.
"""

from tests.docreplay.server import (
    ASYNC_KEY_NOT_FOUND,
    DOC_DIR,
    PIN,
    TOKEN,
    WRONG_PIN,
    DocReplayTransport,
    Logged,
    doc_example,
)

__all__ = [
    "ASYNC_KEY_NOT_FOUND",
    "DOC_DIR",
    "PIN",
    "TOKEN",
    "WRONG_PIN",
    "DocReplayTransport",
    "Logged",
    "doc_example",
]
