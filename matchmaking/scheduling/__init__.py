"""The B2B meeting scheduler: pure Python (standard library only), no Django.

Public API: build an :class:`Instance` with :func:`parse_instance`, :func:`solve` it, check any
result with :func:`validate`. :func:`first_come_first_served` is the naive baseline it is measured against.

:func:`solve` works in three phases on an index-based copy of the instance (:mod:`.problem`):
fixed meetings first, then placing as much priority as possible (:mod:`.placement`, :mod:`.chains`;
:mod:`.coloring` when a full schedule may exist; :mod:`.exact`, a branch and bound, for small
instances), then removing gaps and sharing them fairly without unplacing anything
(:mod:`.compaction`, then the Kempe-chain annealing of :mod:`.annealing`). :mod:`.bounds` says when
the result is proven optimal, so the search can stop. Tables are interchangeable, and so are the
virtual rooms of online meetings, so slots are decided first and tables and rooms handed out at the end.
"""

from .model import Assignment, FixedAssignment, Instance, Meeting, Participant, SchedulerInputError, Solution, Stats
from .parsing import parse_instance
from .solver import first_come_first_served, solution_to_dict, solve
from .validation import count_gaps, validate

__all__ = [
    "Assignment",
    "FixedAssignment",
    "Instance",
    "Meeting",
    "Participant",
    "SchedulerInputError",
    "Solution",
    "Stats",
    "count_gaps",
    "first_come_first_served",
    "parse_instance",
    "solution_to_dict",
    "solve",
    "validate",
]
