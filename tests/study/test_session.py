"""The study session's policies, driven directly on a temporary database and the shared CPU pool."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quizzer.decks.loader import load_decks
from quizzer.engine import WorkerPool
from quizzer.grading import Rating, VerdictStatus
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.study.judge import Judge
from quizzer.study.opener import Services
from quizzer.study.session import SessionStopped, StudySession
from quizzer.study.steps import Aside, Ask, Done, LeftOut, Recorded, SetAside, UndoRefused, Wait

DECK = Path(__file__).parent / "session.yaml"
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


MakeSession = Callable[..., StudySession]


@pytest.fixture
def make_session(tmp_path: Path, pool: WorkerPool) -> Iterator[MakeSession]:
    """Sessions on one test database (each with its own store, as two processes would have)."""
    stores: list[ReviewService] = []

    def make(
        *tags: str, clock: Callable[[], datetime] = lambda: NOW, settings: Settings | None = None, **options: Any
    ) -> StudySession:
        service = ReviewService(f"sqlite:///{tmp_path / 'quizzer.sqlite3'}", settings or Settings(timezone="UTC"))
        stores.append(service)
        services = Services(load_decks([DECK]), service, Judge(pool, 10.0))
        return StudySession(services, tags=list(tags) or None, clock=clock, ticker=lambda: 0.0, **options)

    yield make
    for service in stores:
        service.close()


def asked(step: object) -> Ask:
    assert isinstance(step, Ask), step
    return step


def test_an_error_verdict_skips_the_question_and_records_nothing(make_session: MakeSession) -> None:
    session = make_session("broken")
    first = asked(session.open())
    assert first.presented.card_id == "session/spin/forever"
    answered = session.submit(first.presented, "(1, 2)")
    assert answered.verdict.status is VerdictStatus.ERROR and not answered.recordable
    done = session.next()
    assert isinstance(done, Done) and done.summary.reviewed == 0
    assert done.summary.left == 1  # still due: skipped for this session only


def test_setting_an_answered_card_aside_records_the_answer_first(make_session: MakeSession) -> None:
    session = make_session("shapes", "code")
    first = asked(session.open())
    answered = session.submit(first.presented, "(2, 3)")
    step = asked(session.set_aside(Aside.BURY, first.presented, answered))
    recorded, aside = step.events
    assert isinstance(recorded, Recorded) and recorded.result.card.card_id == "session/shapes/zeros"
    assert aside == SetAside("session/shapes/zeros", Aside.BURY) and aside.text == "buried"
    assert session.reviewed == 1 and step.presented.card_id == "session/slices/last"


def test_an_undo_another_session_made_impossible_is_refused_with_its_reason(make_session: MakeSession) -> None:
    clock = Clock()
    mine, other = make_session("shapes", clock=clock), make_session("shapes", clock=clock)
    first = asked(mine.open())
    assert isinstance(mine.rate(mine.submit(first.presented, "(3, 2)")), Wait)  # Again: back in a minute
    assert isinstance(other.open(), Wait)
    theirs = asked(other.next(learn_ahead=True))
    other.rate(other.submit(theirs.presented, "(2, 3)"), 4)
    step = mine.undo()
    assert step.events == (UndoRefused("card session/shapes/zeros changed after answer 1"),)
    assert step.events[0].text == "cannot undo: card session/shapes/zeros changed after answer 1"
    assert mine.reviewed == 1


def test_a_learning_card_due_within_the_window_is_waited_for_then_asked(make_session: MakeSession) -> None:
    clock = Clock()
    session = make_session("shapes", clock=clock)
    first = asked(session.open())
    wait = session.rate(session.submit(first.presented, "(3, 2)"), 1)
    assert isinstance(wait, Wait) and wait.card.card_id == "session/shapes/zeros"
    assert wait.seconds_left(clock()) == 60 and wait.progress.left == 1
    clock.now += timedelta(seconds=30)
    assert isinstance(session.next(), Wait)  # not due yet
    assert asked(session.next(learn_ahead=True)).presented.card_id == "session/shapes/zeros"  # now, on request
    clock.now += timedelta(seconds=30)
    again = asked(session.next())  # due now
    assert isinstance(session.rate(session.submit(again.presented, "(2, 3)"), 4), Done)


def test_cards_of_decks_the_session_did_not_open_are_neither_waited_for_nor_counted(
    make_session: MakeSession, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(DECK.read_text().replace("deck: session", "deck: other", 1))
    store = ReviewService(f"sqlite:///{tmp_path / 'quizzer.sqlite3'}", Settings(timezone="UTC"))
    store.sync(load_decks([other]), NOW)
    store.answer("other/shapes/zeros", 1, NOW)  # learning, due in a minute: in the store, not in this session
    store.close()
    session = make_session("shapes")
    first = asked(session.open())
    done = session.rate(session.submit(first.presented, "(2, 3)"), 4)
    assert isinstance(done, Done) and done.summary.left == 0


def test_a_question_the_device_cannot_run_is_left_out_once(make_session: MakeSession) -> None:
    session = make_session("gpu")
    done = session.open()
    assert isinstance(done, Done)
    assert done.events == (LeftOut("session/gpu/device", "requires device cuda (running on cpu)"),)
    assert done.summary.left == 1  # due today, but not in this session
    again = session.next()
    assert isinstance(again, Done) and again.events == ()


def test_stopping_waits_for_the_store_but_not_for_a_code_answer_being_judged(
    make_session: MakeSession, tmp_path: Path
) -> None:
    session = make_session("code")
    presented = asked(session.open()).presented
    gate = tmp_path / "gate"
    slow = f"[0 for _ in iter(lambda: __import__('os').path.exists({str(gate)!r}), True)] and x[-1:] or x[-1:]"
    judged: list[object] = []

    def judge() -> None:
        try:
            judged.append(session.submit(presented, slow))
        except SessionStopped as stopped:
            judged.append(stopped)

    judging = threading.Thread(target=judge)
    judging.start()
    try:
        session.stop()  # returns while the learner's code still runs: it waits for no gate
        assert judging.is_alive() and not judged
    finally:
        gate.touch()
        judging.join(30)
    assert [type(outcome) for outcome in judged] == [SessionStopped]  # judged, then no store call after the stop
    with pytest.raises(SessionStopped):
        session.next()


def test_a_leech_is_worded_once_for_every_client(make_session: MakeSession) -> None:
    clock = Clock()
    session = make_session("shapes", clock=clock, settings=Settings(timezone="UTC", leech_lapses=1))
    first = asked(session.open())
    assert isinstance(session.rate(session.submit(first.presented, "(2, 3)"), 4), Done)  # Easy: due in days
    clock.now += timedelta(days=30)
    again = asked(session.next())
    step = session.rate(session.submit(again.presented, "(3, 2)"), 1)  # a lapse: the leech threshold
    [recorded] = step.events
    assert isinstance(recorded, Recorded) and recorded.result.became_leech
    assert recorded.text.endswith(", next in 10m (leech: this card keeps lapsing; consider rewriting or suspending it)")


class Ticker:
    """A ticker that advances by ``step`` seconds at every reading: each answer takes ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_easy_is_suggested_only_after_a_history_of_fast_right_answers(tmp_path: Path, pool: WorkerPool) -> None:
    clock = Clock()
    service = ReviewService(f"sqlite:///{tmp_path / 'easy.sqlite3'}", Settings(timezone="UTC"))
    services = Services(load_decks([DECK]), service, Judge(pool, 10.0))
    session = StudySession(services, tags=["shapes"], clock=clock, ticker=Ticker(2.0))
    suggested = []
    step = session.open()
    for _ in range(3):
        answered = session.submit(asked(step).presented, "(2, 3)")
        suggested.append(answered.suggested)
        session.rate(answered, Rating.EASY)
        clock.now += timedelta(days=3650)
        step = session.next()
    service.close()
    # first sight: Good at most; in review after one fast right answer: still Good; after two: Easy
    assert suggested == [Rating.GOOD, Rating.GOOD, Rating.EASY]


def test_an_unmeasured_answer_time_is_not_fast(make_session: MakeSession) -> None:
    session = make_session("shapes")  # its ticker reads 0.0: every answer takes 0 s, as piped --plain input
    answered = session.submit(asked(session.open()).presented, "(2, 3)")
    assert answered.suggested is Rating.GOOD
