"""The shapes a check's child may report in: a JSON schema for every line and every exercise's result.

What comes back from the child is written by a process that ran hostile code, so
nothing of it is used before it is checked here: ``parse`` reads the lines (each
must be a "doing", "isolation" or final record), ``result_problem`` checks a final
result against the exercise's schema and the cases the tutor sent, one result per
case.  Each returns a reason in words, or None; the judges then only see the
shapes they expect.
"""

from __future__ import annotations

import json
from functools import lru_cache

import fastjsonschema

from tutor.text import visible

__all__ = ["parse", "result_problem"]

_STR = {"type": "string"}
_BOOL = {"type": "boolean"}
_INT = {"type": "integer"}
NUMBER = {"anyOf": [{"type": "number"},
                    {"type": "object", "required": ["bad", "repr"],
                     "properties": {"bad": _STR, "repr": _STR}}]}
ERROR = {"type": "object", "required": ["type", "message", "what", "method", "frames"],
         "properties": {"type": _STR, "message": _STR, "what": _STR, "method": _STR,
                        "node": _STR,
                        "frames": {"type": "array", "maxItems": 50, "items": {
                            "type": "array", "minItems": 4, "maxItems": 4,
                            "items": [_STR, _INT, _STR, _STR]}}}}

LINE = {"type": "object", "anyOf": [
    {"required": ["doing", "method"], "properties": {"doing": _STR, "method": _STR}},
    {"required": ["isolation"], "properties": {"isolation": {"enum": ["namespaces", "limits"]},
                                               "why": _STR}},
    {"required": ["done"], "properties": {"done": {"const": True}}, "oneOf": [
        {"required": ["result"]},
        {"required": ["import_error"], "properties": {"import_error": ERROR}},
        {"required": ["probe_error"], "properties": {"probe_error": ERROR}},
        {"required": ["foreign"], "properties": {"foreign": _STR}},
        {"required": ["missing", "file"], "properties": {"missing": _STR, "file": _STR}},
        {"required": ["refused"], "properties": {"refused": _STR}}]}]}

_SETUP = [  # what any nn.py probe may report instead of its result
    {"required": ["missing", "file"], "properties": {"missing": _STR, "file": _STR}},
    {"required": ["error"], "properties": {"error": ERROR}},
    {"required": ["shape", "got"], "properties": {"shape": _STR, "got": _STR}}]


def _numbers(count: int | None = None) -> dict:
    schema = {"type": "array", "items": NUMBER}
    if count is not None:
        schema.update(minItems=count, maxItems=count)
    return schema


def _schema(kind: str, count: int) -> dict:
    if kind == "basics":
        seen = {"type": "object", "required": ["data", "is_value"],
                "properties": {"data": NUMBER, "is_value": _BOOL, "repr": _STR,
                               "repr_error": ERROR},
                "anyOf": [{"required": ["repr"]}, {"required": ["repr_error"]}]}
        return {"type": "object", "anyOf": [
            {"required": ["error"], "properties": {"error": ERROR}},
            {"required": ["pos", "neg"], "properties": {"pos": seen, "neg": seen}}]}
    if kind == "expr":
        node = {"type": "object", "required": ["data", "is_value"],
                "properties": {"data": NUMBER, "is_value": _BOOL, "grad": NUMBER}}
        structure = {"type": "object", "required": ["prev", "op", "label", "has_prev"],
                     "properties": {"prev": {"anyOf": [{"type": "null"},
                                                       {"type": "array", "items": _STR}]},
                                    "op": _STR, "label": _STR, "has_prev": _BOOL}}
        case = {"type": "object", "anyOf": [
            {"required": ["error", "step"], "properties": {"error": ERROR, "step": _STR}},
            {"required": ["nodes"], "properties": {
                "nodes": {"type": "object", "additionalProperties": node},
                "structure": {"type": "object", "additionalProperties": structure},
                "grad0": {"type": "object", "additionalProperties": NUMBER},
                "calls": {"anyOf": [{"type": "null"}, {"type": "array", "items": _STR}]},
                "error": ERROR}}]}
        return {"type": "array", "minItems": count, "maxItems": count, "items": case}
    if kind == "neuron":
        case = {"type": "object", "required": ["start", "out", "grads"],
                "properties": {"start": _numbers(), "out": NUMBER, "grads": _numbers()}}
        return {"type": "object", "anyOf": _SETUP + [
            {"required": ["cases"], "properties": {"cases": {
                "type": "array", "minItems": count, "maxItems": count, "items": case}}}]}
    if kind == "mlp":
        params = {"type": "object", "required": ["count", "values", "unique"],
                  "properties": {"count": _INT, "values": _BOOL, "unique": _INT}}
        return {"type": "object", "anyOf": _SETUP + [{
            "required": ["Neuron(3)", "Layer(3, 4)", "layer_out", "params"],
            "properties": {
                "Neuron(3)": params, "Layer(3, 4)": params,
                "layer_out": {"anyOf": [_INT, _STR]},
                "params": {"type": "object",
                           "required": ["count", "unique", "all_listed", "extra"],
                           "properties": {"count": _INT, "unique": _INT, "all_listed": _BOOL,
                                          "extra": _INT}},
                "out_shape": _STR, "out": NUMBER, "grads": _numbers(count)},
            "anyOf": [{"required": ["out_shape"]}, {"required": ["out", "grads"]}]}]}
    if kind == "train":
        return {"type": "object", "anyOf": _SETUP + [{
            "required": ["losses", "params"],
            "properties": {"losses": _numbers(), "params": _numbers(count)}}]}
    raise ValueError(f"no schema for {kind!r}")


