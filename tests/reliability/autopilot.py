"""A person at the keyboard, reduced to rules: reach a place, press a key, answer every dialog.

The reliability tables drive every mutating action of the app the same way, so the journeys
are data (`JOURNEYS`) and the dialogs are answered by kind (`answer_dialogs`): a PIN is typed,
a typed confirmation is typed, a form is filled from `FILL` (or the journey's own values), a
menu is answered with the journey's choice, a grace countdown is waited out, a secret shown
once is closed. `presses` repeats the key that sends (enter on the PIN, the confirm button,
the form) the way an impatient person would, all before the app has handled the first.

The person is tests/ui/driver.py's `Driver`; a journey names its keys by their binding ids in
the registry (hostkey_tui/ui/keys.py), as `[keymap]` does, and the driver presses what the app
binds to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from textual.widgets import Button, Checkbox, DataTable, Static

from hostkey_tui.config.model import ApiSettings, Config
from hostkey_tui.simulator.faults import FaultRule
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.once import ShownOnce
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.server.cancel import CancelModal
from tests.ui.driver import Driver, press_button

PIN = "1234"
#: A request that hangs times out after 0.3 s of the test's clock: the simulator counts the read
#: timeout on it, as httpx would in real time over a socket. The total is a real-time backstop.
FAST = Config(api=ApiSettings(connect_timeout=0.5, read_timeout=0.3, total_timeout=60))
BM, VM = 40053, 34533  # de-db-02 (bare metal), nl-vmmini (virtual)

#: What a person types into an empty field of that name (a journey may say otherwise).
FILL = {
    "name": "ci-check",
    "value": "yes",
    "amount": "10.00",
    "firstname": "Ada",
    "lastname": "Lovelace",
    "email": "ada@example.com",
    "phone": "+31 20 000 0000",
    "root_pass": "Reliab1e-Root-Pass",
    "current": PIN,
    "new": "5678",
    "again": "5678",
    "content": "192.0.2.10",
    "reason": "",
    "hours": "2",
}


@dataclass(frozen=True)
class Journey:
    """One mutating action as a person reaches it. Keys are named by their binding id in the
    registry (hostkey_tui/ui/keys.py): the driver presses what the app binds to it now."""

    action: str  # the binding id of the key that starts it ("billing.pay")
    place: str  # "detail", "dns", "billing", "account", "invoice", "servers", "order"
    sends: tuple[str, ...]  # the mutating endpoints it sends ("eq/reboot"), each once
    before: tuple[str, ...] = ()  # binding ids pressed there first (a row marked, say)
    server: int = BM
    tab: str = ""  # the detail/billing/account tab to open first
    choose: tuple[str, ...] = ()  # the menu choices, in order
    fill: Mapping[str, str] = field(default_factory=dict)
    after: str = ""  # a journey done first, without faults (what this one undoes)
    #: Keys (binding ids) pressed first, without faults, to read what the action needs (a PIN
    #: asked is given).
    prepare: tuple[str, ...] = ()
    row: tuple[str, int] | None = None  # a table's row to put the cursor on first (-1: last)
    #: Each fault in an app of its own: the action cannot simply be done again in the same one.
    fresh: bool = False


async def reach(ui: Driver, journey: Journey) -> None:
    """Go where the journey's action is offered, with the data it needs read."""
    app = ui.app
    await ui.calm()
    if journey.place == "detail":
        app.open_server(journey.server)
    elif journey.place == "invoice":
        assert ui.world is not None
        unpaid = [i.id for i in ui.world.invoices.values() if i.status == "Unpaid"]
        app.open_invoice(min(unpaid))
    else:
        app.action_section(journey.place)
        await ui.pause()
        for _ in range(5):  # a server or an invoice opened earlier is left for the list
            if type(app.screen).__name__ not in (
                "ServerDetailScreen",
                "InvoiceScreen",
                "RequestScreen",
            ):
                break
            await ui.press("escape")
    await ui.calm()
    if journey.place == "order":
        await _through_the_order(ui)
    if journey.tab:
        await ui.tab(journey.tab)
        await ui.calm()
    for binding_id in journey.prepare:
        await ui.pilot.press(ui.bound(binding_id))
        for _ in range(20):
            await ui.pause()
            screen = app.screen
            if not isinstance(screen, PinModal):
                break
            pin = screen.query_one("#pin", TextInput)
            if not pin.disabled:
                pin.value = PIN
                await ui.pause()
                await pin.action_submit()
            assert ui.clock is not None
            ui.clock.advance(0.5)
        await ui.calm()
    if journey.row is not None:
        selector, index = journey.row
        table = app.screen.query_one(selector, DataTable)
        table.move_cursor(row=index % table.row_count)
        await ui.pause()


