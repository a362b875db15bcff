#!/usr/bin/env python3
"""Prints, for each builtin op in the conformance models
(tests/conformance/cases/*/model.tflite), the newest op version LiteRT's
resolvers register: the op's version is raised until the interpreter no
longer finds a kernel for it. Made kernels/op_versions.def (the larger of the
BUILTIN and BUILTIN_REF values, with ai-edge-litert 2.3.0).

    python3 tools/litert_op_versions.py            # BUILTIN_REF
    python3 tools/litert_op_versions.py builtin    # BUILTIN
"""
import glob
import sys

import flatbuffers
from ai_edge_litert import schema_py_generated as schema
from ai_edge_litert.interpreter import Interpreter, OpResolverType

RESOLVER = OpResolverType.BUILTIN if sys.argv[1:] == ["builtin"] else OpResolverType.BUILTIN_REF
NAMES = {v: k for k, v in vars(schema.BuiltinOperator).items() if not k.startswith("_")}


def resolves(model, code, version):
    """Whether LiteRT builds an interpreter with `code` at `version` (other
    errors than a missing kernel version count as resolved)."""
    code.version = version
    builder = flatbuffers.Builder(4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    try:
        Interpreter(model_content=bytes(builder.Output()), experimental_op_resolver_type=RESOLVER)
        return True
    except Exception as error:  # noqa: BLE001 (LiteRT raises ValueError/RuntimeError)
        return "version" not in str(error) and "Didn't find op" not in str(error)


def main():
    newest = {}
    for path in sorted(glob.glob("tests/conformance/cases/*/model.tflite")):
        with open(path, "rb") as f:
            model = schema.ModelT.InitFromPackedBuf(f.read(), 0)
        for code in model.operatorCodes:
            op = max(code.builtinCode, code.deprecatedBuiltinCode)
            if op in newest or op == schema.BuiltinOperator.CUSTOM:
                continue
            version = 1
            while version < 100 and resolves(model, code, version + 1):
                version += 1
            newest[op] = version
    for op, version in sorted(newest.items()):
        print(f"{NAMES[op]} {op} {version}")


if __name__ == "__main__":
    main()
