"""Command palette (Ctrl+P): jump to any ring, municipality or indicator by part of its name,
or give any command of the current screen by its name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from store import analysis
from store.rings import list_rings
from tui.kit import format as fmt
from tui.kit.keys import commands_of, key_name, keys_of
from tui.kit.texts.commands import APP


def highlight_literal(matcher: Matcher, label: str) -> Content:
    """Like Matcher.highlight, but the label is data and never parsed as markup."""
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class JumpProvider(Provider):
    """Offers every ring, municipality and indicator of the open database."""

    async def startup(self) -> None:
        app = self.app
        store = getattr(app, "store", None)
        self.targets: list[tuple[str, str, Callable[[], None]]] = []
        if store is None:
            return
        worker = app.run_worker(partial(self._collect, store), thread=True)
        await worker.wait()
        self.targets = worker.result or []

    def _collect(self, store) -> list[tuple[str, str, Callable[[], None]]]:
        app = self.app
        targets: list[tuple[str, str, Callable[[], None]]] = []
        for ring in list_rings(store):
            targets.append((f"Ring: {fmt.clean(ring.name)}", "Vergleichsring öffnen",
                            partial(app.open_ring, ring.id)))
        for row in analysis.municipalities(store).iter_rows(named=True):
            label = f"Kommune: {app.display_name(row['ags'], row['name'])}"
            if not app.pseudonymised:
                label += f" ({row['ags']})"
            targets.append((label, f"Profil öffnen · {row['carrier']}",
                            partial(self._open_municipality, row["ags"])))
        for row in analysis.indicators(store).iter_rows(named=True):
            targets.append((f"Kennzahl: {fmt.clean(row['code'])} {fmt.clean(row['name'])}",
                            "im aktuellen Ring öffnen",
                            partial(self._open_indicator, row["code"])))
        return targets

    def _current_ring(self) -> int | None:
        screen_ring = getattr(self.app.screen, "ring_id", None)
        if screen_ring is not None:
            return screen_ring
        rings = list_rings(self.app.store)
        return rings[0].id if rings else None

    def _open_municipality(self, ags: str) -> None:
        self.app.open_municipality(ags, None, getattr(self.app.screen, "period", None))

    def _open_indicator(self, code: str) -> None:
        ring_id = self._current_ring()
        if ring_id is not None:
            self.app.open_indicator(ring_id, code, getattr(self.app.screen, "period", None))

    async def discover(self) -> Hits:
        for label, help_, action in self.targets:
            if label.startswith("Ring: "):
                yield DiscoveryHit(Content(label), action, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_, action in self.targets:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight_literal(matcher, label), action, help=help_)


class CommandsProvider(Provider):
    """Ctrl+P offers the commands of the screen it was opened on (and the app's), each with
    its key, so a user who forgot a key finds the command by its name."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        found = []
        for target, commands in ((self.screen, commands_of(self.screen)), (self.app, APP)):
            for command in commands:
                if command.PALETTE and command.ACTION:
                    label = f"{command.LABEL} ({key_name(keys_of(command)[0])})"
                    found.append((label, command.description(),
                                  partial(self.app.call_later, target.run_action, command.ACTION)))
        return found

    async def discover(self) -> Hits:
        for label, help_, run in self._commands():
            yield DiscoveryHit(Content(label), run, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_, run in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight_literal(matcher, label), run, help=help_)
