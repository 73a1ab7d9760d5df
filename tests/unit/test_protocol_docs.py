"""Every op of the protocol has a test and a row in docs/protocol.md (as Datasette does for its hooks)."""
import re
from pathlib import Path

import pytest

from server.protocol.registry import OP_ARGS

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
DOCS = ROOT / "docs" / "protocol.md"


def _test_sources() -> str:
    """The text of every test module, this one left out (it names no op itself)."""
    here = Path(__file__).resolve()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py")) if p.resolve() != here)


def _doc_rows() -> set[str]:
    """The names in backticks that open a table row of docs/protocol.md: ``| `card.group` | …``."""
    return set(re.findall(r"^\|\s*`([a-z_]+\.[a-z_]+)`\s*\|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))


SOURCES = _test_sources()
ROWS = _doc_rows()


@pytest.mark.parametrize("op", sorted(OP_ARGS))
def test_every_op_has_a_test(op):
    quoted = (f'"{op}"', f"'{op}'")
    assert any(q in SOURCES for q in quoted), f"No test under tests/ uses the op {op!r}. Add one."


@pytest.mark.parametrize("op", sorted(OP_ARGS))
def test_every_op_has_a_row_in_docs_protocol(op):
    assert op in ROWS, f"docs/protocol.md has no table row for `{op}`. Document it."


def test_docs_name_no_op_that_does_not_exist():
    """A documented op row must be a real op (rows are ops, not frames or records)."""
    frames = {"hello", "eph"}
    assert ROWS - set(OP_ARGS) - frames == set()


RULES_DOC = ROOT / "docs" / "rules.md"


def test_rule_ids_in_test_names_are_in_docs_rules():
    """A test named after a rule (`test_T1_...`) names a rule that docs/rules.md defines."""
    documented = set(re.findall(r"^\|\s*([A-Z][0-9]+)\s*\|", RULES_DOC.read_text(encoding="utf-8"), re.MULTILINE))
    named = set()
    for name in re.findall(r"def (?:test_)?((?:[A-Z][0-9]+_)+)", SOURCES):
        named |= {part for part in name.split("_") if part}
    assert named - documented == set(), "rule ids used in tests but missing from docs/rules.md"
