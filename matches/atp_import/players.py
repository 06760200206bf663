"""Importing the players file: match each row to a stored player, or create one with a unique slug.

An incoming player is matched, in order, by

1. ``source_id`` (the data's player id);
2. name + birth date, among hand-entered players (no ``source_id``);
3. name + country, among hand-entered players that have no birth date either: the demo
   newsroom's players, written from a story that gives only names and countries.

Names are compared by ``newsroom.text.name_key`` (accents, case, hyphens and apostrophes aside), and
the data's spellings are first put right where ``names.PLAYER_NAMES`` says how the player writes it.

Matches 2 and 3 *adopt* the stored player: it gets the ``source_id`` and its empty fields are
filled, while its slug and everything an editor wrote stay as they are. A stored player is adopted
once: when namesakes from the same country both fit, the youngest adopts it (with a warning), since
hand-entered players are today's players; the others are created.
"""

from datetime import date

from newsroom.text import ascii_slug, name_key, search_words, unique_slug
from players.models import Hand, Player

from . import sync, writes
from .csvfiles import RowError, required_int, to_date, to_int
from .names import player_name
from .report import ImportReport

FIELDS = ("first_name", "last_name", "country", "birth_date", "height_cm", "plays", "wikidata_id")
BLANKS = {"plays": (Hand.UNKNOWN,)}
LOOSE = ("first_name", "last_name")
SLUG_LENGTH = Player._meta.get_field("slug").max_length


def parse_player(row: dict) -> dict:
    """A players-file row as Player field values (plus ``source_id``)."""
    country = row["ioc"].upper()
    hand = row["hand"].upper()
    source_id = required_int(row["player_id"], "player_id")
    first_name, last_name = player_name(source_id, row["name_first"], row["name_last"])
    return {
        "source_id": source_id,
        "first_name": first_name[:80],
        "last_name": last_name[:80],
        "country": country if len(country) == 3 and country.isalpha() else "",
        "birth_date": to_date(row["dob"], "dob", partial_ok=True),
        "height_cm": to_int(row["height"], "height") or None,
        "plays": hand if hand in (Hand.RIGHT, Hand.LEFT) else Hand.UNKNOWN,
        "wikidata_id": row["wikidata_id"][:20],
    }


class PlayerIndex:
    """Every stored player, loaded once, with the keys the matching rules use."""

    def __init__(self):
        columns = ("id", "source_id", "slug", "search_name", *FIELDS, "version")
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
            name = name_key(f"{record['first_name']} {record['last_name']}")
            if not name:
                continue
            if record["birth_date"]:
                self.by_name_dob.setdefault((name, record["birth_date"]), record)
            else:
                self.by_name_country.setdefault((name, record["country"]), record)

    def plan_adoptions(self, parsed) -> list[tuple[int, str]]:
        """Decide which incoming players adopt which hand-entered ones, before any is matched: when
        several incoming players fit one record (namesakes from the same country), the youngest
        adopts it, since hand-entered players are today's players, and a warning says so. Returns
        the warnings as (line, message)."""
        claims: dict[int, list] = {}
        for line, incoming, name in parsed:
            if incoming["source_id"] in self.by_source or not name:
                continue
            record = self.by_name_dob.get((name, incoming["birth_date"])) if incoming["birth_date"] else None
            record = record or self.by_name_country.get((name, incoming["country"]))
            if record is not None:
                claims.setdefault(record["id"], []).append((line, incoming, record))
        self.adoptions, warnings = {}, []
        for claimants in claims.values():
            line, incoming, record = max(claimants, key=lambda c: (c[1]["birth_date"] or date.min, -c[0]))
            self.adoptions[incoming["source_id"]] = record
            if len(claimants) > 1:
                others = ", ".join(str(c[1]["source_id"]) for c in claimants if c[1] is not incoming)
                warnings.append(
                    (
                        line,
                        f"{len(claimants)} players could be the hand-entered '{record['slug']}': "
                        f"adopted by the youngest, id {incoming['source_id']} (not {others})",
                    )
                )
        return warnings

    def find(self, incoming: dict) -> tuple[dict | None, bool]:
        """The stored player for ``incoming`` and whether it is adopted (matched by name)."""
        record = self.by_source.get(incoming["source_id"])
        if record is not None:
            return record, False
        record = self.adoptions.get(incoming["source_id"])
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


def import_players(
    data_file, rows, report: ImportReport, *, progress=writes.no_progress, context=None
) -> None:
    counts = report.counts["players"]
    parsed, seen = [], {}
    with report.timed("players: checking rows"):
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
            parsed.append((line, incoming, name_key(f"{incoming['first_name']} {incoming['last_name']}")))
    with report.timed("players: loading and comparing stored records"):
        _sync(data_file, parsed, report, counts, progress)


def _sync(data_file, parsed, report, counts, progress) -> None:
    index = PlayerIndex()
    for line, warning in index.plan_adoptions(parsed):
        report.warn(data_file, line, warning)

    to_create, to_update = [], []
    for _, incoming, _ in parsed:
        record, adopted = index.find(incoming)
        if record is None:
            full_name = f"{incoming['first_name']} {incoming['last_name']}"
            slug = index.new_slug(incoming, " ".join(search_words(full_name)))
            search_name = Player.make_search_name(incoming["first_name"], incoming["last_name"])
            to_create.append({**incoming, "slug": slug, "search_name": search_name})
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
        to_update.append((record["id"], changed, record["version"]))
        counts.updated += 1
    counts.created += len(to_create)
    with report.timed("players: writing"):
        writes.insert(Player, to_create, progress=progress, desc="saving players")
        left = writes.update(Player, to_update, progress=progress, desc="updating players")
    report.leave_for_editors("players", left)
