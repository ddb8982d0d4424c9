"""The demo office's report tracking: requests over 2025 and 2026 made from the tasks of two yearly plans, a few
asked on their own, and how each CĐCS answered them (resources/demo/tracking.json).

The answers are drawn with a fixed seed, so every build holds the same history: most CĐCS send on time, some are
chronically late or often missing (so punctuality has someone to show), a few reports are sent back for correction
and come back, a few CĐCS are excused. Arrivals are logged as the clerk logs them, through the tracking service
(backdated with a note, one ``receive_many`` per request), so the change log and the figures are the real ones.
A plan, a request or an arrival dated after the day the demo is built has not happened yet: it is left out
(an arrival: left pending).
"""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop_app import paths
from desktop_app.domain.documents import OfficialDocument, document_from_dict, document_tasks
from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import CHANNELS, WHAT_LABELS, Audience, UnitSpan, asked_units, asks_grassroots
from desktop_app.services.demo_content import WrongValue, decoded, read_demo_file
from desktop_app.services.documents import DocumentService
from desktop_app.services.tracking import Receipt, ReportRequest, RequestDraft, TrackingService

TRACKING_FILE = "tracking.json"

ON_TIME, LATE, RETURNED, MISSING, EXEMPTED = "on_time", "late", "returned", "missing", "exempt"


@dataclass(frozen=True)
class PlanRequest:
    """A task of a demo plan the office asks the CĐCS to report on: its position among the plan's tasks and what
    the request changes of the task's proposal (whom it asks, what it asks for)."""

    task: int
    audience: Audience | None = None
    what: str | None = None


@dataclass(frozen=True)
class DemoPlan:
    document: OfficialDocument
    number: int
    issued_on: datetime.date
    requests: tuple[PlanRequest, ...]


@dataclass(frozen=True)
class Habit:
    """How one kind of CĐCS answers: chances of on time, late, returned then resubmitted; the rest is missing.
    ``share`` of the CĐCS have it, or ``count`` of them."""

    name: str
    on_time: float
    late: float
    returned: float
    share: float = 0.0
    count: int = 0


@dataclass(frozen=True)
class DemoTracking:
    seed: int
    plans: tuple[DemoPlan, ...]
    standalone: tuple[StandaloneRequest, ...]
    habits: tuple[Habit, ...]
    exempt_share: float
    exempt_reasons: tuple[str, ...]
    return_notes: tuple[str, ...]
    channels: tuple[tuple[str, float], ...]
    backdate_note: str
    before_due_days: tuple[int, int]
    late_days: tuple[int, int]


def _audience(data: Any) -> Audience:
    kind = data.get("kind") if isinstance(data, dict) else data
    audience = Audience.from_json(data)
    if audience.kind != kind:
        raise WrongValue(_("không rõ đối tượng phải nộp «{kind}»").format(kind=kind))
    return audience


def _what(value: Any) -> str:
    if value not in WHAT_LABELS:
        raise WrongValue(_("không rõ báo cáo yêu cầu gửi gì («{what}»)").format(what=value))
    return str(value)


def _plans(data: Any) -> tuple[DemoPlan, ...]:
    plans = tuple(
        DemoPlan(
            document=document_from_dict(item["document"]),
            number=int(item["number"]),
            issued_on=datetime.date.fromisoformat(item["issued_on"]),
            requests=tuple(
                PlanRequest(
                    task=int(r["task"]),
                    audience=_audience(r["audience"]) if "audience" in r else None,
                    what=_what(r["what"]) if "what" in r else None,
                )
                for r in item["requests"]
            ),
        )
        for item in data
    )
    for plan in plans:
        # Checked before anything is written: a request made from a task the plan does not have, or one that does
        # not ask the CĐCS, would stop the demo half built.
        tasks = [place.task for place in document_tasks(plan.document)]
        for wanted in plan.requests:
            if not 0 <= wanted.task < len(tasks) or not asks_grassroots(tasks[wanted.task].who):
                raise WrongValue(_("kế hoạch «{summary}» không có nhiệm vụ số {n} giao cho các CĐCS").format(
                    summary=plan.document.summary, n=wanted.task))
    return plans


