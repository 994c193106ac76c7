"""Choose a ring's model variables for expected values from its context indicators."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from tui.kit import format as fmt
from tui.kit import keys
from tui.kit.texts import commands
from tui.kit.texts import expected as ex_texts
from tui.kit.widgets.dialogs import DIALOG_CSS


class VariablesDialog(ModalScreen[list[str] | None]):
    """Every context indicator, plain and as a logarithm; Space/Enter ticks, s saves (an empty
    choice goes back to the default), Escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="VariablesDialog") + """
    VariablesDialog SelectionList { height: auto; max-height: 14; }
    """
    COMMAND_LIST = commands.MODEL_VARIABLES
    BINDINGS = keys.bindings(COMMAND_LIST)

    def __init__(self, ring: str, choices: list[tuple[str, str]], current: tuple[str, ...]) -> None:
        super().__init__()
        self.ring = ring
        self.choices = choices  # (code, name) of the context indicators
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for code, name in self.choices:
            for term, label in ((code, ex_texts.VARIABLE_PLAIN), (f"ln({code})", ex_texts.VARIABLE_LOG)):
                shown = label.format(term=term, name=fmt.clean(name))
                options.append(Selection(Text(shown), term, term in self.current))
        with Vertical():
            yield Static(Text(ex_texts.VARIABLES_TITLE.format(ring=fmt.clean(self.ring)),
                              style="bold"))
            yield SelectionList[str](*options, id="variables")
            # The ticks differ only by colour: the choice is spelled out (NO_COLOR).
            yield Static(id="variables-chosen")
            yield Static(Text(keys.hint(self.COMMAND_LIST), style="dim"))

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()
        self.show_chosen()

    def chosen(self) -> list[str]:
        picked = set(self.query_one(SelectionList).selected)
        order = [term for code, _n in self.choices for term in (code, f"ln({code})")]
        return [term for term in order if term in picked]

    def show_chosen(self) -> None:
        terms = self.chosen()
        text = ", ".join(terms) if terms else ex_texts.VARIABLES_DEFAULT
        self.query_one("#variables-chosen", Static).update(
            Text(ex_texts.VARIABLES_CHOSEN.format(variables=text)))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.show_chosen()

    def action_save(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)