async def start(ui: Driver, journey: Journey) -> None:
    """Press the journey's keys there: the ones before, then the action's own."""
    await ui.pilot.press(
        *(ui.bound(binding_id) for binding_id in (*journey.before, journey.action))
    )


async def answer_dialogs(
    ui: Driver, journey: Journey, *, presses: int = 1, limit: int = 80
) -> list[str]:
    """Answer each dialog as it comes until none is left; the kinds met, in order."""
    app, pilot, clock = ui.app, ui.pilot, ui.clock
    assert clock is not None
    met: list[str] = []
    choices = list(journey.choose)
    quiet = 0
    for _ in range(limit):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, PinModal):
            field_ = screen.query_one("#pin", TextInput)
            if field_.disabled:
                clock.advance(0.5)  # being checked
                continue
            problem = str(screen.query_one("#pin-problem", Static).render())
            if met[-1:] == ["pin"] and problem:
                return [*met, f"pin refused: {problem}"]  # the check failed (a fault, say)
            met.append("pin")
            field_.value = PIN
            await pilot.pause()
            for _ in range(presses):  # all before the app has handled the first
                await field_.action_submit()
        elif isinstance(screen, ConfirmModal):
            met.append("confirm")
            if screen.typed:
                screen.query_one("#confirm-typed", TextInput).value = screen.typed
                await pilot.pause()
            press_button(screen.query_one("#confirm", Button), presses)
        elif isinstance(screen, CancelModal):
            met.append("cancel-server")
            screen.query_one("#typed", TextInput).value = screen.hostname
            await pilot.pause()
            press_button(screen.query_one("#cancel-server", Button), presses)
        elif isinstance(screen, FormModal):
            if met[-1:] == ["form"] and _form_problems(screen):
                return [*met, f"form refused: {_form_problems(screen)}"]
            met.append("form")
            for spec in screen.fields:
                wanted = journey.fill.get(spec.name)
                if spec.toggle:
                    if wanted is not None:
                        screen.query_one(f"#field-{spec.name}", Checkbox).value = bool(wanted)
                    continue
                widget = screen.query_one(f"#field-{spec.name}", TextInput)
                if wanted is not None:
                    widget.value = wanted
                elif not widget.value and spec.name in FILL:
                    widget.value = FILL[spec.name]
            await pilot.pause()
            press_button(screen.query_one("#form-submit", Button), presses)
        elif isinstance(screen, ChooseOne):
            keys = [choice.key for choice in screen.choices]
            if not choices:
                return [*met, f"menu not answered: {keys}"]
            wanted = choices.pop(0) or keys[0]  # "": the first offered
            if wanted not in keys:
                return [*met, f"menu has no {wanted!r}: {keys}"]
            met.append(f"menu:{wanted}")
            await pilot.press(*(["down"] * keys.index(wanted)), "enter")
        elif isinstance(screen, GraceCountdown):
            if met[-1:] != ["grace"]:
                met.append("grace")
            clock.advance(1)
        elif isinstance(screen, ShownOnce):
            met.append("shown once")
            await pilot.press("escape", "escape")
        elif any(w.group == "flow" and not w.is_finished for w in app.workers):
            clock.advance(0.5)  # the flow reads something before it asks
            quiet = 0
        else:
            quiet += 1  # a dialog may still be on its way from a key just pressed
            if quiet >= 3:
                return met
            continue
        quiet = 0
    raise AssertionError(f"the dialogs never ended: {met}")


async def act(ui: Driver, journey: Journey, *, presses: int = 1) -> list[str]:
    """The journey's keys pressed and every dialog answered; the kinds of dialog met."""
    await start(ui, journey)
    return await answer_dialogs(ui, journey, presses=presses)


