"""Names as the sport writes them, and one key per real tournament.

The data writes most names in plain ASCII with spaces for hyphens and no apostrophes ("Felix Auger
Aliassime", "Christopher Oconnell", "Rio De Janeiro"). ``atp_players.csv`` keeps hyphens, apostrophes
and case where it has them (Jo-Wilfried Tsonga, Luke O'Donnell) and those are imported as they are.
The rest is fixed once, here, in small tables of spellings we are sure of — the player's own, as the
ATP and the player write it. Where an accent is not certain only the hyphen or the case is fixed;
where a name is right as written ("Roberto Bautista Agut": Spanish surnames take no hyphen) it is not
listed. A fixed spelling is what the import compares with, and names are compared loosely
(``newsroom.text.name_key``: case, accents, hyphens and apostrophes aside), so neither a fix made
here nor an editor's own correction is undone by the next import.

Tournament ids change form over the years: '605' until 2015 and '0605' from 2016 for the ATP Finals;
the ATP-series ids 'M001'…'M056' of 2016–2020 for events whose ids are numbers before and after.
``tournament_key()`` gives one key per real event where the data lets us tell. Davis Cup ids before
2016 ('D008') are reused every year for a different tie, so those ties are keyed by the whole id.
"""

import re

from newsroom.text import fold

# Player id (the data's) -> (first name, last name).
PLAYER_NAMES = {
    200000: ("Félix", "Auger-Aliassime"),
    106331: ("Christopher", "O'Connell"),
    105526: ("Jan-Lennard", "Struff"),
    105732: ("Pierre-Hugues", "Herbert"),
    103908: ("Paul-Henri", "Mathieu"),
    200282: ("Alex", "de Minaur"),
    122298: ("Botic", "van de Zandschulp"),
    105223: ("Juan Martín", "del Potro"),
    105807: ("Pablo", "Carreño Busta"),
    101391: ("Carl-Uwe", "Steeb"),
    102998: ("Jan-Michael", "Gambill"),
    101806: ("Marc-Kevin", "Goellner"),
    101179: ("Jean-Philippe", "Fleurian"),
    100271: ("Jean-François", "Caujolle"),
    100129: ("Jean-Baptiste", "Chanfreau"),
    100331: ("Jean-Louis", "Haillet"),
    103444: ("Jean-René", "Lisnard"),
    107309: ("Jean-Loup", "Rouyer"),
    100071: ("Jean-Claude", "Barclay"),
    100137: ("Hans-Jürgen", "Pohmann"),
    100085: ("Hans-Joachim", "Ploetz"),
    100835: ("Hans-Dieter", "Beutel"),
    105649: ("Cedrik-Marcel", "Stebe"),
    104229: ("Yen-Hsun", "Lu"),
    102703: ("Hyung-Taik", "Lee"),
    100025: ("Barry", "Phillips-Moore"),
    100356: ("Paul", "McNamee"),
    100383: ("Peter", "McNamara"),
    100067: ("Frew", "McMillan"),
    111456: ("Mackenzie", "McDonald"),
    100592: ("Robert", "Van't Hof"),
    100870: ("Christo", "van Rensburg"),
    102770: ("John", "van Lottum"),
    102615: ("Dennis", "van Scheppingen"),
    105217: ("Thiemo", "de Bakker"),
    101276: ("Horacio", "de la Peña"),
    103573: ("Rik", "de Voest"),
    104932: ("Kenny", "de Schepper"),
}

# Folded data name -> the name readers know. Applied to tournaments and to each edition's name.
TOURNAMENT_NAMES = {
    "us open": "US Open",
    "rio de janeiro": "Rio de Janeiro",
    "atp rio de janeiro": "Rio de Janeiro",
    "s hertogenbosch": "'s-Hertogenbosch",
    "mar del plata": "Mar del Plata",
    "costa do sauipe": "Costa do Sauipe",
    "zell am see wct": "Zell am See WCT",
    "cap d'adge wct": "Cap d'Agde WCT",
    "republic of china": "Republic of China",
}

# Events whose editions change name with the city or the sponsor: the tournament takes the name
# readers know it by, each edition keeps its own ('Paris Olympics', 'Masters Cup').
EVENT_NAMES = {
    "96": "Olympics",
    "605": "ATP Finals",
}

# The 2016-2020 ids of events whose ids are numbers before and after (same name, no year in common).
TOURNAMENT_ALIASES = {
    "M001": "338",  # Sydney
    "M004": "807",  # Acapulco
    "M006": "404",  # Indian Wells Masters
    "M007": "403",  # Miami Masters
    "M009": "416",  # Rome Masters
    "M010": "440",  # 's-Hertogenbosch
    "M014": "438",  # Moscow
    "M015": "747",  # Beijing
    "M016": "741",  # Eastbourne
    "M020": "339",  # Brisbane
    "M021": "1536",  # Madrid Masters
    "M024": "422",  # Cincinnati Masters
    "M035": "418",  # Washington
    "M052": "6932",  # Rio de Janeiro
    "O16": "96",  # the Olympics (Rio 2016)
}

_YEAR_ID_RE = re.compile(r"^(\d{4})-(\S+)$")


def player_name(source_id: int, first: str, last: str) -> tuple[str, str]:
    """The player's name as the sport writes it: the table's, else the data's."""
    return PLAYER_NAMES.get(source_id, (first, last))


def tournament_name(name: str) -> str:
    name = " ".join(name.split())[:120]
    return TOURNAMENT_NAMES.get(fold(name), name)


def tournament_key(tourney_id: str, davis_cup: bool = False) -> str:
    """One key per real event: ``tourney_id`` after its year, leading zeros dropped, the 2016-2020
    ATP-series ids mapped to the event's own; a Davis Cup tie whose id does not name its year keeps
    the whole id. ``tourney_id`` must start with 'YYYY-'."""
    year, rest = _YEAR_ID_RE.match(tourney_id).groups()
    if davis_cup and year not in rest:
        return tourney_id
    if rest.isdigit():
        rest = rest.lstrip("0") or "0"
    return TOURNAMENT_ALIASES.get(rest, rest)
