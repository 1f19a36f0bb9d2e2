"""The scheduler's vocabulary: immutable inputs and outputs, free of any framework.

Identifiers are kept as the strings the caller used, so that a result can be read back
against the input without a lookup table. The solver works on integer indices internally
(see :mod:`matchmaking.scheduling.problem`).
"""

from dataclasses import dataclass


class SchedulerInputError(ValueError):
    """The instance is malformed or its fixed assignments break a hard constraint.

    The message is one sentence meant for the person who wrote the input file.
    """


@dataclass(frozen=True, slots=True)
class Participant:
    """A company (or delegation) that attends meetings.

    ``capacity`` is how many meetings it can hold in the same slot: a delegation of three
    people can sit at three tables at once.
    """

    id: str
    unavailable: frozenset[str] = frozenset()
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Meeting:
    """A requested meeting between participants ``a`` and ``b``.

    ``slots`` is ``None`` when every slot is allowed; otherwise only those slots are. An ``online``
    meeting takes a virtual room instead of a table (see :class:`Instance`).
    """

    id: str
    a: str
    b: str
    priority: int = 1
    slots: frozenset[str] | None = None
    online: bool = False


@dataclass(frozen=True, slots=True)
class FixedAssignment:
    """An assignment decided before solving; ``table`` is ``None`` when any table will do.

    An online meeting has no table; its ``room`` (numbered from 1 in every slot) is ``None`` when any
    room will do.
    """

    meeting: str
    slot: str
    table: str | None = None
    room: int | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    """A complete scheduling problem.

    ``slots`` are in time order and ``blocks`` names the session of each slot, in the same
    order: a gap is only counted between two slots of the same block.

    Each slot has two kinds of places: its ``tables``, one in-person meeting each, and ``rooms``
    virtual rooms, one online meeting each (``None``: as many as needed). A participant's capacity
    counts both kinds alike: a company cannot be at a table and online in the same slot.
    """

    slots: tuple[str, ...]
    blocks: tuple[str, ...]
    tables: tuple[str, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    fixed: tuple[FixedAssignment, ...] = ()
    rooms: int | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """Meeting ``meeting`` takes place at ``table`` during ``slot``; an online one in virtual ``room`` instead.

    An in-person meeting has a table and no room, an online one a room (1, 2, ... in every slot) and no table.
    """

    meeting: str
    slot: str
    table: str | None
    room: int | None = None


@dataclass(frozen=True, slots=True)
class Stats:
    """Figures describing a solution; ``seconds`` is the wall-clock time spent solving.

    The bounds say how far the solution can be from the best possible one:

    * ``placement_upper_bound``: no valid schedule places more priority than this;
      ``placement_optimal`` is true when ``placed_priority`` reaches it (or an exhaustive search
      proved that nothing better exists, and the bound was lowered to ``placed_priority``).
    * ``gaps_lower_bound``: no schedule placing every placeable meeting has fewer gaps (0 when no
      better bound is known, and always 0 when a placeable meeting stays out); ``gaps_optimal`` is
      true when the placement is optimal and ``gaps`` reaches this bound (a plan with 0 gaps counts).
    * ``worst_participant_gaps``: the most gaps any one participant has (the fairness tie-break).
    * ``best_found_seconds``: when the returned solution was found, counted from the start.
    * ``stopped``: why the search ended: ``"optimal"`` (both bounds met), ``"no_improvement"`` (the
      search concluded it could not improve) or ``"time_limit"``.

    The defaults describe a solution about which nothing is proven, as the baseline's is.
    """

    placed: int
    placed_priority: int
    unscheduled: int
    gaps: int
    seconds: float
    placement_upper_bound: int = 0
    placement_optimal: bool = False
    gaps_lower_bound: int = 0
    gaps_optimal: bool = False
    worst_participant_gaps: int = 0
    best_found_seconds: float = 0.0
    stopped: str = "time_limit"


@dataclass(frozen=True, slots=True)
class Solution:
    """Every meeting of the instance appears exactly once: in ``assignments`` or ``unscheduled``."""

    assignments: tuple[Assignment, ...]
    unscheduled: tuple[str, ...]
    stats: Stats
