"""Recurrent and stateful ops: SVDF and UNIDIRECTIONAL_SEQUENCE_LSTM.

The converter cannot make these from a tf.function here (SVDF has no
TensorFlow op; Keras 3's LSTM converts to a WHILE loop, not the fused op), so
each case converts a trivial function (x * 2) only to get a model of the
right kind, and its `patch` replaces the whole graph with one hand-built
operator: seeded weights, state in variable tensors (zero at the start),
quantization parameters chosen here. LiteRT's reference kernels still compute
every golden output. The `_f32` kind builds a float32 model, `_int8` the
integer variant (SVDF: int8 input/output/feature weights, int16 time weights
and state; LSTM: int8 activations and weights, int16 cell state, int32
biases, with the five intermediate tensors the converter records).
"""

import numpy as np
from ai_edge_litert import schema_py_generated as schema

from make_cases import Case

F32, I8, I16, I32 = (schema.TensorType.FLOAT32, schema.TensorType.INT8,
                     schema.TensorType.INT16, schema.TensorType.INT32)
NUMPY = {F32: np.float32, I8: np.int8, I16: np.int16, I32: np.int32}


class Graph:
    """Tensors and buffers of a one-operator model being built."""

    def __init__(self):
        self.tensors = []
        self.buffers = [schema.BufferT()]  # buffer 0: the empty buffer

    def add(self, shape, ttype, data=None, scale=None, zp=0, variable=False, name=""):
        t = schema.TensorT()
        t.shape = list(shape)
        t.type = ttype
        t.name = name or f"t{len(self.tensors)}"
        t.isVariable = variable
        t.buffer = 0
        if data is not None:
            b = schema.BufferT()
            b.data = np.frombuffer(np.asarray(data, NUMPY[ttype]).tobytes(), np.uint8)
            self.buffers.append(b)
            t.buffer = len(self.buffers) - 1
        if scale is not None:
            q = schema.QuantizationParametersT()
            q.scale = [float(scale)]
            q.zeroPoint = [int(zp)]
            t.quantization = q
        self.tensors.append(t)
        return len(self.tensors) - 1


def replace_graph(model, graph, code, options_type, options, inputs, output, intermediates=None):
    """Makes `model` the single operator `code`(inputs) -> output; inputs[0]
    is the graph input."""
    op_code = schema.OperatorCodeT()
    op_code.builtinCode = code
    op_code.deprecatedBuiltinCode = min(code, 127)
    op_code.version = 1
    op = schema.OperatorT()
    op.opcodeIndex = 0
    op.inputs = list(inputs)
    outputs = output if isinstance(output, list) else [output]
    op.outputs = outputs
    op.builtinOptionsType = options_type
    op.builtinOptions = options
    if intermediates:
        op.intermediates = list(intermediates)
    sub = schema.SubGraphT()
    sub.tensors = graph.tensors
    sub.inputs = [inputs[0]]
    sub.outputs = outputs
    sub.operators = [op]
    sub.name = "main"
    model.subgraphs = [sub]
    model.buffers = graph.buffers
    model.operatorCodes = [op_code]
    model.signatureDefs = None
    model.metadata = None


def is_float_model(model):
    graph = model.subgraphs[0]
    return graph.tensors[graph.inputs[0]].type == F32


def trivial(x, w):
    return x * 2.0