@dataclass(frozen=True)
class StandaloneRequest:
    """A request asked on its own. ``days_from_build`` (issued, due), when given, dates it from the day the demo is
    built instead of its fixed dates: whenever the demo is made, something is due this week."""

    draft: RequestDraft
    days_from_build: tuple[int, int] | None = None

    def on(self, today: datetime.date) -> RequestDraft:
        if self.days_from_build is None:
            return self.draft
        issued, due = (today + datetime.timedelta(days=n) for n in self.days_from_build)
        return replace(self.draft, issued_on=issued, due=due, period=str(due.year))


def _standalone(data: Any) -> tuple[StandaloneRequest, ...]:
    result = []
    for item in data:
        relative = None
        if "days_from_build" in item:
            issued, due = (int(v) for v in item["days_from_build"])
            if not issued <= 0 <= due:
                raise WrongValue(_("«days_from_build» cần [ngày gửi ≤ 0, hạn nộp ≥ 0], gặp {value}").format(
                    value=item["days_from_build"]))
            relative = (issued, due)
            fixed = datetime.date(2000, 1, 1), datetime.date(2000, 1, 1)
        else:
            fixed = datetime.date.fromisoformat(item["issued_on"]), datetime.date.fromisoformat(item["due"])
        draft = RequestDraft(
            title=str(item["title"]),
            issued_on=fixed[0],
            due=fixed[1],
            what=_what(item.get("what", "narrative")),
            period=str(item.get("period", "")),
            audience=_audience(item["audience"]) if "audience" in item else Audience(),
            notes=str(item.get("notes", "")),
        )
        result.append(StandaloneRequest(draft, relative))
    return tuple(result)


def _habits(data: Any) -> tuple[Habit, ...]:
    habits = tuple(
        Habit(str(name), float(h["on_time"]), float(h["late"]), float(h["returned"]), float(h.get("share", 0)),
              int(h.get("count", 0)))
        for name, h in data.items()
    )
    if not habits or any(h.on_time + h.late + h.returned > 1 for h in habits):
        raise WrongValue(_("mỗi thói quen nộp cần tỉ lệ đúng hạn, muộn, trả lại cộng lại không quá 1"))
    return habits


def _channels(data: Any) -> tuple[tuple[str, float], ...]:
    unknown = [code for code in data if code not in CHANNELS]
    if unknown or not data:
        raise WrongValue(_("không rõ hình thức nhận «{codes}»").format(codes=", ".join(unknown)))
    return tuple((str(code), float(weight)) for code, weight in data.items())


def _span(data: Any) -> tuple[int, int]:
    low, high = (int(v) for v in data)
    if not 0 <= low <= high:
        raise WrongValue(_("cần hai số [từ, đến], gặp {value}").format(value=data))
    return low, high


def _texts(data: Any) -> tuple[str, ...]:
    texts = tuple(str(t) for t in data)
    if not texts:
        raise WrongValue(_("cần một danh sách không rỗng"))
    return texts


@functools.cache
def _tracking_in(folder: Path) -> DemoTracking:
    data = read_demo_file(TRACKING_FILE, folder)

    def entry(name: str, decode: Any) -> Any:
        return decoded(TRACKING_FILE, data, name, decode)

    return DemoTracking(
        seed=entry("seed", int),
        plans=entry("plans", _plans),
        standalone=entry("standalone", _standalone),
        habits=entry("profiles", _habits),
        exempt_share=entry("exempt_share", float),
        exempt_reasons=entry("exempt_reasons", _texts),
        return_notes=entry("return_notes", _texts),
        channels=entry("channels", _channels),
        backdate_note=entry("backdate_note", str),
        before_due_days=entry("before_due_days", _span),
        late_days=entry("late_days", _span),
    )


def demo_tracking() -> DemoTracking:
    """The demo's tracking content (read once per content folder)."""
    return _tracking_in(paths.demo_dir())


# -- building ---------------------------------------------------------------------------------------------------


