"""The front end's modules sent without their comments and indentation: a third of a phone's JavaScript.

web/ keeps its comments (they say why) and its indentation (it shows the structure); a phone has use
for neither. Dropped: a line whose code starts with `//`, and a `/* … */` block that begins a line
and ends one; a `//` comment after code on its line; the spaces and tabs that begin a line. Each
line stays (a dropped comment line stays as an empty line), so line numbers in a stack trace still
match the file. Nothing else is touched: no code, no string, no template literal (its lines keep
their spaces), no regular expression, not a `/* … */` after code. It is not a minifier: no name,
space within a line or literal is rewritten. Brotli compresses indentation well, but not to
nothing: with the comments after code, about 3 KB of a phone's ~45 KB (bench/pageload.py).

To know a `//` at the start of a line is a comment and not the inside of a multi-line template
literal, the text is read as JavaScript's lexical grammar does: strings, template literals with
their `${…}` (nested to any depth), regular expression literals (told from division by the token
before them), comments. Whenever the reading is in doubt (an unterminated string, template,
comment or regular expression, or braces that do not balance) the file is sent as it is.
"""

# After one of these (or at the start), `/` begins a regular expression; after anything else
# (a name, a number, `)`, `]`, `}` of an expression) it is division. `}` counts as a block's end.
_REGEX_AFTER_CHARS = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
                      "instanceof", "yield", "await"}


class _Doubt(Exception):
    pass


def strip_comment_lines(source: str) -> str:
    """`source` without its comments and indentation (each line kept), or unchanged if in doubt."""
    try:
        drops = _drops(source)
    except _Doubt:
        return source
    if not drops:
        return source
    out = []
    last = 0
    for start, end in _merged(drops):
        out.append(source[last:start])
        out.append("\n" * source.count("\n", start, end))
        last = end
    out.append(source[last:])
    return "".join(out)


def _merged(drops: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges in order, overlapping ones joined (a comment line's range holds its indentation's)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(drops):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _drops(s: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch to drop: a comment line (from its line's start to its end, newline
    excluded), a comment after code (with the spaces before it), the indentation of a line of code."""
    drops: list[tuple[int, int]] = []
    n = len(s)
    i = 0
    prev = ""  # the last significant character of code, or the last word
    stack: list[int] = []  # for each open `${`: the depth of `{` inside it
    while i < n:
        c = s[i]
        if c == "\n":
            # Only here, in code, does a line begin: a template's or a comment's own lines are skipped whole.
            j = i + 1
            while j < n and s[j] in " \t":
                j += 1
            if j > i + 1:
                drops.append((i + 1, j))
            i = j
            continue
        if c in " \t\r\f\v\u00a0\ufeff":
            i += 1
            continue
        if c == "/" and i + 1 < n and s[i + 1] == "/":
            end = s.find("\n", i)
            end = n if end < 0 else end
            line_start = s.rfind("\n", 0, i) + 1
            if not s[line_start:i].strip():
                drops.append((line_start, end))
            else:
                code_end = i
                while s[code_end - 1] in " \t":
                    code_end -= 1
                drops.append((code_end, end))
            i = end
            continue
        if c == "/" and i + 1 < n and s[i + 1] == "*":
            close = s.find("*/", i + 2)
            if close < 0:
                raise _Doubt("unterminated comment")
            end = close + 2
            line_start = s.rfind("\n", 0, i) + 1
            line_end = s.find("\n", end)
            line_end = n if line_end < 0 else line_end
            if not s[line_start:i].strip() and not s[end:line_end].strip():
                drops.append((line_start, line_end))
            i = end
            continue
        if c in "'\"":
            i = _skip_string(s, i)
            prev = "a"
            continue
        if c == "`":
            i = _skip_template(s, i + 1, stack)
            prev = "a"
            continue
        if c == "/":
            if prev == "" or prev in _REGEX_AFTER_CHARS or prev in _REGEX_AFTER_WORDS:
                i = _skip_regex(s, i)
                prev = "a"
            else:
                i += 1
                prev = "/"
            continue
        if c == "{":
            if stack:
                stack[-1] += 1
            prev = c
            i += 1
            continue
        if c == "}":
            if stack:
                if stack[-1] == 0:  # the end of a template's ${…}: the template goes on
                    stack.pop()
                    i = _skip_template(s, i + 1, stack)
                    prev = "a"
                    continue
                stack[-1] -= 1
            prev = c
            i += 1
            continue
        if c.isalnum() or c in "_$" or ord(c) > 127:
            j = i
            while j < n and (s[j].isalnum() or s[j] in "_$" or ord(s[j]) > 127):
                j += 1
            word = s[i:j]
            # a word that ends an expression (a name, a number) makes a following `/` division
            prev = word if word in _REGEX_AFTER_WORDS else "a"
            i = j
            continue
        prev = c
        i += 1
    if stack:
        raise _Doubt("unbalanced ${")
    return drops


def _skip_string(s: str, i: int) -> int:
    quote = s[i]
    i += 1
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        if c == "\n":
            raise _Doubt("unterminated string")
        i += 1
    raise _Doubt("unterminated string")


def _skip_template(s: str, i: int, stack: list[int]) -> int:
    """From inside a template literal: past its closing backtick, or into a `${` (pushed on stack)."""
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            return i + 1
        if c == "$" and i + 1 < len(s) and s[i + 1] == "{":
            stack.append(0)
            return i + 2
        i += 1
    raise _Doubt("unterminated template")


def _skip_regex(s: str, i: int) -> int:
    i += 1
    in_class = False
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "\n":
            raise _Doubt("unterminated regular expression")
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "/":
            i += 1
            while i < len(s) and (s[i].isalnum() or s[i] in "_$"):
                i += 1  # flags
            return i
        i += 1
    raise _Doubt("unterminated regular expression")