# ---------------------------------------------------------------- SVDF
def svdf_patch(batch, n_input, filters, rank, memory, act, bias=True, seed=0, hybrid=False,
               asymmetric=False):
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        units = filters // rank
        if hybrid:  # float input, bias, state and output; int8 weights
            x = g.add([batch, n_input], F32, name="input")
            wf = g.add([filters, n_input], I8, rng.integers(-127, 128, (filters, n_input)),
                       scale=0.008)
            wt = g.add([filters, memory], I8, rng.integers(-127, 128, (filters, memory)),
                       scale=0.01)
            b = g.add([units], F32, rng.uniform(-0.5, 0.5, units)) if bias else -1
            state = g.add([batch, filters * memory], F32, variable=True, name="state")
            y = g.add([batch, units], F32, name="output")
        elif is_float_model(model):
            x = g.add([batch, n_input], F32, name="input")
            wf = g.add([filters, n_input], F32, rng.uniform(-1, 1, (filters, n_input)))
            wt = g.add([filters, memory], F32, rng.uniform(-1, 1, (filters, memory)))
            b = g.add([units], F32, rng.uniform(-0.5, 0.5, units)) if bias else -1
            state = g.add([batch, filters * memory], F32, variable=True, name="state")
            y = g.add([batch, units], F32, name="output")
        else:
            x = g.add([batch, n_input], I8, scale=0.05, zp=-3, name="input")
            wf = g.add([filters, n_input], I8, rng.integers(-127, 128, (filters, n_input)),
                       scale=0.008)
            wt = g.add([filters, memory], I16, rng.integers(-32767, 32768, (filters, memory)),
                       scale=0.00003)
            b = g.add([units], I32, rng.integers(-4000, 4000, units), scale=1e-5) if bias else -1
            state = g.add([batch, filters * memory], I16, scale=0.004, variable=True,
                          name="state")
            y = g.add([batch, units], I8, scale=0.03, zp=-128, name="output")
        options = schema.SVDFOptionsT()
        options.rank = rank
        options.fusedActivationFunction = act
        options.asymmetricQuantizeInputs = asymmetric
        replace_graph(model, g, schema.BuiltinOperator.SVDF, schema.BuiltinOptions.SVDFOptions,
                      options, [x, wf, wt, b, state], y)
    return patch


RELU, TANH, NONE = (schema.ActivationFunctionType.RELU, schema.ActivationFunctionType.TANH,
                    schema.ActivationFunctionType.NONE)


def svdf_case(name, batch, n_input, filters, rank, memory, act, kinds, bias=True, seed=0,
              **hybrid):
    case = Case(name, trivial, [[batch, n_input]], ["SVDF"], kinds, seed=seed,
                patch=svdf_patch(batch, n_input, filters, rank, memory, act, bias, seed,
                                 **hybrid),
                ranges=[(-2.0, 2.0)])
    case.steps = memory + 2  # past the memory: every history slot, then the oldest dropped
    return case


CASES = [
    svdf_case("svdf_rank1_relu", 1, 10, 6, 1, 4, RELU, ("f32", "int8"), seed=1),
    svdf_case("svdf_rank2_batch3_relu", 3, 7, 8, 2, 5, RELU, ("f32", "int8"), seed=2),
    svdf_case("svdf_no_bias_relu", 2, 9, 3, 1, 3, RELU, ("f32", "int8"), bias=False, seed=3),
    svdf_case("svdf_rank3_tanh", 2, 5, 9, 3, 6, TANH, ("f32",), seed=4),
    svdf_case("svdf_rank1_none", 1, 16, 4, 1, 10, NONE, ("f32",), seed=5),
    # Hybrid: the _f32 kind (float input and output) with int8 weights.
    svdf_case("svdf_hybrid_rank2_relu", 2, 7, 6, 2, 4, RELU, ("f32",), seed=6, hybrid=True),
    svdf_case("svdf_hybrid_asymmetric_none", 3, 5, 4, 1, 3, NONE, ("f32",), seed=7,
              hybrid=True, asymmetric=True),
]


