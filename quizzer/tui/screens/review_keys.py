"""The review screen's keys and stages: which action each stage allows, and the `--plain` commands typed as answers."""

from __future__ import annotations

from enum import Enum

from textual.binding import Binding

PLAIN_COMMANDS = {
    ":undo": "undo",
    ":skip": "skip",
    ":suspend": "suspend",
    ":bury": "bury",
    ":edit": "edit",
    ":quit": "app.quit",
}


class Stage(Enum):
    """Where the screen is in the ask-judge-rate loop."""

    LOADING = "loading"  # waiting for the session's next step
    EARLY = "early"  # the saved question is shown while the session opens: typing, no judging yet
    ASKING = "asking"  # question shown, answer being typed
    JUDGING = "judging"  # answer sent, verdict not back yet
    RATING = "rating"  # verdict shown: Enter accepts the suggestion, 1-4 override
    FAILED = "failed"  # error verdict: no truth; the session skipped the question
    WAITING = "waiting"  # nothing due now: counting down to a learning card
    SAVING = "saving"  # a rating or another action is being committed


ALLOWED = {
    "accept": {Stage.RATING, Stage.FAILED, Stage.WAITING},
    "rate": {Stage.RATING},
    "undo": {Stage.ASKING, Stage.WAITING},
    "suspend": {Stage.ASKING, Stage.RATING, Stage.FAILED},
    "bury": {Stage.ASKING, Stage.RATING, Stage.FAILED},
    "skip": {Stage.ASKING, Stage.RATING, Stage.FAILED},
    "edit": {Stage.ASKING, Stage.RATING, Stage.FAILED},
    "finish": {Stage.ASKING, Stage.RATING, Stage.FAILED, Stage.WAITING},
    "toggle_answer": {Stage.EARLY, Stage.ASKING, Stage.JUDGING},  # kept while judging: the footer stays as it is
}
TYPED_KEYS = {"accept", "rate", "undo", "suspend", "bury", "skip", "edit", "finish"}  # plain keys: off while typing

REVIEW_BINDINGS = [
    Binding(
        "enter",
        "accept",
        "Accept",
        id="review.accept",
        tooltip="Record the suggested rating (after an error: next question; while waiting: study it now)",
    ),
    Binding("1", "rate(1)", "Again", show=False, id="review.again", tooltip="Rate Again"),
    Binding("2", "rate(2)", "Hard", show=False, id="review.hard", tooltip="Rate Hard"),
    Binding("3", "rate(3)", "Good", show=False, id="review.good", tooltip="Rate Good"),
    Binding("4", "rate(4)", "Easy", show=False, id="review.easy", tooltip="Rate Easy"),
    Binding("u", "undo", "Undo", id="review.undo", tooltip="Undo the last recorded answer"),
    Binding("s", "suspend", "Suspend", id="review.suspend", tooltip="Keep this card out of every review"),
    Binding("b", "bury", "Bury", id="review.bury", tooltip="Keep this card out of today's review"),
    Binding("n", "skip", "Skip", id="review.skip", tooltip="Skip this card for now; it stays due"),
    Binding(
        "e",
        "edit",
        "Edit",
        id="review.edit",
        tooltip="Open the question in $EDITOR at its line, then reload the deck",
    ),
    Binding("f", "finish", "Finish", id="review.finish", tooltip="End the session and show the summary"),
    Binding("escape", "toggle_answer", "Keys", id="review.keys", tooltip="Leave (or go back to) the answer box"),
]
