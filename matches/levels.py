"""Event levels as readers browse them: their order on the tournaments index, their addresses, and
which tournaments the index lists.

The index lists every tournament of a level when the level has few (the Grand Slams, the Masters,
the Finals); a level with more than ``INDEX_FULL_LEVEL`` (the 493 tour events since 1968, and the
Challenger and ITF events when those files are imported) lists the ones held in the newest two
seasons the site holds, and links to its own page with every tournament of the level, A to Z, a
page at a time. Davis Cup ties (one tournament a tie, 3,758 since 1968) have a page a year instead
(``matches.davis_cup``).
"""

from .models import Level

LEVEL_ORDER = [
    Level.GRAND_SLAM,
    Level.FINALS,
    Level.OLYMPICS,
    Level.MASTERS,
    Level.ATP_500,
    Level.ATP_250,
    Level.TOUR,
    Level.NEXTGEN_FINALS,
    Level.OTHER_FINALS,
    Level.DAVIS_CUP,
    Level.CHALLENGER,
    Level.ITF,
    Level.ITF_25,
    Level.ITF_15,
    Level.ITF_10,
    Level.EXHIBITION,
    Level.TEAM,
    Level.JUNIORS,
]
OTHER = ""  # tournaments with no level set
OTHER_LABEL = "Other events"
LABELS = {**dict(Level.choices), OTHER: OTHER_LABEL}

# The address of each level's page: /tournaments/level/<slug>/.
SLUGS = {
    Level.GRAND_SLAM: "grand-slam",
    Level.MASTERS: "masters-1000",
    Level.ATP_500: "atp-500",
    Level.ATP_250: "atp-250",
    Level.TOUR: "atp-tour",
    Level.FINALS: "atp-finals",
    Level.NEXTGEN_FINALS: "next-gen-finals",
    Level.OTHER_FINALS: "season-ending-finals",
    Level.DAVIS_CUP: "davis-cup",
    Level.OLYMPICS: "olympics",
    Level.CHALLENGER: "challenger",
    Level.ITF: "itf",
    Level.ITF_10: "itf-10000",
    Level.ITF_15: "itf-15000",
    Level.ITF_25: "itf-25000",
    Level.EXHIBITION: "exhibition",
    Level.JUNIORS: "juniors",
    Level.TEAM: "team-tennis",
    OTHER: "other",
}
BY_SLUG = {slug: level for level, slug in SLUGS.items()}

INDEX_FULL_LEVEL = 40  # a level with more tournaments than this lists only its recent ones
RECENT_SEASONS = 2  # "recent": held in the newest two seasons the site holds
LEVEL_PAGE_SIZE = 100


def position(level: str) -> int:
    """Where a level comes on the index: the order above, unknown levels and no level last."""
    try:
        return LEVEL_ORDER.index(level)
    except ValueError:
        return len(LEVEL_ORDER)


def recent_since(newest_year: int | None) -> int | None:
    """The first season that counts as recent, given the newest season the site holds."""
    return newest_year - RECENT_SEASONS + 1 if newest_year else None


def listed_in_full(level: str, count: int) -> bool:
    """Whether the index lists every tournament of ``level`` (``count`` of them)."""
    return level != Level.DAVIS_CUP and count <= INDEX_FULL_LEVEL
