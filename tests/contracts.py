"""An import-linter contract of our own: imports stand at the top of a module.

A function-local ("late") import of our own code hides a circle from the reader and from the
layer checks' picture; so each one must be listed in pyproject.toml with the reason it is late
(`"importer -> imported: reason"`). Imports of third-party modules are not counted."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def late_imports(tree: ast.AST, module: str, known: set[str]) -> set[tuple[str, int]]:
    """(imported module, line) of every import of a `known` module inside a function."""
    found: set[tuple[str, int]] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        inside = in_function or isinstance(node, FUNCTIONS)
        if in_function and isinstance(node, ast.Import):
            found.update((alias.name, node.lineno) for alias in node.names
                         if alias.name.split(".")[0] in known)
        elif in_function and isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            if base.split(".")[0] in known:
                for alias in node.names:  # `from tui.kit import texts` imports the module tui.kit.texts
                    found.add((f"{base}.{alias.name}" if f"{base}.{alias.name}" in _modules
                               else base, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return found


_modules: set[str] = set()


class LateImportsContract(Contract):
    type_name = "late_imports"

    packages = fields.ListField(subfield=fields.StringField())
    allowed = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        root = Path.cwd()
        known = set(self.packages)  # type: ignore[arg-type]
        _modules.clear()
        _modules.update(graph.modules)
        allowed: dict[str, str] = {}
        unexplained = []
        for entry in self.allowed or []:  # type: ignore[union-attr]
            pair, _sep, reason = entry.partition(":")
            allowed[pair.replace(" ", "")] = reason.strip()
            if not reason.strip():
                unexplained.append(entry)
        seen: set[str] = set()
        offending: list[str] = []
        for module in sorted(m for m in graph.modules if m.split(".")[0] in known):
            path = module_file(root, module)
            if path is None:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for imported, line in sorted(late_imports(tree, module, known)):
                pair = f"{module}->{imported}"
                seen.add(pair)
                if pair not in allowed:
                    offending.append(f"{path.relative_to(root)}:{line}: {module} -> {imported}")
        stale = sorted(set(allowed) - seen)
        return ContractCheck(
            kept=not (offending or stale or unexplained),
            metadata={"offending": offending, "stale": stale, "unexplained": unexplained},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["offending"]:
            output.print_error(f"late import not listed with a reason: {line}", bold=False)
        for pair in check.metadata["stale"]:
            output.print_error(f"listed late import no longer in the code: {pair}", bold=False)
        for entry in check.metadata["unexplained"]:
            output.print_error(f"listed without a reason: {entry}", bold=False)
        output.new_line()
