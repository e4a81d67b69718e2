"""ReviewService: the one API the TUI, ``review --plain`` and the CLI use for studying.

Every method runs in its own transaction and returns plain data. ``answer`` commits the
log row and the card's new state together before it returns, so an answer a client has
acknowledged is on disk. Undo covers the last ``UNDO_LIMIT`` answers given through this
service object (a session), whose states before it keeps; it is not kept across processes.

A service studies as one learner profile (``profile``, default: the local user's name),
created on first use: it reads and changes that profile's cards, log, counts, deck
fingerprints and parameters only, so learners sharing a database never see each other's.

Times are aware datetimes (any zone; stored as UTC). A service is used from one thread
at a time (a Textual thread worker, or the main thread).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from quizzer.review.deck_counts import count_decks
from quizzer.review.errors import UndoConflictError
from quizzer.review.queue import Scope, count_scope, gather, today_of
from quizzer.review.views import CardView, DeckCounts, NewCardLimit, PastAnswer, ReviewResult, SyncReport
from quizzer.scheduling.day import StudyDay, as_utc
from quizzer.scheduling.settings import Settings
from quizzer.store import history
from quizzer.store.db import make_engine, read_session, session_factory, write_session
from quizzer.store.models import Card, ReviewLog
from quizzer.store.opening import guard_for, open_database
from quizzer.store.parameters import COLLECTION, FittedParameters, all_fitted, delete_fitted, save_fitted
from quizzer.store.profiles import default_profile_name, find_profile, profile_id

if TYPE_CHECKING:  # imported where used: `quizzer stats` and the counts need neither fsrs nor the deck model
    from quizzer.decks.model import Deck
    from quizzer.review.log_reader import LoggedReview, ReviewDetails
    from quizzer.review.stats import Stats
    from quizzer.scheduling.scheduler import Scheduler

UNDO_LIMIT = 30


@dataclass(frozen=True)
class _Undo:
    """What undoing one answer of this session needs: its row, the card before it, whether it added an instance."""

    review_id: int
    before: dict[str, Any]
    new_instance: bool


class ReviewService:
    """Sync decks into the store, build today's queue, record and undo answers."""

    def __init__(self, db_url: str, settings: Settings | None = None, profile: str | None = None) -> None:
        """Open (creating or upgrading) the database at ``db_url`` as ``profile`` (created when new).

        ``backup`` is the copy made before an upgrade.
        """
        self.settings = settings or Settings()
        self.db_url = db_url
        self.profile = profile or default_profile_name()
        self.backup: Path | None = open_database(db_url)
        self._guard = guard_for(db_url)
        self._engine = make_engine(db_url)
        self._sessions = session_factory(self._engine)
        with read_session(self._sessions) as session:  # a read first: opening takes no write lock once it exists
            found = find_profile(session, self.profile)
        if found is None:
            with write_session(self._sessions) as session:
                found = profile_id(session, self.profile)
        self.profile_id: int = found
        self._schedulers: dict[tuple[float, ...] | None, Scheduler] = {}  # by FSRS parameters (None: defaults)
        self._day = StudyDay(self.settings.day_starts_at_hour, self.settings.zone())
        self._undo: deque[_Undo] = deque(maxlen=UNDO_LIMIT)
        self._more_new: dict[datetime, int] = {}  # start of a study day -> new cards allowed on top of the limit

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> ReviewService:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def day_end(self, now: datetime) -> datetime:
        """When the study day holding ``now`` ends (UTC): today's queue is built anew after it."""
        return self._day.end(as_utc(now))

    # decks

    def sync(self, decks: Sequence[Deck], now: datetime | None = None, *, complete: bool = False) -> SyncReport:
        """Create, rename, restore, flag and archive cards to match ``decks`` (see ``quizzer.review.sync``)."""
        from quizzer.review.sync import sync_decks

        moment = as_utc(now or datetime.now(UTC))
        with write_session(self._sessions) as session:
            return sync_decks(session, self.profile_id, decks, moment, complete=complete)

    # the queue

    def due_queue(
        self,
        now: datetime,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        *,
        limit: int | None = None,
    ) -> list[CardView]:
        """Today's cards in study order, after limits, burying, suspension and archiving (the first ``limit`` only)."""
        with read_session(self._sessions) as session:
            moment = as_utc(now)
            today = today_of(session, self._day, moment, self.profile_id)
            queue = gather(session, self._limits(moment), today, moment, Scope(self.profile_id, deck_ids, tags))
            return [CardView.of(card) for card in islice(queue.cards(), limit)]

    def head(
        self, now: datetime, limit: int, deck_ids: Collection[str] | None = None, tags: Collection[str] | None = None
    ) -> tuple[list[CardView], DeckCounts]:
        """The first ``limit`` cards of ``due_queue`` and the scope's ``scope_counts``, read in one transaction.

        What a study session reads for each question it shows.
        """
        moment = as_utc(now)
        with read_session(self._sessions) as session:
            today = today_of(session, self._day, moment, self.profile_id)
            limits, scope = self._limits(moment), Scope(self.profile_id, deck_ids, tags)
            queue = gather(session, limits, today, moment, scope)
            cards = [CardView.of(card) for card in islice(queue.cards(), limit)]
            return cards, _deck_counts(*count_scope(session, limits, today, moment, scope))

    def next_card(
        self, now: datetime, deck_ids: Collection[str] | None = None, tags: Collection[str] | None = None
    ) -> CardView | None:
        """The card to study now, or a learning card due within 20 minutes, or None when done for now."""
        with read_session(self._sessions) as session:
            moment = as_utc(now)
            today = today_of(session, self._day, moment, self.profile_id)
            queue = gather(session, self._limits(moment), today, moment, Scope(self.profile_id, deck_ids, tags))
            card = next(queue.cards(), None) or next(queue.ahead, None)
            return CardView.of(card) if card else None

    def learning_ahead(
        self, now: datetime, deck_ids: Collection[str] | None = None, tags: Collection[str] | None = None
    ) -> list[CardView]:
        """Learning cards due after ``now`` but within the learn-ahead window (20 minutes), soonest first."""
        with read_session(self._sessions) as session:
            moment = as_utc(now)
            today = today_of(session, self._day, moment, self.profile_id)
            queue = gather(session, self._limits(moment), today, moment, Scope(self.profile_id, deck_ids, tags))
            return [CardView.of(card) for card in queue.ahead]

    def counts(self, now: datetime) -> dict[str, DeckCounts]:
        """Per deck: what is left to study today (``DeckCounts``), each deck counted as a scope of its own."""
        moment = as_utc(now)
        with read_session(self._sessions) as session:
            today = today_of(session, self._day, moment, self.profile_id)
            per_deck = count_decks(session, self._limits(moment), today, moment, self.profile_id)
        return {deck: _deck_counts(*counts) for deck, counts in sorted(per_deck.items())}

    def scope_counts(
        self, now: datetime, deck_ids: Collection[str] | None = None, tags: Collection[str] | None = None
    ) -> DeckCounts:
        """What is left to study today in one review scope: the number a session on it shows as left."""
        moment = as_utc(now)
        with read_session(self._sessions) as session:
            today = today_of(session, self._day, moment, self.profile_id)
            return _deck_counts(
                *count_scope(session, self._limits(moment), today, moment, Scope(self.profile_id, deck_ids, tags))
            )

    # today's new-card limit

    def new_card_limit(self, now: datetime) -> NewCardLimit:
        """Today's new-card limit and how much of it is used."""
        moment = as_utc(now)
        with read_session(self._sessions) as session:
            done = today_of(session, self._day, moment, self.profile_id).new_done
        extra = self._more_new.get(self._day.start(moment), 0)
        return NewCardLimit(done=done, limit=self.settings.new_per_day + extra, extra=extra)

    def allow_more_new(self, extra: int, now: datetime) -> None:
        """Raise the new-card limit by ``extra`` for the study day holding ``now`` only (Anki's custom study).

        It lives in this object: the caller keeps it across processes (``quizzer.study.more_new``).
        """
        self._more_new = {self._day.start(as_utc(now)): max(0, extra)}

    def _limits(self, moment: datetime) -> Settings:
        """The settings with today's new-card limit (raised by ``allow_more_new`` for this study day)."""
        extra = self._more_new.get(self._day.start(moment), 0)
        return (
            self.settings.model_copy(update={"new_per_day": self.settings.new_per_day + extra})
            if extra
            else self.settings
        )

    # answering

    def preview(self, card_id: str, now: datetime) -> dict[int, datetime]:
        """The due date each rating (1 Again .. 4 Easy) would give now: exactly what ``answer`` applies."""
        from quizzer.review.answers import card_by_key, schedule_of

        with read_session(self._sessions) as session:
            card = card_by_key(session, self.profile_id, card_id)
            return self._scheduler_for(session, card.deck).preview(card.id, schedule_of(card), as_utc(now))

    def answer(
        self,
        card_id: str,
        rating: int,
        now: datetime,
        *,
        typed_answer: str | None = None,
        verdict: str | None = None,
        truth: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        seed: int | None = None,
        device: str | None = None,
        torch_version: str | None = None,
        duration_ms: int = 0,
    ) -> ReviewResult:
        """Record one answer: log row and new card state are committed together before this returns."""
        from quizzer.review.answers import AnswerDetails, card_by_key, record_answer

        details = AnswerDetails(typed_answer, verdict, truth, params, seed, device, torch_version, duration_ms)
        moment = as_utc(now)
        with write_session(self._sessions) as session:
            card = card_by_key(session, self.profile_id, card_id)
            scheduler = self._scheduler_for(session, card.deck)
            recorded = record_answer(session, scheduler, self.settings.leech_lapses, card, rating, moment, details)
            result = ReviewResult(recorded.row.id, CardView.of(recorded.card), rating, moment, recorded.became_leech)
            self._check_file()  # before the commit: an answer is never acknowledged into a deleted file
        self._undo.append(_Undo(result.review_id, recorded.before, recorded.new_instance))
        return result

    def recent_answers(self, card_id: str, limit: int = 5) -> list[PastAnswer]:
        """The card's last ``limit`` answers, newest first."""
        from quizzer.review.answers import card_by_key

        with read_session(self._sessions) as session:
            card = card_by_key(session, self.profile_id, card_id)
            rows = session.scalars(
                select(ReviewLog)
                .where(ReviewLog.card_id == card.id)
                .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
                .limit(limit)
            )
            return [PastAnswer(row.verdict, row.rating, row.duration_ms) for row in rows]

    def undo(self) -> CardView | None:
        """Undo the last answer of this session (up to 30 back); returns the restored card, or None."""
        if not self._undo:
            return None
        from quizzer.review.answers import undo_answer

        try:
            with write_session(self._sessions) as session:
                last = self._undo[-1]
                card = CardView.of(undo_answer(session, last.review_id, last.before, last.new_instance))
                self._check_file()
        except UndoConflictError:
            self._undo.pop()  # it can never succeed: let older answers be undone
            raise
        self._undo.pop()
        return card

    # card actions

    def card(self, card_id: str) -> CardView:
        """One card by its ``deck/note/question`` id."""
        from quizzer.review.answers import card_by_key

        with read_session(self._sessions) as session:
            return CardView.of(card_by_key(session, self.profile_id, card_id))

    def suspend(self, card_id: str) -> None:
        """Keep the card out of every queue until ``unsuspend``."""
        self._set(card_id, suspended=True)

    def unsuspend(self, card_id: str) -> None:
        """Let a suspended card be scheduled again."""
        self._set(card_id, suspended=False)

    def bury(self, card_id: str, now: datetime) -> None:
        """Keep the card out of today's queue (until the next study day starts)."""
        self._set(card_id, buried_until=self._day.end(as_utc(now)))

    def leeches(self) -> list[CardView]:
        """Cards flagged as leeches that are still in the decks."""
        with read_session(self._sessions) as session:
            query = (
                select(Card)
                .where(Card.profile_id == self.profile_id, Card.leech, Card.archived == false())
                .order_by(Card.key)
            )
            return [CardView.of(card) for card in session.execute(query).scalars()]

    def stats(self, now: datetime) -> Stats:
        """Reviews per day, the 30-day due forecast, retention by week and the weakest notes (``quizzer.review.stats``)."""
        from quizzer.review.stats import collect_stats

        with read_session(self._sessions) as session:
            return collect_stats(session, self._day, as_utc(now), self.profile_id)

    @contextmanager
    def reviews(self, since: datetime | None = None) -> Iterator[Iterator[LoggedReview]]:
        """Every answer (since ``since``) in review order, streamed inside one read transaction (``read_log``)."""
        from quizzer.review.log_reader import read_log

        with read_session(self._sessions) as session:
            yield read_log(session, self.profile_id, as_utc(since) if since else None)

    def review_details(self, card_id: str | None = None) -> list[ReviewDetails]:
        """Everything stored about each answer (to one card, if given), oldest first (``read_details``)."""
        from quizzer.review.answers import card_by_key
        from quizzer.review.log_reader import read_details

        with read_session(self._sessions) as session:
            card = card_by_key(session, self.profile_id, card_id).id if card_id else None
            return read_details(session, self.profile_id, card)

    def export_revlog(self, path: Path) -> int:
        """Write the review log as the FSRS optimizer's CSV; returns the number of reviews."""
        from quizzer.review.revlog_export import write_revlog_csv

        with read_session(self._sessions) as session:
            return write_revlog_csv(session, path, self.profile_id)

    def _check_file(self) -> None:
        if self._guard is not None:
            self._guard.check()

    # FSRS parameters (quizzer optimize)

    def _scheduler_for(self, session: Session, deck: str) -> Scheduler:
        """The scheduler of ``deck``: its own fitted parameters, else the collection's, else the defaults.

        Read in the answer's own transaction, so parameters adopted by another process
        schedule from the next answer.
        """
        fitted = all_fitted(session, self.profile_id)
        chosen = fitted.get(deck) or fitted.get(COLLECTION)
        key = chosen.parameters if chosen else None
        if key not in self._schedulers:
            from quizzer.scheduling.scheduler import Scheduler

            self._schedulers[key] = Scheduler(self.settings, key)
        return self._schedulers[key]

    def fitted_parameters(self) -> dict[str, FittedParameters]:
        """The stored FSRS parameters by preset (``""``: the collection; otherwise a deck id)."""
        with read_session(self._sessions) as session:
            return all_fitted(session, self.profile_id)

    def save_parameters(self, fitted: FittedParameters) -> None:
        """Schedule with ``fitted`` from the next answer (for its preset's cards)."""
        with write_session(self._sessions) as session:
            save_fitted(session, self.profile_id, fitted)

    def reset_parameters(self, preset: str | None = None) -> int:
        """Back to the default parameters for ``preset`` (None: every preset); how many presets were removed."""
        with write_session(self._sessions) as session:
            return delete_fitted(session, self.profile_id, preset)

    def answers_for_fit(self, deck: str | None = None) -> list[history.Answer]:
        """Every answer (of ``deck``'s cards, or of all) in review order, for fitting FSRS parameters."""
        with read_session(self._sessions) as session:
            return history.answers(session, self.profile_id, deck)

    def answer_count(self, deck: str | None = None) -> int:
        """How many answers (of ``deck``'s cards, or of all) the review log holds."""
        with read_session(self._sessions) as session:
            return history.answer_count(session, self.profile_id, deck)

    def card_count(self, deck: str | None = None) -> int:
        """Cards still in the decks (of ``deck``, or all)."""
        query = select(func.count(Card.id)).where(Card.profile_id == self.profile_id, Card.archived == false())
        if deck is not None:
            query = query.where(Card.deck == deck)
        with read_session(self._sessions) as session:
            return int(session.execute(query).scalar_one())

    def _set(self, card_id: str, **values: object) -> None:
        from quizzer.review.answers import card_by_key

        with write_session(self._sessions) as session:
            card = card_by_key(session, self.profile_id, card_id)
            for name, value in values.items():
                setattr(card, name, value)


def _deck_counts(learning: int, review: int, new: int, new_cards: int) -> DeckCounts:
    return DeckCounts(new=new, learning=learning, due=review, new_held=new_cards - new)
