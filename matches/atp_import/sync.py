"""How incoming values meet stored ones: the rules every kind of record shares.

* the data fills and corrects, it never erases: an empty incoming value leaves a stored value alone;
* a hand-entered record the data adopts (it had no ``source_id``) only has its empty fields filled;
* names that differ only in accents, case, hyphens, apostrophes or spaces ('Baez' / 'Báez',
  'Auger Aliassime' / 'Auger-Aliassime', 'Oconnell' / "O'Connell") keep the stored spelling: an
  editor's correction is not a change to undo (``newsroom.text.name_key``);
* only records whose values change are written (see ``writes``), so a second run writes nothing.
"""

from newsroom.text import name_key


def is_blank(value, blanks=()) -> bool:
    return value is None or value == "" or value in blanks


def changes(current: dict, incoming: dict, *, fill_only=False, loose=(), blanks=None) -> dict:
    """The incoming values that should replace stored ones, by field.

    ``loose`` names text fields compared by ``name_key`` (accents, case and punctuation aside);
    ``blanks`` gives values per field that mean "unknown" (a player's hand 'U') and so count as empty
    on both sides."""
    blanks = blanks or {}
    changed = {}
    for name, new in incoming.items():
        old = current.get(name)
        empty = blanks.get(name, ())
        if new == old or is_blank(new, empty):
            continue
        if fill_only and not is_blank(old, empty):
            continue
        if name in loose and old and name_key(old) == name_key(new):
            continue
        changed[name] = new
    return changed