@lru_cache(maxsize=None)
def _validator(kind: str, count: int = 0):
    return fastjsonschema.compile(LINE if kind == "line" else _schema(kind, count))


def _why(e: fastjsonschema.JsonSchemaValueException) -> str:
    where = e.name.replace("data", "the report", 1) if e.name else "the report"
    return f"{where}: {e.message.split(' must ')[-1] if ' must ' in e.message else e.message}"


def parse(raw: bytes) -> tuple[list[dict], str | None]:
    """The child's lines as records, and what is wrong with them (None: nothing)."""
    found = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            _validator("line")(record)
        except (ValueError, RecursionError):
            return found, f"line {number} of the report is not JSON"
        except fastjsonschema.JsonSchemaValueException:
            return found, f"line {number} of the report is not one the check sends"
        found.append(_visible(record))
    return found, None


def _visible(value):
    """Every string of a record with its control characters written out (a learner's
    repr or exception message may hold ``ESC[2J`` or an OSC title or clipboard code)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_visible(v) for v in value]
    if isinstance(value, dict):
        return {visible(k): _visible(v) for k, v in value.items()}
    return value


def result_problem(kind: str, result, request: dict) -> str | None:
    """None if ``result`` has the shape of ``kind``'s result for ``request`` (one result
    per case, every node named), else the reason."""
    count = {"expr": len(request.get("cases", [])), "neuron": len(request.get("cases", [])),
             "mlp": len(request.get("params", [])),
             "train": len(request.get("params", []))}.get(kind, 0)
    try:
        _validator(kind, count)(result)
    except fastjsonschema.JsonSchemaValueException as e:
        return _why(e) if kind not in ("expr", "neuron") or "Items" not in e.rule else (
            f"{_count(result)} results for {count} cases")
    if kind == "expr":
        for i, (case, seen) in enumerate(zip(request["cases"], result), 1):
            problem = _expr_problem(case, seen)
            if problem:
                return f"case {i}: {problem}"
    if kind == "neuron" and "cases" in result:
        for i, (case, seen) in enumerate(zip(request["cases"], result["cases"]), 1):
            size = len(case["x"]) + 1
            if len(seen["start"]) != size or len(seen["grads"]) != size:
                return f"case {i}: {size} weights and bias expected"
    return None


def _count(result) -> int:
    if isinstance(result, dict):
        result = result.get("cases", [])
    return len(result) if isinstance(result, list) else 0


def _expr_problem(case: dict, seen: dict) -> str | None:
    if "step" in seen:
        return None
    names = [step[1] for step in case["steps"]]
    if set(seen["nodes"]) != set(names):
        return "the nodes are not the case's"
    if case["mode"] in ("manual", "backward", "order"):
        if any("grad" not in seen["nodes"][n] for n in names):
            return "a node without its grad"
        if set(seen.get("grad0", {})) != set(names):
            return "the starting grads are not the case's"
    if case["mode"] == "structure" and set(seen.get("structure", {})) != set(names):
        return "the structure is not the case's"
    return None
