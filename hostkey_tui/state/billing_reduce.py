"""The billing events, part by part: each part of billing is read, and fails, on its own."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from hostkey_tui.state.events import (
    BillingPartFailed,
    BillingReadCalledOff,
    BillingReadStarted,
    CancellationsRead,
    ClientRead,
    ContactsRead,
    CreditsRead,
    InvoicesProgress,
    InvoicesRead,
    TransactionsRead,
)
from hostkey_tui.state.state import AppState, Billing, BillingPart

if TYPE_CHECKING:
    from hostkey_tui.models.billing import CancellationRequest

BillingEvent = (
    BillingReadStarted
    | BillingPartFailed
    | BillingReadCalledOff
    | ClientRead
    | InvoicesProgress
    | InvoicesRead
    | CreditsRead
    | TransactionsRead
    | ContactsRead
    | CancellationsRead
)


def cancellations_by_server(
    requests: tuple[CancellationRequest, ...],
) -> MappingProxyType[int, CancellationRequest]:
    return MappingProxyType({r.server_id: r for r in requests if r.server_id is not None})


def _parts(billing: Billing, name: str, part: BillingPart) -> MappingProxyType[str, BillingPart]:
    return MappingProxyType({**billing.parts, name: part})


def _ended(billing: Billing, name: str) -> int:
    """The reads of `name` still under way once one has ended."""
    return max(0, billing.part(name).reading - 1)


def _read(billing: Billing, name: str, at: float | None, **changes: object) -> Billing:
    """`billing` with `changes`, part `name` read well at `at` (None: when is not known)."""
    held = billing.part(name)
    part = BillingPart(at=held.at if at is None else at, reading=_ended(billing, name))
    return replace(billing, parts=_parts(billing, name, part), **changes)  # type: ignore[arg-type]


def reduce_billing(state: AppState, event: BillingEvent) -> AppState:
    billing = state.billing
    match event:
        case BillingReadStarted(parts):
            started = {
                name: replace(billing.part(name), reading=billing.part(name).reading + 1)
                for name in parts
            }
            billing = replace(billing, parts=MappingProxyType({**billing.parts, **started}))
        case BillingPartFailed(name, message, _at):
            failed = replace(
                billing.part(name), error=message, reading=_ended(billing, name), progress=None
            )
            billing = replace(billing, parts=_parts(billing, name, failed))
        case BillingReadCalledOff(name):
            stopped = replace(billing.part(name), reading=_ended(billing, name), progress=None)
            billing = replace(billing, parts=_parts(billing, name, stopped))
        case ClientRead(client, at):
            billing = _read(billing, "client", at, client=client)
            account = replace(
                state.account,
                email=client.email or state.account.email,
                name=client.name,
                credit=client.credit,
            )
            return replace(state, billing=billing, account=account)
        case InvoicesProgress(done, total):
            going = replace(billing.part("invoices"), progress=(done, total))
            billing = replace(billing, parts=_parts(billing, "invoices", going))
        case InvoicesRead(invoices, at, total, problem):
            read = BillingPart(
                at=at,
                error=problem,
                reading=_ended(billing, "invoices"),
                done=len(invoices),
                total=total,
            )
            billing = replace(billing, invoices=invoices, parts=_parts(billing, "invoices", read))
        case CreditsRead(credits, at):
            billing = _read(billing, "credits", at, credits=credits)
        case TransactionsRead(transactions, at):
            billing = _read(billing, "transactions", at, transactions=transactions)
        case ContactsRead(contacts, at):
            billing = _read(billing, "contacts", at, contacts=contacts)
        case CancellationsRead(requests, at):
            billing = _read(
                billing, "cancellations", at, cancellations=cancellations_by_server(requests)
            )
    return replace(state, billing=billing)
