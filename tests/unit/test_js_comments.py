"""Modules sent without comments and indentation (server/api/js_comments.py): only they go, lines stay."""
import shutil
import subprocess
from pathlib import Path

from server.api.js_comments import strip_comment_lines

WEB = Path(__file__).resolve().parents[2] / "web"

SOURCE = """// a comment line
/**
 * A block comment on lines of its own.
 */
import { h } from './dom.js';
const url = 'http://example.org/a'; // after code: dropped, with the spaces before it
const re = /\\/\\/[/*]/g;
const ratio = a / b / c;
  // indented: dropped
const page = `
  // inside a template literal: kept, its spaces too
/* kept too */ ${`nested ${x} // kept`}
 * kept
`;
/* a block with code after it */ const after = 1;
const half = total / 2; /* trailing: kept */
function f() { return /^\\s*\\/\\//.test(x); }
if (a) {
    const s = 'a // string, not a comment'; // but this is one
\tconst q = `x ${y // a comment inside ${…}
  } z`;
  }
"""

EXPECTED = """



import { h } from './dom.js';
const url = 'http://example.org/a';
const re = /\\/\\/[/*]/g;
const ratio = a / b / c;

const page = `
  // inside a template literal: kept, its spaces too
/* kept too */ ${`nested ${x} // kept`}
 * kept
`;
/* a block with code after it */ const after = 1;
const half = total / 2; /* trailing: kept */
function f() { return /^\\s*\\/\\//.test(x); }
if (a) {
const s = 'a // string, not a comment';
const q = `x ${y
} z`;
}
"""


def test_comments_and_indentation_go_and_nothing_else():
    assert strip_comment_lines(SOURCE) == EXPECTED


def test_lines_are_kept_so_stack_traces_still_match():
    assert strip_comment_lines(SOURCE).count("\n") == SOURCE.count("\n")


def test_in_doubt_the_file_is_sent_as_it_is():
    for doubtful in ("// c\nconst s = `open\n// x\n", "// c\nconst s = 'open\n", "// c\n/* open\n", "// c\nconst r = /open\n",
                     "// c\nconst s = `${a`;\n"):
        assert strip_comment_lines(doubtful) == doubtful


def test_every_web_module_still_parses_and_loses_only_comments_and_indentation(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed (make node)"
    changed = 0
    for path in sorted(WEB.rglob("*.js")):
        source = path.read_text(encoding="utf-8")
        sent = strip_comment_lines(source)
        changed += sent != source
        assert sent.count("\n") == source.count("\n"), path
        for before, after in zip(source.split("\n"), sent.split("\n")):
            if before != after:  # a comment line gone, or a line's indentation, or a comment after its code
                code = before.lstrip(" \t")
                assert code.startswith(after), (path, before, after)
                dropped = code[len(after):].lstrip(" \t")
                assert (after == "" and code.startswith(("//", "/*", "*"))) or dropped == "" or dropped.startswith("//"), \
                    (path, before, after)
        copy = tmp_path / (path.stem + ".mjs")
        copy.write_text(sent, encoding="utf-8")
        r = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True)
        assert r.returncode == 0, (path, r.stderr)
    assert changed > 20  # the modules do have comments to drop
