"""Hypothesis strategies for op frames, built from each op's generated JSON schema.

Most arguments are drawn to look right (ids of real records, texts near their limits, numbers
around their bounds) so that the rules behind the schema are reached; the rest are wrong on
purpose: nulls, wrong types, missing and extra fields, deep nesting. The registry is the only
source of what an op takes: a new op is fuzzed without touching this file.
"""
from hypothesis import strategies as st

from server.protocol.limits import ARGS_DEPTH
from server.protocol.registry import OPS

CLIENT_OPS = sorted(name for name, op in OPS.items() if not op.internal)
SCHEMAS = {name: OPS[name].args.model_json_schema() for name in CLIENT_OPS}

TEXTS = st.one_of(
    st.sampled_from(["", " ", "I am lonely", "Nobody calls back", "x" * 170, "x" * 171, "é" * 170, "2026-12-31",
                     "2027-01-31", "31/01/2027", "\u0000", "<script>alert(1)</script>", "ww", "nww", "iff"]),
    st.text(max_size=40),
    st.text(min_size=160, max_size=1100))

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))


def deep(levels: int):
    """A value nested `levels` deep (lists and objects in turn)."""
    value = 1
    for level in range(levels):
        value = [value] if level % 2 else {"a": value}
    return value


WILD = st.one_of(
    JSON_SCALARS,
    st.lists(JSON_SCALARS, max_size=4),
    st.dictionaries(st.text(max_size=8), JSON_SCALARS, max_size=3),
    st.integers(ARGS_DEPTH - 2, ARGS_DEPTH + 30).map(deep))


def _resolve(schema: dict, defs: dict) -> dict:
    ref = schema.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if ref else schema


def one_of_ids(ids: list[str]):
    """An id of the workshop as it is when drawn. `ids` changes as the fuzzer plays; drawing an
    index of a fixed range keeps Hypothesis's choices the same shape whatever the list holds."""
    return st.integers(0, 2**16).map(lambda i: ids[i % len(ids)] if ids else "none")


def plausible(schema: dict, defs: dict, ids: list[str], name: str = "", depth: int = 0):
    """A value of the schema's type, often a right one: ids from the workshop, bounds ± a little."""
    schema = _resolve(schema, defs)
    if "anyOf" in schema:
        return st.one_of([plausible(s, defs, ids, name, depth) for s in schema["anyOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low, high = schema.get("minimum", -3), schema.get("maximum", 30)
        return st.integers(low - 2, high + 2) | st.sampled_from([0, 1, 2, 3, 60, 600, 14401])
    if kind == "number":
        return st.floats(-0.5, 1.5, allow_nan=False) | st.sampled_from([0.0, 0.5, 1.0, -1e308, 1e308])
    if kind == "string":
        if name.endswith("_id") or name.endswith("_ids"):
            return one_of_ids(ids) | st.sampled_from(["", "nope", "w" * 100])
        return TEXTS | one_of_ids(ids)
    if kind == "array":
        items = schema.get("items", {})
        top = min(schema.get("maxItems", 10) + 2, 12)
        return st.lists(plausible(items, defs, ids, name, depth + 1) if depth < 3 else WILD, max_size=top)
    if kind == "object" or "properties" in schema:
        if depth >= 3:
            return WILD
        return args_for(schema, defs, ids, depth + 1)
    return WILD


def args_for(schema: dict, defs: dict, ids: list[str], depth: int = 0):
    """An args object: each field plausible, wild or left out; sometimes a field the op does not know."""
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))

    @st.composite
    def build(draw):
        args = {}
        clean = draw(st.booleans())  # half the frames are only wrong where a value is (ids, bounds)
        for field, sub in properties.items():
            if clean:
                how = "plausible" if field in required or draw(st.booleans()) else "omit"
            else:
                how = draw(st.sampled_from(("plausible",) * 4 + ("wild", "omit")))
            if how == "plausible":
                args[field] = draw(plausible(sub, defs, ids, field, depth))
            elif how == "wild":
                args[field] = draw(WILD)
        if not clean and draw(st.integers(0, 9)) == 0:
            args[draw(st.sampled_from(["extra", "by", "seq", "__proto__", "id"]))] = draw(WILD)
        return args

    return build()


def op_frames(ids: list[str]):
    """(op name, args) for any client op, or an args value that is not an object at all."""
    def for_op(name):
        schema = SCHEMAS[name]
        args = args_for(schema, schema.get("$defs", {}), ids)
        not_an_object = st.sampled_from([None, [], "args", 7])
        return st.tuples(st.just(name), st.integers(0, 29).flatmap(lambda n: not_an_object if n == 0 else args))

    return st.sampled_from(CLIENT_OPS).flatmap(for_op)
