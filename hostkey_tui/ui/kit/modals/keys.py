"""The keys of the shared dialogs, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

FORM: tuple[Key, ...] = (
    Key(
        id="form.cancel",
        key="escape",
        action="cancel",
        description="Cancel",
        help="Close without sending anything",
    ),
)

GRAPH: tuple[Key, ...] = (
    Key(
        id="graph.open",
        key="o",
        action="open",
        description="Open file",
        help="Open the image file (where a desktop is present)",
    ),
    Key(
        id="graph.close",
        key="escape,q",
        action="close",
        description="Close",
        help="Close the graph",
    ),
)

HELP: tuple[Key, ...] = (
    Key(
        id="help.close",
        key="escape,question_mark,q",
        action="close",
        description="Close",
        help="Close the help",
    ),
)

JUMP: tuple[Key, ...] = (
    Key(
        id="jump.cancel",
        key="escape",
        action="cancel",
        description="Cancel",
        help="Close the jump line",
    ),
)

CHOOSE: tuple[Key, ...] = (
    Key(
        id="choose.cancel",
        key="escape",
        action="cancel",
        description="Cancel",
        help="Choose nothing",
    ),
)

ONCE: tuple[Key, ...] = (
    Key(
        id="once.reveal", key="v", action="reveal", description="Show", help="Show or hide the key"
    ),
    Key(
        id="once.copy",
        key="y",
        action="copy",
        description="Copy",
        help="Copy the key to the clipboard",
    ),
    Key(
        id="once.save",
        key="s",
        action="save",
        description="Save",
        help="Keep the key in a new profile",
    ),
    Key(
        id="once.close",
        key="escape",
        action="close",
        description="Close",
        help="Close: the key is gone for good",
    ),
)

CONFIRM: tuple[Key, ...] = (
    Key(
        id="confirm.cancel", key="escape", action="cancel", description="Cancel", help="Do nothing"
    ),
)

PIN: tuple[Key, ...] = (
    Key(id="pin.cancel", key="escape", action="cancel", description="Cancel", help="Send nothing"),
)

GRACE: tuple[Key, ...] = (
    Key(
        id="grace.abort",
        key="escape",
        action="abort",
        description="Abort",
        help="Abort: nothing has been sent yet",
        priority=True,
    ),
    Key(
        id="grace.quit",
        key="q",
        action="abort_and_quit",
        description="Abort, quit",
        help="Abort (nothing is sent) and quit",
        priority=True,
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = FORM + GRAPH + HELP + JUMP + CHOOSE + ONCE + CONFIRM + PIN + GRACE
