"""ELU, CEIL and ROUND: LiteRT 2.3's reference resolver (BUILTIN_REF) does
not register them, so these cases take their goldens from LiteRT's default
resolver without its default XNNPACK delegate (see make_cases.oracle). LiteRT
has one kernel for each of them (activations.cc EluEval, ceil.cc, round.cc):
the default resolver runs the same arithmetic the reference one would.
ELU int8 is LiteRT's 256-entry table; CEIL and ROUND are float32 only."""
import tensorflow as tf

from make_cases import Case, find_ops


def default_resolver(case):
    case.resolver = "BUILTIN_WITHOUT_DEFAULT_DELEGATES"
    return case


def int8_elu(model):
    """The converter leaves ELU in float between DEQUANTIZE and QUANTIZE:
    ELU then reads the int8 input and writes the int8 output (the scale
    calibrated for ELU's result) directly."""
    graph = model.subgraphs[0]
    dequantize, quantize = find_ops(model, "DEQUANTIZE"), find_ops(model, "QUANTIZE")
    if not dequantize:  # the float32 model
        return
    elu = find_ops(model, "ELU")[0]
    elu.inputs, elu.outputs = dequantize[0].inputs, quantize[0].outputs
    graph.operators = [elu]


CASES = [default_resolver(c) for c in [
    Case("elu", lambda x, w: tf.nn.elu(x), [[1, 5, 5, 3]], ["ELU"], ("f32", "int8"), seed=1,
         ranges=[(-4.0, 3.0)], patch=int8_elu),
    Case("elu_rank2", lambda x, w: tf.nn.elu(x), [[3, 17]], ["ELU"], ("f32", "int8"), seed=2,
         ranges=[(-1.0, 6.0)], patch=int8_elu),
    Case("ceil", lambda x, w: tf.math.ceil(x), [[2, 3, 7]], ["CEIL"], ("f32",), seed=3,
         ranges=[(-5.0, 5.0)]),
    # (Random inputs are never exact halves: ties-to-even is in the unit test.)
    Case("round", lambda x, w: tf.round(x), [[2, 3, 7]], ["ROUND"], ("f32",), seed=4,
         ranges=[(-5.0, 5.0)]),
]]
