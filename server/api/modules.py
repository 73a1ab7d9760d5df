"""Which ES modules a page needs, read from the modules themselves, so the HTML can ask for all at once.

Without a bundler, a browser finds a module's imports only after it has fetched and parsed that
module: main.js → shell.js → screens → models is four round trips in a row on a phone. The
HTML shell instead names every module of the page in `<link rel="modulepreload">`, and the browser
fetches them in parallel while it parses the page. Nothing here is a second list to keep up to
date: the graph is the modules' static `import … from '…'` lines, and which module a page starts
from is main.js's own table of pages (`view: () => import('…')`). Dynamic `import()` elsewhere
stays lazy: what only staff load is not preloaded for anyone.
"""
import posixpath
import re
from pathlib import Path

# `import x from '…'`, `import {a,\n b} from "…"`, `export * from '…'`, `import '…'` — not `import(…)`
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\b(?:[^'";()]*?\bfrom\s*)?\s*['"]([^'"]+)['"]""", re.MULTILINE)
PAGE_TABLE = re.compile(r"""^\s*(\w+)\s*:\s*\(\)\s*=>\s*import\(\s*['"]([^'"]+)['"]\s*\)""", re.MULTILINE)
COMMENT = re.compile(r"/\*.*?\*/|^\s*//[^\n]*", re.DOTALL | re.MULTILINE)


class ModuleGraph:
    """The static import graph of the modules under `web` (paths relative to it, like "app/main.js")."""

    def __init__(self, web: Path, entry: str = "app/main.js"):
        self.web, self.entry = web, entry
        self.parsed: dict[str, tuple[int, list[str]]] = {}  # module → (mtime_ns, its static imports)

    def imports(self, module: str) -> list[str]:
        path = self.web / module
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return []
        known = self.parsed.get(module)
        if known is None or known[0] != stamp:
            source = COMMENT.sub("", path.read_text(encoding="utf-8"))
            known = self.parsed[module] = (stamp, [resolved(module, spec) for spec in STATIC_IMPORT.findall(source)
                                                   if spec.startswith(".")])
        return known[1]

    def closure(self, module: str) -> list[str]:
        """The module and everything it imports statically, each once, depth first."""
        seen: dict[str, None] = {}
        stack = [module]
        while stack:
            m = stack.pop()
            if m in seen or not m.endswith(".js"):
                continue
            seen[m] = None
            stack.extend(reversed(self.imports(m)))
        return list(seen)

    def page_module(self, view: str) -> str | None:
        """The module main.js loads for a view ("board", "join", "start"…)."""
        try:
            source = (self.web / self.entry).read_text(encoding="utf-8")
        except OSError:
            return None
        for name, spec in PAGE_TABLE.findall(source):
            if name == view:
                return resolved(self.entry, spec)
        return None

    def for_page(self, view: str) -> list[str]:
        """Every module a view needs at once: the entry's graph and the view's own (entry first)."""
        page = self.page_module(view)
        modules = dict.fromkeys(self.closure(self.entry))
        if page:
            modules.update(dict.fromkeys(self.closure(page)))
        return list(modules)


def resolved(importer: str, spec: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))


def preload_links(modules: list[str], skip: str) -> str:
    return "".join(f'<link rel="modulepreload" href="/web/{m}">\n  ' for m in modules if m != skip)
