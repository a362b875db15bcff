"""Hybrid (dynamic-range) LSTMs: float32 input, states and biases, int8
weights; the op quantizes its input and output state per batch row at run
time (symmetric, or asymmetric with asymmetricQuantizeInputs).

Converter-made cases: a tf_keras (Keras 2) LSTM is the one LSTM the
converter fuses into UNIDIRECTIONAL_SEQUENCE_LSTM (Keras 3 gives a WHILE
loop). The `hybrid` kind quantizes its weights with Optimize.DEFAULT (each
gate matrix needs >= 1024 elements, hence 32 inputs and 40 units); `_f32` is
the same model unquantized. A Keras Bidirectional(LSTM) converts to two
unidirectional LSTMs with REVERSE_V2 and CONCATENATION; the converter never
emits BIDIRECTIONAL_SEQUENCE_LSTM, so the `bidirectional_*` cases rebuild
that op from the converted model's own int8 weights. Features the converter
does not make (CIFG, peephole, layer norm, projection, clipping) are
hand-built like families/rnn.py, with seeded int8 weights. LiteRT's
reference kernels compute every golden output.
"""
import numpy as np
import tensorflow as tf
import tf_keras
from ai_edge_litert import schema_py_generated as schema

from families.rnn import F32, I8, TANH, Graph, is_float_model, replace_graph, trivial
from make_cases import Case, set_options

LSTM = ["UNIDIRECTIONAL_SEQUENCE_LSTM"]