# ---------------------------------------------------------------- LSTM
def lstm_patch(batch, time, n_input, n_cell, n_output, seed, cifg=False, peephole=False,
               layer_norm=False, projection=False, time_major=False, cell_clip=0.0,
               proj_clip=0.0):
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        fl = is_float_model(model)
        in_shape = [time, batch, n_input] if time_major else [batch, time, n_input]
        out_shape = in_shape[:2] + [n_output]

        def weights(rows, cols):
            if fl:
                return g.add([rows, cols], F32, rng.uniform(-0.6, 0.6, (rows, cols)))
            return g.add([rows, cols], I8, rng.integers(-127, 128, (rows, cols)), scale=0.006)

        def vector(kind):  # kind: bias, peephole or layer_norm
            if fl:
                lo, hi = {"bias": (-0.5, 0.5), "peephole": (-0.5, 0.5),
                          "layer_norm": (0.5, 1.5)}[kind]
                return g.add([n_cell], F32, rng.uniform(lo, hi, n_cell))
            if kind == "bias":
                return g.add([n_cell], I32, rng.integers(-3000, 3000, n_cell), scale=1.2e-4)
            if kind == "peephole":
                return g.add([n_cell], I16, rng.integers(-20000, 20000, n_cell), scale=3e-5)
            return g.add([n_cell], I16, rng.integers(2000, 6000, n_cell), scale=1 / 4096)

        if fl:
            x = g.add(in_shape, F32, name="input")
        else:
            x = g.add(in_shape, I8, scale=0.02, zp=5, name="input")
        gates = range(1 if cifg else 0, 4)
        ins = [-1] * 24
        ins[0] = x
        for gate in gates:
            ins[1 + gate] = weights(n_cell, n_input)
        for gate in gates:
            ins[5 + gate] = weights(n_cell, n_output)
        if peephole:
            for gate in gates:
                if gate != 2:
                    ins[9 + (gate if gate < 2 else 2)] = vector("peephole")
        for gate in gates:
            ins[12 + gate] = vector("bias")
        if projection:
            if fl:
                ins[16] = g.add([n_output, n_cell], F32,
                                rng.uniform(-0.6, 0.6, (n_output, n_cell)))
                ins[17] = g.add([n_output], F32, rng.uniform(-0.2, 0.2, n_output))
            else:
                ins[16] = g.add([n_output, n_cell], I8,
                                rng.integers(-127, 128, (n_output, n_cell)), scale=0.01)
                ins[17] = g.add([n_output], I32, rng.integers(-500, 500, n_output),
                                scale=1e-4)
        if fl:
            ins[18] = g.add([batch, n_output], F32, variable=True, name="output_state")
            ins[19] = g.add([batch, n_cell], F32, variable=True, name="cell_state")
            y = g.add(out_shape, F32, name="output")
        else:
            ins[18] = g.add([batch, n_output], I8, scale=1 / 128, zp=2, variable=True,
                            name="output_state")
            ins[19] = g.add([batch, n_cell], I16, scale=2.0 ** -11, variable=True,
                            name="cell_state")
            y = g.add(out_shape, I8, scale=1 / 128, zp=2, name="output")
        if layer_norm:
            for gate in gates:
                ins[20 + gate] = vector("layer_norm")
        intermediates = None
        if not fl:
            intermediates = [g.add([0], I16, scale=2.0 ** -10, name=f"gate_{i}")
                             for i in range(4)]
            intermediates.append(g.add([0], I8, scale=0.006, zp=-3 if projection else 0,
                                       name="hidden"))
        options = schema.UnidirectionalSequenceLSTMOptionsT()
        options.fusedActivationFunction = TANH
        options.cellClip = cell_clip
        options.projClip = proj_clip
        options.timeMajor = time_major
        replace_graph(model, g, schema.BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
                      schema.BuiltinOptions.UnidirectionalSequenceLSTMOptions, options, ins, y,
                      intermediates)
    return patch


def lstm_case(name, batch, time, n_input, n_cell, seed, n_output=None, kinds=("f32", "int8"),
              **features):
    n_output = n_output or n_cell
    shape = [time, batch, n_input] if features.get("time_major") else [batch, time, n_input]
    case = Case(name, trivial, [shape], ["UNIDIRECTIONAL_SEQUENCE_LSTM"], kinds, seed=seed,
                patch=lstm_patch(batch, time, n_input, n_cell, n_output, seed, **features),
                ranges=[(-1.5, 1.5)])
    case.steps = 3  # the state carries over from one invoke (sequence) to the next
    return case