def load_tracking(documents: DocumentService, tracking: TrackingService, content: DemoTracking) -> int:
    """Issue the demo's yearly plans, make their requests and the standalone ones, log the CĐCS's answers.
    Returns the number of requests made."""
    rng = random.Random(content.seed)
    today = tracking.today()
    units = tracking.grassroots()
    habits = assign_habits(rng, units, content.habits)
    made: list[ReportRequest] = []
    # What is dated after the day the demo is built has not happened yet (a computer whose clock is behind).
    for plan in (p for p in content.plans if p.issued_on <= today):
        draft = documents.create_draft(replace(plan.document, number=None))
        issued = documents.issue(draft.id, issued_on=plan.issued_on, number=plan.number)
        tasks = documents.tasks(issued.id)
        for wanted in plan.requests:
            proposal = tracking.draft_from_task(issued.id, tasks[wanted.task].uuid)
            made.append(tracking.create_request(replace(
                proposal,
                audience=wanted.audience or proposal.audience,
                what=wanted.what or proposal.what,
            )))
    drafts = [request.on(today) for request in content.standalone]
    made.extend(tracking.create_request(draft) for draft in drafts if draft.issued_on <= today)
    for request in sorted(made, key=lambda r: (r.due, r.id)):
        answer_request(tracking, request, units, habits, content, rng, today)
    return len(made)


def assign_habits(rng: random.Random, units: Sequence[UnitSpan], habits: Sequence[Habit]) -> dict[str, Habit]:
    """Each CĐCS's habit: those with a ``count`` go to that many CĐCS (among those that exist over the two years,
    so their record shows), the others share the rest by ``share``."""
    steady = [u for u in units if u.exists_on(datetime.date(2025, 1, 1)) and u.exists_on(datetime.date(2026, 12, 31))]
    chosen: dict[str, Habit] = {}
    pool = list(steady)
    for habit in (h for h in habits if h.count):
        for unit in rng.sample(pool, min(habit.count, len(pool))):
            chosen[unit.uuid] = habit
            pool.remove(unit)
    shared = [h for h in habits if not h.count]
    weights = [h.share for h in shared]
    for unit in units:
        if unit.uuid not in chosen and shared:
            chosen[unit.uuid] = rng.choices(shared, weights)[0]
    return chosen


def answer_request(
    tracking: TrackingService, request: ReportRequest, units: Sequence[UnitSpan], habits: Mapping[str, Habit],
    content: DemoTracking, rng: random.Random, today: datetime.date,
) -> None:
    """Draw how each CĐCS asked answered ``request`` and log it: exemptions, first arrivals, returns, corrections."""
    codes, weights = zip(*content.channels, strict=True)
    exempt: dict[str, list[str]] = {}
    first: list[Receipt] = []
    returns: list[tuple[str, datetime.date, str]] = []
    corrected: list[Receipt] = []

    def receipt(code: str, day: datetime.date) -> Receipt:
        return Receipt(code, day, rng.choices(codes, weights)[0], backdate_note=content.backdate_note)

    for unit in asked_units(request.audience, units, request.due):
        habit = habits[unit.uuid]
        if rng.random() < content.exempt_share:
            exempt.setdefault(rng.choice(content.exempt_reasons), []).append(unit.code)
            continue
        roll = rng.random()
        outcome = (ON_TIME if roll < habit.on_time else LATE if roll < habit.on_time + habit.late
                   else RETURNED if roll < habit.on_time + habit.late + habit.returned else MISSING)
        if outcome == MISSING:
            continue
        if outcome == LATE:
            day = request.last_day + datetime.timedelta(days=rng.randint(*content.late_days))
        else:
            day = max(request.issued_on, request.due - datetime.timedelta(days=rng.randint(*content.before_due_days)))
        if day > today:
            continue  # not arrived yet on the day the demo is built
        first.append(receipt(unit.code, day))
        if outcome != RETURNED:
            continue
        returned_on = day + datetime.timedelta(days=rng.randint(1, 3))
        if returned_on > today:
            continue
        returns.append((unit.code, returned_on, rng.choice(content.return_notes)))
        back = returned_on + datetime.timedelta(days=rng.randint(1, 9))
        if back <= today:
            corrected.append(receipt(unit.code, back))
    for reason, exempted in exempt.items():
        tracking.exempt(request.id, exempted, reason)
    if first:
        tracking.receive_many(request.id, first)
    for code, returned_on, note in returns:
        tracking.return_for_correction(request.id, code, note, returned_on=returned_on)
    if corrected:
        tracking.receive_many(request.id, corrected)
