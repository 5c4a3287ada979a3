"""What differs between a session record and the same answers walked again today.

Ids alone are not enough: an outcome whose title or actions were rewritten is not
"the same outcome" to the clinician who read it, and neither is a reworded alert.
"""

from __future__ import annotations

from dataclasses import dataclass

from lnnav import __version__
from lnnav.engine.record import Record, RecordedStep
from lnnav.engine.walk import Walk


@dataclass(frozen=True)
class StepChange:
    number: int
    recorded: RecordedStep | None
    now: RecordedStep | None


@dataclass(frozen=True)
class Reworded:
    """One part of the outcome or of an alert whose wording changed: what, before, after."""

    what: str  # 'outcome "rec_x" title', 'alert "y" text', 'outcome "rec_x" actions'
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """What differs between a record and the same answers walked today."""

    content_changed: bool
    tool_changed: bool
    steps: tuple[StepChange, ...]
    outcome_changed: bool
    alerts_added: tuple[str, ...]
    alerts_removed: tuple[str, ...]
    reworded: tuple[Reworded, ...] = ()
    version_kept: bool = False  # the content changed but the guideline's version did not

    @property
    def same_outcome(self) -> bool:
        """The same outcome, said in the same words (title and actions)."""
        return not (self.outcome_changed or any(r.what.startswith("outcome") for r in self.reworded))

    @property
    def unchanged(self) -> bool:
        return not (self.content_changed or self.steps or self.outcome_changed or self.alerts_added
                    or self.alerts_removed or self.reworded)


def recorded_steps(walk: Walk) -> tuple[RecordedStep, ...]:
    return tuple(RecordedStep(s.node, s.answer, s.label, s.next) for s in walk.steps)


def compare(rec: Record, walk: Walk) -> Comparison:
    """Compare a record with the same answers walked again (step by step, position by position)."""
    now = recorded_steps(walk)
    changes = []
    for i in range(max(len(rec.steps), len(now))):
        old = rec.steps[i] if i < len(rec.steps) else None
        new = now[i] if i < len(now) else None
        if old is None or new is None or not old.same_as(new):
            changes.append(StepChange(i + 1, old, new))
    fired = tuple(f.alert.id for f in walk.alerts)
    g = walk.guideline
    content_changed = rec.sha256 != g.sha256
    return Comparison(
        content_changed=content_changed,
        tool_changed=bool(rec.lnnav_version) and rec.lnnav_version != __version__,
        steps=tuple(changes),
        outcome_changed=rec.outcome != walk.outcome.id,
        alerts_added=tuple(a for a in fired if a not in rec.alerts),
        alerts_removed=tuple(a for a in rec.alerts if a not in fired),
        reworded=tuple(_reworded(rec, walk)),
        version_kept=content_changed and rec.guideline_version == g.version,
    )


def _reworded(rec: Record, walk: Walk) -> list[Reworded]:
    out: list[Reworded] = []
    o = walk.outcome
    if rec.outcome == o.id:
        if rec.outcome_title and rec.outcome_title != o.title:
            out.append(Reworded(f'outcome "{o.id}" title', (rec.outcome_title,), (o.title,)))
        if rec.outcome_actions is not None and rec.outcome_actions != walk.actions:
            out.append(Reworded(f'outcome "{o.id}" actions', rec.outcome_actions, walk.actions))
    for fired in walk.alerts:
        a = fired.alert
        before = (rec.alert_wording or {}).get(a.id)
        if before is None:
            continue  # newly fired, or an older record without the wording
        for part, old, new in (("title", before[0], a.title), ("text", before[1], a.text)):
            if old != new:
                out.append(Reworded(f'alert "{a.id}" {part}', (old,), (new,)))
    return out