CASES += [
    lstm_case("lstm_basic", 1, 5, 3, 4, seed=10),
    lstm_case("lstm_batch2_cell_clip", 2, 4, 5, 6, seed=11, cell_clip=1.5),
    lstm_case("lstm_time_major_batch3", 3, 4, 2, 5, seed=12, time_major=True),
    lstm_case("lstm_cifg", 2, 3, 4, 3, seed=13, cifg=True),
    lstm_case("lstm_peephole", 1, 6, 3, 5, seed=14, peephole=True),
    lstm_case("lstm_projection_clip", 2, 4, 3, 6, seed=15, n_output=4, projection=True,
              proj_clip=0.4),
    lstm_case("lstm_layer_norm", 2, 3, 4, 8, seed=16, layer_norm=True),
    lstm_case("lstm_cifg_peephole_layer_norm_projection", 2, 4, 5, 8, seed=17, n_output=3,
              cifg=True, peephole=True, layer_norm=True, projection=True),
]


# ---------------------------------------------------------------- RNN
def rnn_patch(batch, time, n_input, units, act, seed, sequence=True, time_major=False,
              hybrid=False, asymmetric=False):
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        if not sequence:
            in_shape = [batch, n_input]
        else:
            in_shape = [time, batch, n_input] if time_major else [batch, time, n_input]
        x = g.add(in_shape, F32, name="input")
        if hybrid:  # int8 weights, float everything else
            w = g.add([units, n_input], I8, rng.integers(-127, 128, (units, n_input)),
                      scale=0.006)
            r = g.add([units, units], I8, rng.integers(-127, 128, (units, units)),
                      scale=0.006)
        else:
            w = g.add([units, n_input], F32, rng.uniform(-0.7, 0.7, (units, n_input)))
            r = g.add([units, units], F32, rng.uniform(-0.7, 0.7, (units, units)))
        b = g.add([units], F32, rng.uniform(-0.3, 0.3, units))
        h = g.add([batch, units], F32, variable=True, name="hidden_state")
        y = g.add(in_shape[:-1] + [units], F32, name="output")
        if sequence:
            options = schema.SequenceRNNOptionsT()
            options.timeMajor = time_major
            options_type = schema.BuiltinOptions.SequenceRNNOptions
            code = schema.BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN
        else:
            options = schema.RNNOptionsT()
            options_type = schema.BuiltinOptions.RNNOptions
            code = schema.BuiltinOperator.RNN
        options.fusedActivationFunction = act
        options.asymmetricQuantizeInputs = asymmetric
        replace_graph(model, g, code, options_type, options, [x, w, r, b, h], y)
    return patch


def rnn_case(name, batch, time, n_input, units, act, seed, sequence=True, time_major=False,
             **hybrid):
    if not sequence:
        shape = [batch, n_input]
    else:
        shape = [time, batch, n_input] if time_major else [batch, time, n_input]
    op = "UNIDIRECTIONAL_SEQUENCE_RNN" if sequence else "RNN"
    case = Case(name, trivial, [shape], [op], ("f32",), seed=seed,
                patch=rnn_patch(batch, time, n_input, units, act, seed, sequence, time_major,
                                **hybrid))
    case.steps = 3
    return case


RELU6 = schema.ActivationFunctionType.RELU6
CASES += [
    rnn_case("rnn_step_tanh", 2, 1, 5, 4, TANH, seed=30, sequence=False),
    rnn_case("rnn_step_relu", 1, 1, 3, 6, RELU, seed=31, sequence=False),
    rnn_case("sequence_rnn_tanh", 2, 5, 3, 4, TANH, seed=32),
    rnn_case("sequence_rnn_relu6_time_major", 3, 4, 5, 3, RELU6, seed=33, time_major=True),
    # Hybrid: float input and state, int8 weights.
    rnn_case("rnn_step_hybrid_tanh", 2, 1, 6, 5, TANH, seed=34, sequence=False, hybrid=True),
    rnn_case("sequence_rnn_hybrid_relu", 2, 4, 5, 4, RELU, seed=35, hybrid=True),
    rnn_case("sequence_rnn_hybrid_asymmetric_time_major", 2, 3, 4, 3, TANH, seed=36,
             time_major=True, hybrid=True, asymmetric=True),
]


