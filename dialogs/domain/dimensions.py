"""The GPCTBA/C&I dimensions, in the order the interview asks them: GPCT, then BA, then C&I."""

DIMENSIONS: tuple[str, ...] = (
    "goals", "plans", "challenges", "timeline",
    "budget", "authority",
    "consequences", "implications",
)
