"""Network and Remote tab panels of the server detail, as Content (API text always literal)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.content import Content

from hostkey_tui.models.iso import not_mountable
from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.state.state import ServerNet
from hostkey_tui.ui.kit.text import HIDDEN, display_path, fit, line, literal

NET_JOB_KINDS = ("network", "port", "ipv4")
REMOTE_JOB_KINDS = ("nat", "ipmi", "console", "iso", "boot")


def countdown(seconds: float) -> str:
    """`1 h 59 min 12 s`: what is left, to the second (the NAT and console clocks)."""
    left = max(0, int(seconds))
    hours, rest = divmod(left, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min {secs:02d} s"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def _keys(text: str) -> Content:
    return literal(f"  {text}", "dim")


#: invapi wants the PIN to read the port status, so it is read only when asked.
PORT_PROMPT = "port status: press s to read it (asks for the PIN)"


def port_panel(
    net: ServerNet, server: Server, now: float, read_only: bool, *, reading: bool = False
) -> Content:
    """The switch port: read, being read or changed (a job, with its deadline), not read and
    why, or how to read it."""
    rows = [literal("Switch port", "bold")]
    port = net.port
    if reading:
        rows.append(literal("  reading… (the job below says how far it is)", "dim"))
    elif net.port_error:
        rows.append(literal(f"  not read: {net.port_error}", "yellow"))
    elif port is None:
        rows.append(literal(f"  {PORT_PROMPT}", "bold"))
    if port is not None and not reading:
        link = ("● connected", "bold green") if port.connected else ("○ not connected", "bold red")
        read = (
            f"   (read at {datetime.fromtimestamp(net.port_at, UTC):%H:%M:%S})"
            if net.port_at is not None
            else ""
        )
        where = " on ".join(p for p in (port.port, port.switch) if p)
        rows.append(line("  ", link, "  ", (where, "bold"), (read, "dim")))
        facts = [
            f"interface {port.interface}" if port.interface else "",
            f"VLAN {port.vlan}" if port.vlan else "",
            # `shape` is the port's speed limit now ("port speed limits (if any)", says the
            # documentation): the plan's shaping past its traffic limit is the traffic panel's.
            (f"{port.speed} Mbit/s" if port.speed.isdigit() else port.speed or "speed")
            + (f", limited to {port.shape}" if port.shape else ", not limited"),
            f"port security {port.port_security}" if port.port_security else "",
        ]
        rows.append(literal("  " + " · ".join(f for f in facts if f)))
        if port.macs:
            rows.append(literal("  MAC " + ", ".join(port.macs), "dim"))
    if not reading and (port is not None or net.port_error):
        keys = "s: read it again (asks for the PIN)"
        if port is not None and not read_only:
            keys += " · o: port off or on (PIN)"
        rows.append(_keys(keys))
    if server.interfaces:
        rows.append(literal("Interfaces", "bold"))
        for interface in server.interfaces:
            main = "  main" if interface.main else ""
            known = "  ".join(
                p for p in (interface.mac, interface.status, interface.switch_model) if p
            )
            rows.append(line("  ", (interface.name, "bold"), (main, "bold"), "  ", (known, "dim")))
    if server.kind.is_virtual:
        rows.append(_keys("a VM's port is its virtual interface: off cuts the VM's network"))
    return Content("\n").join(rows)


def ptr_cell(net: ServerNet, ip: str) -> str:
    """The PTR column: the names, "not read" (the panel below says why), or … while reading."""
    if ip in net.ptr_error:
        return "not read"
    record = net.ptr.get(ip)
    return ", ".join(record.values) if record is not None else "…"


def ip_state(address: IpAddress, net: ServerNet, now: float) -> tuple[str, str]:
    """What the state column of an IP says, and its style."""
    if address.locked:
        until = net.block_until.get(address.ip)
        if until is not None:
            return f"blocked, lifts in {countdown(until - now)}", "bold red"
        return "blocked", "bold red"
    return address.status or "—", ""


def ip_panel(address: IpAddress | None, net: ServerNet, now: float, read_only: bool) -> Content:
    """What is known of the IP under the cursor: PTR with its forward check, block, details."""
    if address is None:
        return literal("No IP addresses", "dim")
    rows = [line(("IP ", "dim"), (address.ip, "bold"), ("   main" if address.main else "", "bold"))]
    record = net.ptr.get(address.ip)
    failed = net.ptr_error.get(address.ip)
    if failed:
        rows.append(line(("PTR  ", "dim"), (f"not read: {failed} · r retries", "yellow")))
    elif record is None:
        rows.append(line(("PTR  ", "dim"), ("reading…", "dim")))
    elif not record.values:
        rows.append(line(("PTR  ", "dim"), ("none set", "dim")))
    for name in record.values if record else ():
        check = net.forward.get(f"{address.ip} {name}", "")
        style = "green" if check.startswith("✓") else "dim"
        rows.append(line(("PTR  ", "dim"), (name, "bold"), "  ", (check, style)))
    if address.locked:
        text, style = ip_state(address, net, now)
        since = f" since {address.blocked_since:%Y-%m-%d %H:%M}" if address.blocked_since else ""
        rows.append(line(("State ", "dim"), (text + since, style)))
        if address.description:
            rows.append(line(("Note  ", "dim"), address.description))
        if address.ip not in net.blocked_here:
            rows.append(
                literal(
                    "      not set in this session: if HOSTKEY staff set it (abuse handling), "
                    "only support lifts it",
                    "dim",
                )
            )
    info = net.ip_info.get(address.ip)
    if info is not None:
        for key, value in info.fields:
            if key != "ip":
                rows.append(line((fit(key, 10).ljust(11), "dim"), value))
    keys = "i: details"
    if not read_only:
        keys += " · e: edit PTR · m: make main · b: block · u: unblock"
        rows.append(_keys(keys))
        # the main address is never removed here: only an extra one offers it
        more = "a: add extra IPv4 (PIN)" + ("" if address.main else " · delete: remove this one")
        rows.append(_keys(more))
    else:
        rows.append(_keys(keys))
    return Content("\n").join(rows)


def graph_line(net: ServerNet) -> Content:
    # `~/Downloads/…`: the home folder's own path says nothing and pushes the tab into a scroll
    saved = ", ".join(
        f"{period}: {display_path(Path(path))}" for period, path in net.graphs.items()
    )
    rows = [_keys("H: traffic graph of a day, month or year (asks for the PIN), saved, drawn")]
    if saved:
        rows.append(literal(f"  saved {saved}", "dim"))
    return Content("\n").join(rows)


#: The graph periods net/show_cacti draws (its `graph` 1, 2, 3): in words, and in days.
GRAPH_PERIODS = {
    "day": ("the last 24 hours", 1),
    "month": ("the last 30 days", 30),
    "year": ("the last 12 months", 365),
}


def graph_caption(server: Server, port: str, switch: str, period: str, now: float) -> Content:
    """What a traffic graph shows, said beside it: drawn in cells, the image's own axes,
    legend and times are too small to read.

    # assumed: net/show_cacti is documented as "a graph of port speeds over a period of
    # time"; cacti draws a port's speed in bits per second, in and out, time left to right.
    """
    words, days = GRAPH_PERIODS.get(period, (period, 0))
    end = datetime.fromtimestamp(now, UTC)
    span = ""
    if days:
        start = datetime.fromtimestamp(end.timestamp() - days * 86400, UTC)
        span = f": {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
    where = f" on switch {switch}" if switch and switch != port else ""
    return Content("\n").join(
        [
            line(("Port    ", "dim"), (port, "bold"), f"{where} of ", (server.hostname, "bold")),
            line(("Period  ", "dim"), (words, "bold"), span),
            line(("Unit    ", "dim"), ("bits per second", "bold"), " (port speed), in and out"),
            line(("Axes    ", "dim"), "time left to right; its scale and legend are in the file"),
        ]
    )


def remote_panel(
    server: Server,
    net: ServerNet,
    client_ip: str,
    now: float,
    *,
    revealed: bool,
    read_only: bool,
    viewer: bool,
) -> Content:
    if server.kind.is_virtual:
        return _vm_panel(net, now, revealed=revealed, read_only=read_only, viewer=viewer)
    rows = [literal("IPMI pass-through", "bold")]
    nat = net.nat
    if nat is not None and nat.expires > now:
        rows.append(
            line(
                ("  open  ", "bold green"),
                (nat.public_ip, "bold"),
                ("  from ", "dim"),
                nat.acl,
                ("  closes in ", "dim"),
                (countdown(nat.expires - now), "bold"),
            )
        )
        rows.append(_keys(f"connect to https://{nat.public_ip} with the IPMI user below"))
        if not read_only:
            rows.append(_keys("N: close it now"))
    else:
        if nat is not None:
            rows.append(literal(f"  closed: its {nat.ttl_hours} h ran out", "dim"))
        source = f"from {client_ip} (your address) by default" if client_ip else "from a source"
        rows.append(literal("  none open", "dim"))
        if not read_only:
            rows.append(_keys(f"n: open one (PIN), {source}, for 1 to 24 hours"))
    rows.append(literal(""))
    rows.append(literal("Temporary IPMI user", "bold"))
    user = net.ipmi_user
    if user is None:
        rows.append(literal("  none made this session", "dim"))
        if not read_only:
            rows.append(_keys("a: add one (its password is shown once asked, never saved)"))
    else:
        password = (
            literal(user.password.reveal(), "bold")
            if revealed
            else literal(f"{HIDDEN}  (v shows, y copies)", "dim")
        )
        rows.append(Content.assemble(literal("  user     ", "dim"), literal(user.user, "bold")))
        rows.append(Content.assemble(literal("  password ", "dim"), password))
        if not read_only:
            rows.append(_keys("A: remove it"))
    rows.append(literal(""))
    rows.append(literal("IPMI module", "bold"))
    if server.ipmi_model or server.ipmi_ip:
        # The model says which web console to expect; the address is the BMC's own (private:
        # reached through the pass-through above, not directly).
        rows.append(
            line(
                ("  model ", "dim"),
                (server.ipmi_model or "unknown", "bold"),
                ("  address ", "dim"),
                server.ipmi_ip or "not given",
            )
        )
    rows.append(_keys("the server keeps running while IPMI restarts (a minute or two)"))
    if not read_only:
        rows.append(_keys("R: reset it (PIN)"))
    return Content("\n").join(rows)


def _vm_panel(
    net: ServerNet, now: float, *, revealed: bool, read_only: bool, viewer: bool
) -> Content:
    rows = [literal("Console (SPICE, through remote-viewer)", "bold")]
    console = net.console
    if console is not None:
        left = console.valid_until - now
        rows.append(line(("  file ", "dim"), (console.path, "bold")))
        if left > 0:
            rows.append(
                line(("  its password works for ", "dim"), (countdown(left), "bold yellow"))
            )
        else:
            rows.append(literal("  its password has expired: c asks for a new file", "dim"))
    rows.append(_keys("the console password is valid for 120 seconds from when it is made"))
    if not read_only:
        rows.append(_keys("c: write a new .vv file (PIN), mode 0600"))
    if viewer:
        rows.append(_keys("l: open the file in remote-viewer"))
    else:
        rows.append(_keys("remote-viewer is not installed here: copy the file to a desktop"))
    rows.append(literal(""))
    rows.append(literal("noVNC (in a browser)", "bold"))
    if net.novnc is None:
        if not read_only:
            rows.append(_keys("w: ask for the link"))
    else:
        shown = (
            literal(net.novnc.reveal(), "bold")
            if revealed
            else literal(f"{HIDDEN}  (v shows, y copies, O opens)", "dim")
        )
        rows.append(Content.assemble(literal("  link ", "dim"), shown))
        rows.append(_keys("the link grants access to the console: share it with care"))
    return Content("\n").join(rows)


def iso_panel(net: ServerNet, read_only: bool) -> Content:
    rows = [literal("ISO images", "bold")]
    mounted = net.mounted or "none mounted by this app"
    boot = {"cd": "the ISO (CD)", "disk": "the disk", "": "not changed by this app"}.get(
        net.boot, net.boot
    )
    rows.append(line(("  mounted  ", "dim"), (mounted, "bold" if net.mounted else "dim")))
    rows.append(line(("  boots    ", "dim"), (boot, "bold" if net.boot else "dim")))
    if net.iso_error:
        rows.append(literal(f"  the list could not be read: {net.iso_error}", "yellow"))
    pending = [i.name or i.iso_name for i in net.isos or () if i.own and not_mountable(i)]
    if pending:
        more = f" and {len(pending) - 2} more" if len(pending) > 2 else ""
        shown = ", ".join(fit(n, 30) for n in pending[:2]) + more
        rows.append(literal(f"  yours, not ready to mount: {shown} (r reads again)", "dim"))
    if not read_only:
        rows.append(_keys("M: mount the ISO under the cursor · U: unmount · u: upload yours"))
        rows.append(_keys("B: boot next from the CD or the disk (PIN)"))
    return Content("\n").join(rows)
