"""Hybrid EMBEDDING_LOOKUP: an int8 (or uint8) table with float32 output,
each looked-up value times the table's scale, or its row's (per-axis along
dimension 0). The converter keeps embedding tables in float (GATHER), so
each case replaces a trivial converted model by one hand-built operator
(seeded table, int32 ids as the graph input). LiteRT reads a uint8 table's
bytes as int8 in this path; the uint8 case records that. LiteRT's reference
kernels compute every golden."""
import numpy as np
import tensorflow as tf
from ai_edge_litert import schema_py_generated as schema

from families.rnn import F32, I8, Graph, replace_graph
from make_cases import Case

I32, U8 = schema.TensorType.INT32, schema.TensorType.UINT8


def lookup_patch(n_ids, table_shape, seed, per_row=False, uint8=False):
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        ids = g.add([n_ids], I32, name="ids")
        low, high = (0, 256) if uint8 else (-127, 128)
        values = rng.integers(low, high, table_shape)
        table = g.add(table_shape, I8, values.astype(np.uint8).view(np.int8), scale=0.02)
        t = g.tensors[table]
        if uint8:
            t.type = U8
        if per_row:
            t.quantization.scale = [float(s) for s in rng.uniform(0.005, 0.05, table_shape[0])]
            t.quantization.zeroPoint = [0] * table_shape[0]
            t.quantization.quantizedDimension = 0
        y = g.add([n_ids] + list(table_shape[1:]), F32, name="output")
        replace_graph(model, g, schema.BuiltinOperator.EMBEDDING_LOOKUP, 0, None, [ids, table], y)
    return patch


def int_identity(x, w):
    return x + 0


def case(name, n_ids, table_shape, seed, **features):
    return Case(name, int_identity, [[n_ids]], ["EMBEDDING_LOOKUP"], ("f32",), seed=seed,
                dtypes=[tf.int32], ranges=[(0, table_shape[0] - 1)],
                patch=lookup_patch(n_ids, table_shape, seed, **features))


CASES = [
    case("embedding_lookup_hybrid_int8", 5, [10, 6], seed=1),
    case("embedding_lookup_hybrid_per_row_rank3", 4, [7, 3, 4], seed=2, per_row=True),
    case("embedding_lookup_hybrid_uint8_table", 6, [5, 9], seed=3, uint8=True),
]