async def _through_the_order(ui: Driver) -> None:
    """The order wizard up to its summary: a VM in NL with Ubuntu, no software, monthly."""
    from hostkey_tui.ui.order.screen import OrderScreen

    screen = ui.screen
    assert isinstance(screen, OrderScreen)
    for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
        names = [getattr(r, "name", None) or str(getattr(r, "id", r)) for r in screen.rows]
        assert label in names, names
        screen.query_one("#choices", DataTable).move_cursor(row=names.index(label))
        await ui.pilot.press("enter")
        await ui.calm()
    await ui.pilot.press("enter")  # the details form
    details = Journey("order.details", "order", (), fill={"hostname": "ci-web-01"})
    await answer_dialogs(ui, details)
    await ui.calm()
    names = [getattr(r, "name", None) or str(getattr(r, "id", r)) for r in screen.rows]
    screen.query_one("#choices", DataTable).move_cursor(row=names.index("monthly"))
    await ui.pilot.press("enter")
    await ui.calm()
    assert screen.step == "summary", screen.step


def _form_problems(screen: FormModal) -> str:
    texts = [str(widget.render()) for widget in screen.query(".problem").results(Static)]
    return " | ".join(text for text in texts if text.strip())


_NET, _REMOTE, _REINSTALL, _TAGS = "tab-network", "tab-remote", "tab-reinstall", "tab-tags"
_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOx3rvRpS9gL6M0eY2Wc8xS1kqvW9dO5hG3nQk2b7a1Z ci@x"

