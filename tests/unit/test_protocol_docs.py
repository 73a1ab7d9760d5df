"""The protocol from one source: every op has a test named after it, and the generated files are current.

Like Datasette's `test_plugin_hooks_have_tests`: a test named after each op of the registry
(`test_card_group…` for `card.group`), not any mention of its name; and docs/protocol.md and
web/protocol.js are exactly what `python -m server.protocol.generate` writes.
"""
import ast
import re
from pathlib import Path

import pytest

from server.protocol import generate
from server.protocol.registry import OPS

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
DOCS = ROOT / "docs" / "protocol.md"
RULES_DOC = ROOT / "docs" / "rules.md"


def _test_names() -> set[str]:
    names = set()
    for path in TESTS.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
                names.add(node.name)
    return names


NAMES = _test_names()


def _named_after(op: str, name: str) -> bool:
    stem = "test_" + op.replace(".", "_")
    return name == stem or name.startswith(stem + "_")


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_op_has_a_test(op):
    stem = "test_" + op.replace(".", "_")
    assert any(_named_after(op, name) for name in NAMES), f"No test is named after the op {op!r} ({stem}_…)."


def test_docs_protocol_is_what_the_generator_writes():
    assert DOCS.read_text(encoding="utf-8") == generate.docs(), "docs/protocol.md is out of date: run make protocol"


def test_web_protocol_js_is_what_the_generator_writes():
    web = ROOT / "web" / "protocol.js"
    assert web.read_text(encoding="utf-8") == generate.web(), "web/protocol.js is out of date: run make protocol"


def test_web_protocol_all_js_is_what_the_generator_writes():
    web = ROOT / "web" / "protocol_all.js"
    assert web.read_text(encoding="utf-8") == generate.web_all(), "web/protocol_all.js is out of date: run make protocol"



@pytest.mark.parametrize("op", sorted(OPS))
def test_every_op_has_a_row_in_docs_protocol(op):
    rows = set(re.findall(r"^\|\s*`([a-z_]+\.[a-z_]+)`\s*\|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert op in rows, f"docs/protocol.md has no table row for `{op}`."


def test_rule_ids_in_test_names_are_in_docs_rules():
    """A test named after a rule (`test_T1_...`) names a rule that docs/rules.md defines."""
    documented = set(re.findall(r"^\|\s*([A-Z][0-9]+)\s*\|", RULES_DOC.read_text(encoding="utf-8"), re.MULTILINE))
    named = set()
    for name in NAMES:
        match = re.match(r"test_((?:[A-Z][0-9]+_)+)", name)
        if match:
            named |= {part for part in match.group(1).split("_") if part}
    assert named - documented == set(), "rule ids used in tests but missing from docs/rules.md"
