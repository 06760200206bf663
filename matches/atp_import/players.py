"""Importing the players file: match each row to a stored player, or create one with a unique slug.

An incoming player is matched, in order, by

1. ``source_id`` (the data's player id);
2. folded name + birth date, among hand-entered players (no ``source_id``);
3. folded name + country, among hand-entered players that have no birth date either: the demo
   newsroom's players, written from a story that gives only names and countries.

Matches 2 and 3 *adopt* the stored player: it gets the ``source_id`` and its empty fields are
filled, while its slug and everything an editor wrote stay as they are.
"""

from newsroom.text import ascii_slug, unique_slug
from players.models import Hand, Player

from . import sync, writes
from .csvfiles import RowError, required_int, to_date, to_int
from .report import ImportReport

FIELDS = ("first_name", "last_name", "country", "birth_date", "height_cm", "plays", "wikidata_id")
BLANKS = {"plays": (Hand.UNKNOWN,)}
LOOSE = ("first_name", "last_name")
SLUG_LENGTH = Player._meta.get_field("slug").max_length


def parse_player(row: dict) -> dict:
    """A players-file row as Player field values (plus ``source_id``)."""
    country = row["ioc"].upper()
    hand = row["hand"].upper()
    return {
        "source_id": required_int(row["player_id"], "player_id"),
        "first_name": row["name_first"][:80],
        "last_name": row["name_last"][:80],
        "country": country if len(country) == 3 and country.isalpha() else "",
        "birth_date": to_date(row["dob"], "dob", partial_ok=True),
        "height_cm": to_int(row["height"], "height") or None,
        "plays": hand if hand in (Hand.RIGHT, Hand.LEFT) else Hand.UNKNOWN,
        "wikidata_id": row["wikidata_id"][:20],
    }


class PlayerIndex:
    """Every stored player, loaded once, with the keys the matching rules use."""

    def __init__(self):
        columns = ("id", "source_id", "slug", "search_name", *FIELDS)
        self.by_source = {}
        self.by_name_dob = {}
        self.by_name_country = {}
        self.slugs = set()
        for values in Player.objects.order_by("id").values_list(*columns):
            record = dict(zip(columns, values, strict=True))
            self.slugs.add(record["slug"])
            if record["source_id"] is not None:
                self.by_source[record["source_id"]] = record
                continue
            name = Player.make_search_name(record["first_name"], record["last_name"])
            if not name:
                continue
            if record["birth_date"]:
                self.by_name_dob.setdefault((name, record["birth_date"]), record)
            else:
                self.by_name_country.setdefault((name, record["country"]), record)

    def find(self, incoming: dict, name: str) -> tuple[dict | None, bool]:
        """The stored player for ``incoming`` (folded name ``name``) and whether it is adopted."""
        record = self.by_source.get(incoming["source_id"])
        if record is not None:
            return record, False
        if not name:
            return None, False
        record = None
        if incoming["birth_date"]:
            record = self.by_name_dob.pop((name, incoming["birth_date"]), None)
        if record is None:
            record = self.by_name_country.pop((name, incoming["country"]), None)
        if record is not None:
            # Adopted once only: a second player of the same name is a different person.
            self.by_source[incoming["source_id"]] = record
        return record, record is not None

    def new_slug(self, incoming: dict, name: str) -> str:
        """'first-last'; on a clash 'first-last-1987' (birth year), then '-2', '-3'…
        ``name`` is the folded name; a player without one is 'player-<id>'."""
        if any(char.isalnum() for char in name):
            base = ascii_slug(name, SLUG_LENGTH)
        else:
            base = f"player-{incoming['source_id']}"
        if base in self.slugs and incoming["birth_date"]:
            base = f"{base[: SLUG_LENGTH - 5]}-{incoming['birth_date'].year}"
        return unique_slug(base, self.slugs, SLUG_LENGTH)


def import_players(data_file, rows, report: ImportReport, *, progress=writes.no_progress) -> None:
    counts = report.counts["players"]
    index = PlayerIndex()
    seen: dict[int, int] = {}
    to_create, to_update = [], []
    for line, row in progress(rows, desc=f"reading {data_file.path.name}", total=len(rows), unit="row"):
        try:
            incoming = parse_player(row)
            first_line = seen.get(incoming["source_id"])
            if first_line:
                raise RowError(f"player id {row['player_id']} appears twice (first on line {first_line})")
        except RowError as error:
            report.reject("players", data_file, line, str(error))
            continue
        seen[incoming["source_id"]] = line
        search_name = Player.make_search_name(incoming["first_name"], incoming["last_name"])
        record, adopted = index.find(incoming, search_name)
        if record is None:
            to_create.append(
                {**incoming, "slug": index.new_slug(incoming, search_name), "search_name": search_name}
            )
            continue
        values = {name: incoming[name] for name in FIELDS}
        changed = sync.changes(record, values, fill_only=adopted, loose=LOOSE, blanks=BLANKS)
        if adopted:
            changed["source_id"] = incoming["source_id"]
            report.adopted["players"] += 1
        if not changed:
            counts.unchanged += 1
            continue
        if "first_name" in changed or "last_name" in changed:
            merged = {**record, **changed}
            changed["search_name"] = Player.make_search_name(merged["first_name"], merged["last_name"])
        record.update(changed)  # a later row with the same key sees the new values
        to_update.append((record["id"], changed))
        counts.updated += 1
    counts.created += len(to_create)
    writes.insert(Player, to_create, progress=progress, desc="saving players")
    writes.update(Player, to_update, progress=progress, desc="updating players")