#: Every mutating action of the app, as a person reaches it, and what it sends.
JOURNEYS = (
    Journey("detail.power", "detail", ("eq/reboot",), choose=("reboot",)),
    Journey(
        "detail.rename",
        "detail",
        ("eq/rename_server",),
        fill={"hostname": "renamed-01.example.com"},
        # once renamed, the same name again sends nothing
        fresh=True,
    ),
    Journey(
        "servers.power",
        "servers",
        ("eq/off", "eq/off"),
        # the same two servers each time
        before=("servers.unmark", "table.first", "servers.mark", "servers.mark"),
        choose=("off",),
    ),
    Journey(
        "servers.tag",
        "servers",
        ("tags/add",),
        before=("servers.unmark", "table.first", "servers.mark"),
    ),
    Journey("detail.generate", "detail", ("whmcs/generate_due_invoice",), tab="tab-billing"),
    Journey("detail.cancel", "detail", ("whmcs/request_cancellation",)),
    Journey(
        "detail.withdraw", "detail", ("whmcs/delete_cancellation_request",), after="detail.cancel"
    ),
    Journey(
        "detail.port",
        "detail",
        ("net/port_off",),
        tab=_NET,
        choose=("off",),
        # the port's name comes from its status, read with the PIN
        prepare=("detail.port_status",),
    ),
    Journey("detail.ptr", "detail", ("ip/update_ptr",), tab=_NET),
    Journey("detail.main_ip", "detail", ("ip/set_main",), before=("table.down",), tab=_NET),
    Journey("detail.block", "detail", ("net/block_ip",), tab=_NET, fill={"reason": "abuse"}),
    Journey("detail.unblock", "detail", ("net/unblock_ip",), tab=_NET, after="detail.block"),
    Journey("detail.add_ipv4", "detail", ("net/add_ipv4",), tab=_NET, fill={"amount": "1"}),
    # the second row: de-db-02's extra address (the main one is never offered)
    Journey("detail.remove_ipv4", "detail", ("net/remove_ipv4",), before=("table.down",), tab=_NET),
    Journey("detail.nat_open", "detail", ("nat/add_static_nat",), tab=_REMOTE),
    Journey(
        "detail.nat_close",
        "detail",
        ("nat/remove_static_nat",),
        tab=_REMOTE,
        after="detail.nat_open",
    ),
    Journey("detail.ipmi_user", "detail", ("eq/add_ipmi_user",), tab=_REMOTE),
    Journey(
        "detail.ipmi_remove",
        "detail",
        ("eq/remove_ipmi_user",),
        tab=_REMOTE,
        after="detail.ipmi_user",
    ),
    Journey("detail.ipmi_reset", "detail", ("eq/unit_reset",), tab=_REMOTE),
    Journey("detail.console", "detail", ("eq/console",), server=VM, tab=_REMOTE),
    Journey("detail.novnc", "detail", ("eq/novnc",), server=VM, tab=_REMOTE),
    Journey("detail.mount", "detail", ("iso/mount_iso",), server=VM, tab=_REMOTE),
    Journey("detail.unmount", "detail", ("iso/unmount_iso",), server=VM, tab=_REMOTE),
    Journey(
        "detail.upload_iso",
        "detail",
        ("iso/upload",),
        server=VM,
        tab=_REMOTE,
        fill={"url": "https://example.com/isos/autopilot.iso", "name": "autopilot.iso"},
        # once uploaded, the same name again is refused by invapi (assumed in the simulator)
        fresh=True,
    ),
    Journey(
        "detail.boot",
        "detail",
        ("eq/boot_dev",),
        server=VM,
        tab=_REMOTE,
        choose=("cd",),
        after="detail.mount",
    ),
    Journey(
        "detail.remote_hands",
        "detail",
        ("jira/request_reboot",),
        tab=_REMOTE,
        choose=("request_reboot",),
    ),
    Journey(
        "detail.reinstall",
        "detail",
        ("eq/order_instance",),
        server=VM,
        tab=_REINSTALL,
        choose=("", ""),
        # The reinstall alone: "snapshot first" (on by default) is a change of its own, whose
        # failures stop the reinstall (tests/ui/test_vm_snapshots_ui.py).
        fill={"snapshot_first": ""},
    ),
    Journey("detail.pxe_next", "detail", ("eq/reinstall",), tab=_REINSTALL),
    Journey(
        "detail.snapshot_take",
        "detail",
        ("vm/create_snapshot",),
        server=VM,
        tab="tab-snapshots",
        fill={"name": "ci-snap-1"},
        fresh=True,  # once taken, the same name is refused
    ),
    # de-app-01 (40052) starts with one snapshot, under the cursor once the list is read
    Journey(
        "detail.snapshot_restore",
        "detail",
        ("vm/restore_snapshot",),
        server=40052,
        tab="tab-snapshots",
    ),
    # invapi removes one only while the VM is off; de-app-01 is on and the app knows it: said
    # before anything is sent (the UI test removes one from a VM that is off)
    Journey("detail.snapshot_remove", "detail", (), server=40052, tab="tab-snapshots"),
    Journey("detail.pxe_drop", "detail", (), tab=_REINSTALL, after="detail.pxe_next"),
    Journey("detail.new_tag", "detail", ("tags/add",), tab=_TAGS),
    Journey(
        "detail.edit_tag",
        "detail",
        ("tags/add",),
        tab=_TAGS,
        fill={"value": "changed"},
        after="detail.new_tag",
        row=("#tags-table", -1),
    ),
    Journey(
        "detail.remove_tag",
        "detail",
        ("tags/remove",),
        tab=_TAGS,
        after="detail.new_tag",
        row=("#tags-table", -1),
    ),
    Journey("dns.new", "dns", ("pdns/add_dns",)),
    Journey("dns.edit", "dns", ("pdns/add_dns",)),
    Journey("dns.delete", "dns", ("pdns/delete_dns",)),
    Journey("dns.add_domain", "dns", ("pdns/add_domain",), fill={"name": "ci-check.example"}),
    Journey("dns.delete_domain", "dns", ("pdns/delete_domain",)),
    # the zones dialog (`z`) and the subdomains dialog (`u`), opened first
    Journey(
        "dnszones.add",
        "dns",
        ("pdns/add_zone",),
        prepare=("dns.zones",),
        fill={"name": "ci-zone.example"},
        fresh=True,  # the same zone again is refused: it exists
    ),
    Journey("dnszones.delete", "dns", ("pdns/delete_zone",), prepare=("dns.zones",)),
    Journey(
        "dnssubs.add",
        "dns",
        ("pdns/add_subdomain",),
        prepare=("dns.subdomains",),
        fill={"name": "ci-sub"},
        fresh=True,
    ),
    Journey(
        "dnssubs.edit",
        "dns",
        ("pdns/edit_subdomain",),
        prepare=("dns.subdomains",),
        fill={"server": "40021"},
        fresh=True,  # once moved, the row is another server's
    ),
    Journey("dnssubs.delete", "dns", ("pdns/delete_subdomain",), prepare=("dns.subdomains",)),
    Journey(
        "billing.mass_pay",
        "billing",
        ("whmcs/mass_pay",),
        before=("billing.mark", "table.down", "billing.mark"),
        tab="tab-invoices",
        fresh=True,
    ),
    Journey("billing.pay", "billing", ("whmcs/apply_credit",), tab="tab-invoices"),
    Journey("billing.funds", "billing", ("whmcs/create_addfunds",)),
    Journey(
        "billing.edit",
        "billing",
        ("whmcs/update_client",),
        tab="tab-account",
        fill={"city": "Rotterdam"},
    ),
    Journey(
        "billing.settings",
        "billing",
        ("whmcs/update_client",),
        tab="tab-account",
        fill={"auto_pay": "1"},
    ),
    Journey(
        "billing.password",
        "billing",
        ("whmcs/reset_password",),
        tab="tab-account",
        fill={"email": "john@example.com"},
    ),
    Journey(
        "billing.new_contact",
        "billing",
        ("whmcs/add_contact", "whmcs/update_contact"),
        tab="tab-contacts",
    ),
    Journey("billing.delete_contact", "billing", ("whmcs/delete_contact",), tab="tab-contacts"),
    Journey("invoice.pay", "invoice", ("whmcs/apply_credit",)),
    Journey("account.new_key", "account", ("api_keys/add",), tab="tab-api"),
    Journey("account.edit_key", "account", ("api_keys/edit",), tab="tab-api"),
    Journey("account.delete_key", "account", ("api_keys/delete",), tab="tab-api"),
    Journey("account.add_ssh", "account", ("ssh_keys/add",), tab="tab-ssh", fill={"key": _SSH_KEY}),
    Journey("account.delete_ssh", "account", ("ssh_keys/delete",), tab="tab-ssh"),
    Journey(
        "account.new_rhr",
        "account",
        ("rhr/add",),
        tab="tab-rhr",
        choose=("KVM",),
        fill={"server": "de-db-02", "message": "please attach a KVM"},
    ),
    Journey("account.discard_rhr", "account", ("rhr/discard",), tab="tab-rhr"),
    # the first request listed (open ones first): de-db-02's KVM request, opened with enter
    Journey(
        "account.rhr_comment",
        "account",
        ("rhr/chat",),
        tab="tab-rhr",
        before=("account.open_rhr",),
        fill={"message": "the KVM works, thanks"},
    ),
    Journey(
        "account.ask_sales",
        "account",
        ("jira/request_assistance",),
        tab="tab-rhr",
        fill={"subject": "Cancel de-db-02", "message": "at the end of the term, please"},
    ),
    Journey("account.set_pin", "account", ("eq/set_pin",), tab="tab-pin"),
    Journey("order.order", "order", ("eq/order_instance",), fresh=True),
)
BY_ACTION = {journey.action: journey for journey in JOURNEYS}


