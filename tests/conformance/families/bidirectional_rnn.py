"""BIDIRECTIONAL_SEQUENCE_RNN, float32 and hybrid (int8 weights, float input
and states, symmetric or asymmetric input quantization). The converter
never emits this op, so each case replaces a trivial converted model by one
hand-built operator (as families/rnn.py does): seeded weights, hidden states
in variable tensors, no auxiliary inputs. The two directions may have
different unit counts. LiteRT's reference kernels compute every golden.
"""
import numpy as np
from ai_edge_litert import schema_py_generated as schema

from families.rnn import F32, I8, RELU, TANH, Graph, replace_graph, trivial
from make_cases import Case

RELU6 = schema.ActivationFunctionType.RELU6


def bidirectional_rnn_patch(batch, time, n_input, units, act, seed, time_major=True,
                            merge=False, hybrid=False, asymmetric=False):
    def patch(model):
        rng = np.random.default_rng(seed)
        g = Graph()
        in_shape = [time, batch, n_input] if time_major else [batch, time, n_input]
        ins = [g.add(in_shape, F32, name="input")]
        for direction, n in enumerate(units):
            if hybrid:
                w = g.add([n, n_input], I8, rng.integers(-127, 128, (n, n_input)), scale=0.006)
                r = g.add([n, n], I8, rng.integers(-127, 128, (n, n)), scale=0.007)
            else:
                w = g.add([n, n_input], F32, rng.uniform(-0.7, 0.7, (n, n_input)))
                r = g.add([n, n], F32, rng.uniform(-0.7, 0.7, (n, n)))
            b = g.add([n], F32, rng.uniform(-0.3, 0.3, n))
            h = g.add([batch, n], F32, variable=True, name=f"hidden_state_{direction}")
            ins += [w, r, b, h]
        ins += [-1, -1, -1]  # no auxiliary input
        if merge:
            ys = [g.add(in_shape[:2] + [sum(units)], F32, name="output")]
        else:
            ys = [g.add(in_shape[:2] + [n], F32, name=f"output_{i}") for i, n in enumerate(units)]
        options = schema.BidirectionalSequenceRNNOptionsT()
        options.timeMajor = time_major
        options.fusedActivationFunction = act
        options.mergeOutputs = merge
        options.asymmetricQuantizeInputs = asymmetric
        replace_graph(model, g, schema.BuiltinOperator.BIDIRECTIONAL_SEQUENCE_RNN,
                      schema.BuiltinOptions.BidirectionalSequenceRNNOptions, options, ins, ys)
    return patch


def case(name, batch, time, n_input, units, act, seed, **features):
    time_major = features.get("time_major", True)
    shape = [time, batch, n_input] if time_major else [batch, time, n_input]
    c = Case(name, trivial, [shape], ["BIDIRECTIONAL_SEQUENCE_RNN"], ("f32",), seed=seed,
             patch=bidirectional_rnn_patch(batch, time, n_input, units, act, seed, **features))
    c.steps = 3  # the hidden states carry over from one invoke to the next
    return c


CASES = [
    case("bidirectional_rnn_time_major_tanh", 2, 4, 3, (4, 5), TANH, seed=1),
    case("bidirectional_rnn_batch_major_merged_relu", 3, 3, 5, (4, 3), RELU, seed=2,
         time_major=False, merge=True),
    case("bidirectional_rnn_time_major_merged_relu6", 2, 5, 4, (3, 3), RELU6, seed=3,
         merge=True),
    # Hybrid, time-major: LiteRT runs the whole sequence max_time times (see
    # kernels/ref/bidirectional_sequence_rnn.cc).
    case("bidirectional_rnn_hybrid_time_major", 2, 3, 6, (5, 4), TANH, seed=4, hybrid=True),
    case("bidirectional_rnn_hybrid_batch_major_asymmetric", 2, 4, 5, (4, 4), TANH, seed=5,
         time_major=False, hybrid=True, asymmetric=True),
    case("bidirectional_rnn_hybrid_merged_asymmetric", 3, 3, 4, (3, 5), RELU, seed=6,
         merge=True, hybrid=True, asymmetric=True),
]
