"""Stored data catches up with the importer: new rounds shift the round order (and so every match's
sequence), tournament ids are keyed as the importer keys them now (leading zeros dropped, the
2016-2020 ATP-series ids mapped to the event's own, a pre-2016 Davis Cup tie by its whole id), and
names stored as the data spelled them get the spelling ``matches.atp_import.names`` gives.

Nothing an editor wrote is changed: a name is fixed only while it is still the data's plain ASCII
spelling (no hyphen, no apostrophe) of the fixed name.
"""

import re

from django.db import migrations
from django.db.models import Case, F, IntegerField, Value, When

# The round order as of this migration (matches.models.ROUND_ORDER), frozen.
ROUND_ORDER = {
    code: position
    for position, code in enumerate(
        [
            "Q1", "Q2", "Q3", "Q4", "PR", "ER", "1R", "2R", "3R", "R128", "R64", "R32", "R16",
            "RR", "QF", "SF", "BR", "F", "CR", "PO",
        ],
        start=1,
    )
}  # fmt: skip


def reorder_rounds(apps, schema_editor):
    Match = apps.get_model("matches", "Match")
    order = Case(
        *(When(round=code, then=Value(position)) for code, position in ROUND_ORDER.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    # One UPDATE: the right-hand side reads the old round_order.
    Match.objects.update(sequence=F("sequence") - F("round_order") + order, round_order=order)


def _key(source_id, level):
    from matches.atp_import.names import TOURNAMENT_ALIASES

    if level == "D" or not source_id:
        return source_id
    if source_id.isdigit():
        source_id = source_id.lstrip("0") or "0"
    return TOURNAMENT_ALIASES.get(source_id, source_id)


def rekey_tournaments(apps, schema_editor):
    Tournament = apps.get_model("matches", "Tournament")
    Edition = apps.get_model("matches", "Edition")
    slugs = set(Tournament.objects.values_list("slug", flat=True))
    for tournament in Tournament.objects.exclude(source_id=None).exclude(source_id="").order_by("id"):
        if tournament.level == "D":
            _split_davis_cup(Tournament, Edition, tournament, slugs)
            continue
        key = _key(tournament.source_id, tournament.level)
        if key == tournament.source_id:
            continue
        target = Tournament.objects.filter(source_id=key).first()
        if target is None:
            Tournament.objects.filter(pk=tournament.pk).update(source_id=key)
            continue
        taken = set(Edition.objects.filter(tournament=target).values_list("year", flat=True))
        Edition.objects.filter(tournament=tournament).exclude(year__in=taken).update(tournament=target)
        if not Edition.objects.filter(tournament=tournament).exists():
            tournament.delete()


def _split_davis_cup(Tournament, Edition, tournament, slugs):
    """A Davis Cup id that does not name its year ('D008') was one tie a year: one tournament per tie."""
    editions = list(Edition.objects.filter(tournament=tournament).order_by("-year"))
    if not editions or any(str(e.year) in tournament.source_id for e in editions):
        return
    first, *others = editions
    Tournament.objects.filter(pk=tournament.pk).update(source_id=first.source_id or tournament.source_id)
    for edition in others:
        if not edition.source_id or Tournament.objects.filter(source_id=edition.source_id).exists():
            continue
        slug = f"{tournament.slug[:74]}-{edition.year}"
        n = 2
        while slug in slugs:
            slug = f"{tournament.slug[:70]}-{edition.year}-{n}"
            n += 1
        slugs.add(slug)
        tie = Tournament.objects.create(
            name=tournament.name,
            slug=slug,
            level="D",
            surface=tournament.surface,
            source_id=edition.source_id,
        )
        Edition.objects.filter(pk=edition.pk).update(tournament=tie)


_PLAIN = re.compile(r"^[A-Za-z .]*$")


def fix_names(apps, schema_editor):
    from matches.atp_import.names import PLAYER_NAMES, TOURNAMENT_NAMES
    from newsroom.text import fold, name_key, search_words

    Player = apps.get_model("players", "Player")
    for player in Player.objects.filter(source_id__in=list(PLAYER_NAMES)):
        first, last = PLAYER_NAMES[player.source_id]
        stored = (player.first_name, player.last_name)
        if stored == (first, last) or not all(_PLAIN.match(part) for part in stored):
            continue
        if name_key(" ".join(stored)) != name_key(f"{first} {last}"):
            continue
        words = search_words(f"{first} {last}")
        joined = ["".join(parts) for parts in (search_words(first), search_words(last)) if len(parts) > 1]
        Player.objects.filter(pk=player.pk).update(
            first_name=first, last_name=last, search_name=" ".join(words + joined)
        )
    Tournament = apps.get_model("matches", "Tournament")
    Edition = apps.get_model("matches", "Edition")
    for model in (Tournament, Edition):
        for pk, name in model.objects.exclude(name="").values_list("pk", "name"):
            fixed = TOURNAMENT_NAMES.get(fold(name))
            if fixed and fixed != name:
                model.objects.filter(pk=pk).update(name=fixed)


class Migration(migrations.Migration):
    dependencies = [
        ("matches", "0006_whole_format_codes_and_written_scores"),
        ("players", "0005_search_name_any_spelling"),
    ]

    operations = [
        migrations.RunPython(reorder_rounds, migrations.RunPython.noop),
        migrations.RunPython(rekey_tournaments, migrations.RunPython.noop),
        migrations.RunPython(fix_names, migrations.RunPython.noop),
    ]