# -- "invapi did it, the reply was lost" ------------------------------------------------------


@dataclass
class ReadsFailAfter(FaultRule):
    """A fault on every read but signing in and async polls, once `after` has struck as often
    as it may: invapi did the change, and cannot then be asked what became of it (the change
    stays unsettled).

    A rule of the test's own (the simulator may not know which calls are reads): the simulator
    only asks `matches` and reads `kind` and `value`.
    """

    after: FaultRule | None = None

    def matches(self, resource: str, action: str) -> bool:
        from hostkey_tui.api.retry import is_read

        if self.after is not None and self.after.fired < (self.after.times or 1):
            return False
        # Spared: signing in, and the polls of async keys (a PIN check's, in the callback
        # form), which a person's dialog waits on: only the reads that say what happened fail.
        if resource in ("auth", "eq_callback") or not is_read(resource, action):
            return False
        return super().matches(resource, action)


def lose_the_reply(
    world: World, endpoint: str, kind: str, value: float, times: int = 1
) -> tuple[FaultRule, FaultRule]:
    """`endpoint` done by invapi and its reply lost (`garble` or `drop_reply`) `times` times;
    from then on every read answers 503 until the faults are cleared. The two rules."""
    lost = world.faults.add(kind, endpoint, value, times=times)
    blind = ReadsFailAfter(kind="status", value=503.0, after=lost)
    world.faults.rules.append(blind)
    return lost, blind


async def calm_changes(ui: Driver, limit: int = 300) -> None:
    """`Driver.calm`, the app's reconciliations (tasks of their own, not workers) included."""
    for _ in range(limit):
        await ui.calm(limit)
        services = ui.app.services
        if services is None or not services.changes.tasks:
            return
        assert ui.clock is not None
        ui.clock.advance(1)
    raise AssertionError("invapi was never done being asked about a lost change")
