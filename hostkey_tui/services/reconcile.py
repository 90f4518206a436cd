"""Asking invapi what became of a change whose reply was lost, before it may be sent again.

Each kind of change is read back the way it can be: power by `eq/status`, an order by the
server list, the pending orders and the invoices, a payment by its invoice and the credit, a
zone by reading it, anything about one server by reading that server, keys and contacts by
their lists. What was found settles the change (`ChangeSettled`) and goes to the journal under
the change's id; a read that fails leaves it unsettled, said, until `r` asks again.

This module reads through the other services, so none of them imports it, nor does `context`
or `changes`: `attach` hands `reconcile` to a session's `ChangeBook` (called by `session.sign_in`,
the one that starts a session, and so the asking). The reads are imported where they are used,
so that billing, dns and account are not loaded before the first frame.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from hostkey_tui.api.errors import ApiError, InvapiError
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.audit import Entry
from hostkey_tui.services.changes import POWER_ENDPOINTS, server_of
from hostkey_tui.state.events import ChangeSettled, ChangeUnsettled, ServerIdsListed

if TYPE_CHECKING:
    from hostkey_tui.services.context import Services
    from hostkey_tui.state.state import Unsettled

log = logging.getLogger("hostkey_tui.reconcile")


def attach(services: Services) -> None:
    """From now on, a change of these services whose outcome is unknown is asked about."""
    services.changes.reconciler = functools.partial(reconcile, services)


async def reconcile(services: Services, entry: Unsettled) -> None:
    about = dict(entry.about)
    services.changes.asking.add(entry.key)
    try:
        found = await _find_out(services, entry.endpoint, about)
    except InvapiError as error:
        _not_asked(services, entry, f"{error.title}: {error.message}")
        return
    except Exception as error:  # never a change stuck "asking" for good: said, r asks again
        log.exception("asking invapi about %s failed", entry.endpoint)
        _not_asked(services, entry, f"{type(error).__name__} while asking")
        return
    finally:
        services.changes.asking.discard(entry.key)
    services.store.dispatch(ChangeSettled(entry.key, found))
    _journal(services, entry, "reconciled", found)


def _not_asked(services: Services, entry: Unsettled, why: str) -> None:
    left = replace(entry, status="unknown", message=why[:300])
    services.store.dispatch(ChangeUnsettled(left))
    _journal(services, entry, "unknown", f"invapi could not be asked: {why}")


def _journal(services: Services, entry: Unsettled, outcome: str, message: str) -> None:
    services.write_journal(
        Entry(
            services.clock.now(),
            services.profile,
            entry.endpoint,
            services.changes.targets_of(entry.endpoint, dict(entry.about)) or (entry.what,),
            outcome,
            message[:500],
            change=entry.change,
            endpoint=entry.endpoint,
        )
    )


async def _find_out(services: Services, endpoint: str, about: Mapping[str, str]) -> str:
    server = server_of(endpoint, about)
    if endpoint in POWER_ENDPOINTS and server is not None:
        return await _power(services, endpoint, server)
    if endpoint == "eq/order_instance" and server is None:
        return await _order(services, about)
    if endpoint == "whmcs/apply_credit" and about.get("invoice_id", "").isdigit():
        return await _payment(services, int(about["invoice_id"]))
    if endpoint in ("whmcs/create_addfunds", "whmcs/mass_pay"):
        return await _new_invoice(services, about)
    if endpoint in ("pdns/add_domain", "pdns/delete_domain"):
        return await _domain(services, endpoint, about)
    if endpoint == "iso/upload":
        from hostkey_tui.services.iso_upload import find_out  # its uploads list

        return await find_out(services, dict(about))
    if endpoint.startswith("pdns/") and ("zone" in endpoint or "subdomain" in endpoint):
        from hostkey_tui.services import dns_zones  # zones and subdomains: their lists

        return await dns_zones.find_out(services, endpoint, about)
    if endpoint.startswith("pdns/") and about.get("zone"):
        from hostkey_tui.services.dns import read_zone

        await read_zone(services, about["zone"].rstrip("."))
        return f"zone {about['zone']} read again: look at its records before repeating it"
    if endpoint == "eq/rename_server" and server is not None and about.get("hostname"):
        return await _renamed(services, server, about["hostname"])
    if endpoint.startswith("vm/") and server is not None and about.get("name"):
        return await _snapshot(services, endpoint, server, about["name"])
    if server is not None:
        return await _server(services, endpoint, server)
    return await _account_list(services, endpoint)


async def _snapshot(services: Services, endpoint: str, server_id: int, name: str) -> str:
    from hostkey_tui.services.servers import refresh_server
    from hostkey_tui.services.snapshots import reconcile_change

    server = services.store.state.servers.get(server_id) or await refresh_server(
        services, server_id
    )
    return await reconcile_change(services, server, endpoint, name)


async def _renamed(services: Services, server_id: int, wanted: str) -> str:
    from hostkey_tui.services.rename import same_name
    from hostkey_tui.services.servers import refresh_server

    shown = (await refresh_server(services, server_id)).hostname
    if same_name(shown, wanted):
        return f"it happened: eq/show gives {shown}"
    return f"eq/show still gives {shown}, not {wanted}: look again before repeating it"


async def _power(services: Services, endpoint: str, server_id: int) -> str:
    from hostkey_tui.services.power import Target, check_status

    known = services.store.state.servers.get(server_id)
    hostname = known.hostname if known else f"server {server_id}"
    job = await check_status(services, Target(server_id, hostname), quiet=True)
    if job.state is not TaskState.DONE:
        raise ApiError(f"the power status of {hostname} could not be read ({job.message})")
    power = services.store.state.power.get(server_id)
    on = power.on if power else None
    if on is None:
        return f"{hostname}'s power was read ({job.message}); whether it changed is not clear"
    state = "on" if on else "off"
    if endpoint == "eq/reboot" or (endpoint == "eq/on" and on) or (endpoint != "eq/on" and not on):
        if endpoint == "eq/reboot":
            return f"{hostname} is {state}; whether it rebooted cannot be read from invapi"
        return f"it happened: {hostname} is {state}"
    return (
        f"{hostname} is still {state}: the change did not happen, or is still under way "
        "(a power task takes a while); look again before repeating it"
    )


#: Seconds before an order that shows no sign at invapi is looked for again: invapi may still
#: be taking it when the first look comes.
ORDER_SECOND_LOOK = 30.0


async def _order(services: Services, about: Mapping[str, str]) -> str:
    seen = await _order_signs(services, about)
    if not seen:
        await services.clock.sleep(ORDER_SECOND_LOOK)
        seen = await _order_signs(services, about)
    if seen:
        return "it happened: invapi shows " + "; ".join(seen)
    if not about.get("max_server"):
        return (
            "no deploy is seen, but the server list before the order was not known, so it "
            "cannot be told whether it went through: look at Billing (2) and the server list "
            "before ordering again"
        )
    return (
        "no sign of it at invapi (no new server, deploy, pending order or invoice): "
        "it did not go through"
    )


async def _order_signs(services: Services, about: Mapping[str, str]) -> list[str]:
    inventory = await services.client.eq.update_servers()
    services.store.dispatch(ServerIdsListed(inventory.server_ids))
    seen: list[str] = []
    if about.get("max_server", "").isdigit():
        max_server = int(about["max_server"])
        new_servers = [i for i in inventory.server_ids if i > max_server]
        if new_servers:
            seen.append("new server " + ", ".join(str(i) for i in new_servers[:5]))
        if any(b.id > max_server for b in inventory.billing_servers):
            seen.append("an order waiting for payment or set-up")
    if len(inventory.deploy_keys) > int(about.get("deploys") or 0):
        seen.append("a deploy under way")
    seen += await _invoices_since(services, about)
    return seen


async def _invoices_since(services: Services, about: Mapping[str, str]) -> list[str]:
    if not about.get("max_invoice", "").isdigit():
        return []
    invoices = await services.client.whmcs.get_invoices()
    newer = [i for i in invoices if i.id > int(about["max_invoice"])]
    return [f"new invoice {i.number or i.id} ({i.total.display()})" for i in newer[:3]]


async def _new_invoice(services: Services, about: Mapping[str, str]) -> str:
    found = await _invoices_since(services, about)
    if found:
        return "it happened: invapi shows " + "; ".join(found)
    invoices = await services.client.whmcs.get_invoices()
    return (
        f"invoices read again ({len(invoices)}): look for the new one before repeating it"
        if invoices
        else "no invoice was made: it did not go through"
    )


async def _payment(services: Services, invoice_id: int) -> str:
    from hostkey_tui.services.billing import MONEY_PARTS, read_invoice
    from hostkey_tui.services.billing_reads import load_billing

    await load_billing(services, MONEY_PARTS)
    detail = await read_invoice(services, invoice_id)
    status = detail.invoice.status or "unknown"
    if status.lower() == "paid":
        return f"it happened: invoice {invoice_id} is paid"
    return f"invoice {invoice_id} is {status} (balance {detail.balance.display()})"


async def _server(services: Services, endpoint: str, server_id: int) -> str:
    from hostkey_tui.services.servers import refresh_server

    server = await refresh_server(services, server_id)
    if endpoint.startswith("tags/"):
        from hostkey_tui.services.tags import read_tags

        await read_tags(services, server_id)
    return (
        f"{server.hostname} read again (status {server.status or 'unknown'}): look at it "
        "before repeating the change"
    )


async def _account_list(services: Services, endpoint: str) -> str:
    from hostkey_tui.services import account

    family = endpoint.partition("/")[0]
    if family == "api_keys":
        keys = await account.load_api_keys(services)
        return f"API keys read again ({len(keys)}): look for the change before repeating it"
    if family == "ssh_keys":
        ssh = await account.load_ssh_keys(services)
        return f"SSH keys read again ({len(ssh)}): look for the change before repeating it"
    if endpoint == "jira/request_assistance":
        # A sales ticket is in no list invapi gives: sales answer by e-mail.
        return "no read shows a sales ticket: look for sales' e-mail before asking again"
    if family in ("rhr", "jira"):
        requests = await account.load_remote_hands(services)
        return f"requests read again ({len(requests)}): look for it before repeating it"
    if family == "whmcs":
        from hostkey_tui.services.billing_reads import load_billing

        parts = ("client", "contacts")
        await load_billing(services, parts)
        # the billing reads say their failures in the state, never by raising
        billing = services.store.state.billing
        failed = [f"{p}: {billing.part(p).error}" for p in parts if billing.part(p).error]
        if failed:
            raise ApiError("billing could not be read again (" + "; ".join(failed) + ")")
        return "the account and its contacts read again: look for the change before repeating it"
    return (
        f"invapi has no read that shows what {endpoint} did: look in the web panel before "
        "repeating it"
    )


async def _domain(services: Services, endpoint: str, about: Mapping[str, str]) -> str:
    """A domain added or deleted: the domain list shows whether it is there."""
    from hostkey_tui.services.dns import load_domains, zone_key

    name = about.get("name") or about.get("zone") or ""
    domains = await load_domains(services)
    there = any(zone_key(d.name) == zone_key(name) for d in domains) if name else None
    if there is None:
        return "the domain list was read again: look at it before repeating the change"
    if endpoint == "pdns/add_domain":
        return f"it happened: {name} is listed" if there else f"it did not happen: no {name}"
    return f"{name} is still listed: it did not happen" if there else f"it happened: {name} is gone"
