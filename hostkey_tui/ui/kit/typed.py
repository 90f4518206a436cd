"""What a typed confirmation asks for: the rules are in `models.typed`, which the command line
shares; the screens import them from here, beside the rest of the kit."""

from hostkey_tui.models.typed import MAX_TYPED, shown_name, typable, typed_note, typed_word

__all__ = ["MAX_TYPED", "shown_name", "typable", "typed_note", "typed_word"]