# ------------------------------------------------- BIDIRECTIONAL_SEQUENCE_LSTM
def bidirectional_lstm_patch(batch, time, n_input, cells, outputs, seed, merge=False,
                             time_major=True, cifg=False, peephole=False):
    """Float only: forward cell at inputs 1-17, backward at 18-34, states 35-38,
    no auxiliary inputs (39-47)."""
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        in_shape = [time, batch, n_input] if time_major else [batch, time, n_input]
        ins = [-1] * 48
        ins[0] = g.add(in_shape, F32, name="input")
        for direction, (n_cell, n_output) in enumerate(zip(cells, outputs)):
            base = 17 * direction
            for gate in range(1 if cifg else 0, 4):
                ins[base + 1 + gate] = g.add([n_cell, n_input], F32,
                                             rng.uniform(-0.6, 0.6, (n_cell, n_input)))
                ins[base + 5 + gate] = g.add([n_cell, n_output], F32,
                                             rng.uniform(-0.6, 0.6, (n_cell, n_output)))
                ins[base + 12 + gate] = g.add([n_cell], F32, rng.uniform(-0.5, 0.5, n_cell))
                if peephole and gate != 2:
                    ins[base + 9 + min(gate, 2)] = g.add([n_cell], F32,
                                                         rng.uniform(-0.5, 0.5, n_cell))
            if n_output != n_cell:
                ins[base + 16] = g.add([n_output, n_cell], F32,
                                       rng.uniform(-0.6, 0.6, (n_output, n_cell)))
            ins[35 + 2 * direction] = g.add([batch, n_output], F32, variable=True)
            ins[36 + 2 * direction] = g.add([batch, n_cell], F32, variable=True)
        if merge:
            ys = [g.add(in_shape[:2] + [sum(outputs)], F32, name="output")]
        else:
            ys = [g.add(in_shape[:2] + [n], F32, name=f"output_{i}")
                  for i, n in enumerate(outputs)]
        options = schema.BidirectionalSequenceLSTMOptionsT()
        options.fusedActivationFunction = TANH
        options.mergeOutputs = merge
        options.timeMajor = time_major
        replace_graph(model, g, schema.BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM,
                      schema.BuiltinOptions.BidirectionalSequenceLSTMOptions, options, ins, ys)
    return patch


def bidirectional_case(name, batch, time, n_input, cells, outputs, seed, **features):
    time_major = features.get("time_major", True)
    shape = [time, batch, n_input] if time_major else [batch, time, n_input]
    case = Case(name, trivial, [shape], ["BIDIRECTIONAL_SEQUENCE_LSTM"], ("f32",), seed=seed,
                patch=bidirectional_lstm_patch(batch, time, n_input, cells, outputs, seed,
                                               **features))
    case.steps = 2
    return case


CASES += [
    # LiteRT checks both cells against the forward cell's sizes: they must match.
    bidirectional_case("bidirectional_lstm_time_major", 2, 4, 3, (5, 5), (5, 5), seed=40),
    bidirectional_case("bidirectional_lstm_merged_batch_major", 1, 5, 3, (3, 3), (3, 3),
                       seed=41, merge=True, time_major=False),
    bidirectional_case("bidirectional_lstm_batch_major_cifg_peephole_projection", 2, 3, 4,
                       (5, 5), (3, 3), seed=42, time_major=False, cifg=True, peephole=True),
    bidirectional_case("bidirectional_lstm_merged_time_major", 3, 3, 2, (4, 4), (4, 4),
                       seed=43, merge=True),
]