def keras_model(seed, shape, layer):
    """A tf_keras model of `layer` with seeded weights."""
    inputs = tf_keras.Input(shape=shape[1:], batch_size=shape[0], name="x")
    model = tf_keras.Model(inputs, layer(inputs))
    rng = np.random.default_rng(2000 + seed)
    model.set_weights([rng.uniform(-0.4, 0.4, w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return model


class KerasCase(Case):
    """Converts a tf_keras model: float32 (`f32`) or dynamic range (`hybrid`)."""

    def __init__(self, name, make_layer, shape, ops, seed, kinds=("f32", "hybrid"), **kwargs):
        super().__init__(name, None, [shape], ops, kinds, seed=seed, ranges=[(-1.5, 1.5)],
                         **kwargs)
        self.make_layer = make_layer
        self.steps = 3  # the states carry over from one invoke to the next

    def convert(self, kind):
        model = keras_model(self.seed, self.shapes[0], self.make_layer())
        converter = tf.lite.TFLiteConverter.from_keras_model(model)
        if kind == "hybrid":
            converter.optimizations = [tf.lite.Optimize.DEFAULT]
        return converter.convert()


def symmetric(model):
    for name in ("UNIDIRECTIONAL_SEQUENCE_LSTM", "BIDIRECTIONAL_SEQUENCE_LSTM"):
        set_options(model, name, asymmetricQuantizeInputs=False)


def lstm(units=40, **kwargs):
    return lambda: tf_keras.layers.LSTM(units, return_sequences=True, **kwargs)


def bidirectional_lstm(units=40):
    return lambda: tf_keras.layers.Bidirectional(
        tf_keras.layers.LSTM(units, return_sequences=True))


KERAS_BIDIRECTIONAL = ["REVERSE_V2", "UNIDIRECTIONAL_SEQUENCE_LSTM", "REVERSE_V2",
                       "UNIDIRECTIONAL_SEQUENCE_LSTM", "CONCATENATION"]


# ------------------------------------------- BIDIRECTIONAL_SEQUENCE_LSTM rebuilt
def copy_tensor(model, g, index, variable=False):
    """Tensor `index` of the converted model, with its data, into `g`."""
    if index < 0:
        return -1
    t = model.subgraphs[0].tensors[index]
    data = model.buffers[t.buffer].data
    dtype = {F32: np.float32, I8: np.int8}[t.type]
    values = None if data is None or len(data) == 0 else np.frombuffer(bytes(data), dtype)
    q = t.quantization
    scale = q.scale[0] if q is not None and q.scale is not None and len(q.scale) else None
    return g.add(t.shape, t.type, values, scale=scale, variable=variable)


def merge_into_bidirectional(merge):
    """Replaces the Keras Bidirectional graph (REVERSE_V2, LSTM, REVERSE_V2,
    LSTM, CONCATENATION) by one BIDIRECTIONAL_SEQUENCE_LSTM with the two
    LSTMs' weights and options."""
    def patch(model):
        graph = model.subgraphs[0]
        lstms = [op for op in graph.operators
                 if model.operatorCodes[op.opcodeIndex].builtinCode == 44]
        backward, forward = lstms  # the first one reads the reversed input
        g = Graph()
        x = graph.tensors[graph.inputs[0]]
        ins = [g.add(x.shape, F32, name="input")] + [-1] * 47
        for base, op in ((0, forward), (17, backward)):
            for i in range(1, 18):
                ins[base + i] = copy_tensor(model, g, op.inputs[i])
        for k, op in enumerate((forward, backward)):
            ins[35 + 2 * k] = copy_tensor(model, g, op.inputs[18], variable=True)
            ins[36 + 2 * k] = copy_tensor(model, g, op.inputs[19], variable=True)
        units = graph.tensors[forward.inputs[4]].shape[0]
        shape = list(x.shape[:2])
        ys = ([g.add(shape + [2 * units], F32, name="output")] if merge else
              [g.add(shape + [units], F32, name=f"output_{i}") for i in range(2)])
        uni = forward.builtinOptions
        options = schema.BidirectionalSequenceLSTMOptionsT()
        options.fusedActivationFunction = uni.fusedActivationFunction
        options.cellClip = uni.cellClip
        options.projClip = uni.projClip
        options.timeMajor = uni.timeMajor
        options.asymmetricQuantizeInputs = uni.asymmetricQuantizeInputs
        options.mergeOutputs = merge
        replace_graph(model, g, schema.BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM,
                      schema.BuiltinOptions.BidirectionalSequenceLSTMOptions, options, ins, ys)
    return patch


def bidirectional(name, shape, seed, merge, asymmetric=True):
    def patch(model):
        merge_into_bidirectional(merge)(model)
        if not asymmetric:
            symmetric(model)
    return KerasCase(name, bidirectional_lstm(), shape, ["BIDIRECTIONAL_SEQUENCE_LSTM"], seed,
                     patch=patch)


CASES = [
    KerasCase("keras_lstm", lstm(), [2, 5, 32], LSTM, seed=1, expect={"timeMajor": False}),
    KerasCase("keras_lstm_symmetric", lstm(), [2, 4, 32], LSTM, seed=2, kinds=("hybrid",),
              patch=symmetric, expect={"asymmetricQuantizeInputs": False}),
    KerasCase("keras_lstm_time_major", lstm(time_major=True), [4, 3, 32], LSTM, seed=3,
              kinds=("hybrid",), expect={"timeMajor": True, "asymmetricQuantizeInputs": True}),
    KerasCase("keras_bidirectional_lstm", bidirectional_lstm(), [2, 4, 32], KERAS_BIDIRECTIONAL,
              seed=4, kinds=("hybrid",)),
    # Merged batch-major outputs: LiteRT steps the state with the merged row
    # stride, so batch 1 only (brasa rejects more).
    bidirectional("bidirectional_lstm_merged", [1, 5, 32], seed=5, merge=True),
    bidirectional("bidirectional_lstm_two_outputs_symmetric", [2, 4, 32], seed=6, merge=False,
                  asymmetric=False),
]


# ------------------------------------------------------ hand-built features
def hybrid_lstm_patch(batch, time, n_input, n_cell, n_output, seed, cifg=False, peephole=False,
                      layer_norm=False, projection=False, projection_bias=True,
                      time_major=False, cell_clip=0.0, proj_clip=0.0, asymmetric=False):
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        in_shape = [time, batch, n_input] if time_major else [batch, time, n_input]

        def int8(shape, scale):
            return g.add(shape, I8, rng.integers(-127, 128, shape), scale=scale)

        def floats(lo, hi, size):
            return g.add([size], F32, rng.uniform(lo, hi, size))

        ins = [-1] * 24
        ins[0] = g.add(in_shape, F32, name="input")
        gates = range(1 if cifg else 0, 4)
        for gate in gates:
            ins[1 + gate] = int8([n_cell, n_input], 0.006)
            ins[5 + gate] = int8([n_cell, n_output], 0.005)
            ins[12 + gate] = floats(-0.5, 0.5, n_cell)
            if peephole and gate != 2:
                ins[9 + min(gate, 2)] = int8([n_cell], 0.004)
            if layer_norm:
                ins[20 + gate] = floats(0.5, 1.5, n_cell)
        if projection:
            ins[16] = int8([n_output, n_cell], 0.008)
            if projection_bias:
                ins[17] = floats(-0.2, 0.2, n_output)
        ins[18] = g.add([batch, n_output], F32, variable=True, name="output_state")
        ins[19] = g.add([batch, n_cell], F32, variable=True, name="cell_state")
        y = g.add(in_shape[:2] + [n_output], F32, name="output")
        options = schema.UnidirectionalSequenceLSTMOptionsT()
        options.fusedActivationFunction = TANH
        options.cellClip = cell_clip
        options.projClip = proj_clip
        options.timeMajor = time_major
        options.asymmetricQuantizeInputs = asymmetric
        assert is_float_model(model)
        replace_graph(model, g, schema.BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
                      schema.BuiltinOptions.UnidirectionalSequenceLSTMOptions, options, ins, y)
    return patch


def hybrid_case(name, batch, time, n_input, n_cell, seed, n_output=None, **features):
    n_output = n_output or n_cell
    shape = [time, batch, n_input] if features.get("time_major") else [batch, time, n_input]
    case = Case(name, trivial, [shape], LSTM, ("f32",), seed=seed, ranges=[(-1.5, 1.5)],
                patch=hybrid_lstm_patch(batch, time, n_input, n_cell, n_output, seed, **features))
    case.steps = 3
    return case


CASES += [
    hybrid_case("lstm_hybrid_cifg_cell_clip", 2, 4, 5, 6, seed=20, cifg=True, cell_clip=0.8),
    hybrid_case("lstm_hybrid_peephole_asymmetric", 2, 5, 4, 7, seed=21, peephole=True,
                asymmetric=True),
    hybrid_case("lstm_hybrid_layer_norm_time_major", 3, 3, 6, 5, seed=22, layer_norm=True,
                time_major=True),
    hybrid_case("lstm_hybrid_projection_clip_asymmetric", 2, 4, 5, 8, seed=23, n_output=4,
                projection=True, proj_clip=0.3, asymmetric=True),
    hybrid_case("lstm_hybrid_all_features", 2, 3, 4, 8, seed=24, n_output=3, cifg=True,
                peephole=True, layer_norm=True, projection=True, projection_bias=False,
                asymmetric=True),
]
