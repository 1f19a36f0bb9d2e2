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

    ``slots`` is ``None`` when every slot is allowed; otherwise only those slots are.
    """

    id: str
    a: str
    b: str
    priority: int = 1
    slots: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class FixedAssignment:
    """An assignment decided before solving; ``table`` is ``None`` when any table will do."""

    meeting: str
    slot: str
    table: str | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    """A complete scheduling problem.

    ``slots`` are in time order and ``blocks`` names the session of each slot, in the same
    order: a gap is only counted between two slots of the same block.
    """

    slots: tuple[str, ...]
    blocks: tuple[str, ...]
    tables: tuple[str, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    fixed: tuple[FixedAssignment, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """Meeting ``meeting`` takes place at ``table`` during ``slot``."""

    meeting: str
    slot: str
    table: str


@dataclass(frozen=True, slots=True)
class Stats:
    """Figures describing a solution; ``seconds`` is the wall-clock time spent solving."""

    placed: int
    placed_priority: int
    unscheduled: int
    gaps: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Solution:
    """Every meeting of the instance appears exactly once: in ``assignments`` or ``unscheduled``."""

    assignments: tuple[Assignment, ...]
    unscheduled: tuple[str, ...]
    stats: Stats
