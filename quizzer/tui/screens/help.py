"""Help (F1 or ?): the keys of the screen underneath and the app's, with the ids used to remap them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from quizzer import paths
from quizzer.tui.screens.base import QuizzerScreen

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp

ABOUT = """\
Type the answer and press **Enter**: it is graded against the truth computed by running the
question's snippet on live torch. Then **Enter** records the suggested rating, or **1-4**
choose Again, Hard, Good or Easy. An answer that cannot be read keeps the question and says
which forms are accepted. While typing, **Esc** leaves the answer box so single keys work;
`:skip`, `:suspend`, `:bury`, `:undo` and `:edit` typed as an answer work too, as in
`quizzer review --plain`. Setting a card aside after its verdict records the answer first.
When nothing is due but a learning card comes back within minutes, the screen counts down
to it and **Enter** studies it at once. **ctrl+p** lists every action; ratings are saved
the moment they are given, so **ctrl+q** never loses one.
"""


REMAP_EXAMPLE = """\
```toml
[keys]
"review.skip" = "k,ctrl+n"

[tui]
theme = "nord"
```
"""


class HelpScreen(ModalScreen[None]):
    """The keys of one screen, as a table, over that screen."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        """The text and the table."""
        with VerticalScroll(id="help"):
            yield Markdown(self._text())

    def _text(self) -> str:
        app = cast("QuizzerApp", self.app)
        screen_bindings = self.under.named_bindings() if isinstance(self.under, QuizzerScreen) else []
        rows = [*screen_bindings, *app.commands()]
        table = "\n".join(f"| `{app.keys_for(b)}` | {b.tooltip or b.description} | `{b.id}` |" for b in rows)
        return (
            f"# Keys\n\n| key | does | id |\n|---|---|---|\n{table}\n\n{ABOUT}\n"
            f"Remap a key in `{paths.config_file()}`:\n\n{REMAP_EXAMPLE}"
        )
