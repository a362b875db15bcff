"""Control flow (IF, WHILE), resource variables (CALL_ONCE, VAR_HANDLE,
READ_VARIABLE, ASSIGN_VARIABLE) and the TFLite_Detection_PostProcess custom
operator.

The op families that compute booleans (LESS, LOGICAL_NOT, ...) are not part
of this family, so conditions come straight from bool model inputs: IF takes
a bool input, and WHILE's loop condition is a bool loop variable that the body
shifts along a chain of flags, so the inputs decide how many times it runs.
"""

import os

import numpy as np
import tensorflow as tf

from make_cases import Case

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
B = tf.bool


def branchy(flag, x, w):
    return tf.cond(flag, lambda: x * 2.0 + w((3,)), lambda: x - 0.5)


def shift_loop(f0, f1, f2, y, w):
    """Runs the body while the first flag is true; each pass shifts the flags
    down by one and pushes a False in, so at most three passes."""
    scale = w((3,), 0.5, 1.5)

    def body(a, b, c, v):
        return b, c, tf.constant(False), v * scale + 1.0
    return tf.while_loop(lambda a, b, c, v: a, body, [f0, f1, f2, y])[3]


def loop_in_branch(flag, f0, f1, f2, y, w):
    return tf.cond(flag, lambda: shift_loop(f0, f1, f2, y, w), lambda: y * 3.0)


class VariableCase(Case):
    """A tf.Module whose tf.Variable persists across invokes: converted with
    resource variables enabled (CALL_ONCE runs the initializer subgraph, then
    VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE). The reference interpreter
    runs it `invokes` times with the same inputs (make_cases.py writes
    invoke_<k>_output_<j>.npy)."""

    def __init__(self, name, update, shapes, ops, seed, invokes=3, dtypes=None):
        super().__init__(name, None, shapes, ops, kinds=("f32",), seed=seed, dtypes=dtypes)
        self.update = update
        self.invokes = invokes

    def convert(self, kind):
        assert kind == "f32"
        rng = np.random.default_rng(1000 + self.seed)
        case = self

        class Accumulator(tf.Module):
            def __init__(self):
                super().__init__()
                self.v = tf.Variable(rng.uniform(-1.0, 1.0, case.shapes[-1]).astype(np.float32))

            @tf.function(input_signature=[tf.TensorSpec(s, d, name=f"input_{i}")
                                          for i, (s, d) in enumerate(zip(case.shapes,
                                                                         case.dtypes))])
            def f(self, *xs):
                return case.update(self.v, *xs)

        module = Accumulator()
        converter = tf.lite.TFLiteConverter.from_concrete_functions(
            [module.f.get_concrete_function()], module)
        converter.experimental_enable_resource_variables = True
        return converter.convert()


def accumulate(v, x):
    v.assign_add(x)
    return v * 1.0


def decay_and_add(v, x, y):
    v.assign(v * 0.5 + x)
    return v + y


def accumulate_in_loop(v, f0, f1, f2, x):
    """The variable is updated inside a WHILE body (0-3 passes): its resource
    handle is passed into the body subgraph."""
    def body(a, b, c):
        v.assign_add(x)
        return b, c, tf.constant(False)
    tf.while_loop(lambda a, b, c: a, body, [f0, f1, f2])
    return v * 1.0


CASES = [
    # IF on a bool input; the seeds give one case per branch (see input_0.npy).
    Case("if_then_branch", branchy, [[], [2, 3]], ["IF"], ("f32",), seed=0,
         dtypes=[B, tf.float32]),
    Case("if_else_branch", branchy, [[], [2, 3]], ["IF"], ("f32",), seed=1,
         dtypes=[B, tf.float32]),
    # WHILE: 0 to 3 passes through the body, as the flag inputs (seeded) say.
    Case("while_shift_0_passes", shift_loop, [[], [], [], [2, 3]], ["WHILE"], ("f32",), seed=0,
         dtypes=[B, B, B, tf.float32]),
    Case("while_shift_1_pass", shift_loop, [[], [], [], [2, 3]], ["WHILE"], ("f32",), seed=2,
         dtypes=[B, B, B, tf.float32]),
    Case("while_shift_3_passes", shift_loop, [[], [], [], [2, 3]], ["WHILE"], ("f32",),
         seed=14, dtypes=[B, B, B, tf.float32]),
    Case("while_shift_rank3_2_passes", shift_loop, [[], [], [], [1, 5, 3]], ["WHILE"], ("f32",),
         seed=6, dtypes=[B, B, B, tf.float32]),
    # IF whose then-branch holds the WHILE: three levels of subgraphs.
    Case("if_while_nested_then_2_passes", loop_in_branch, [[], [], [], [], [2, 3]], ["IF"],
         ("f32",), seed=3, dtypes=[B, B, B, B, tf.float32]),
    Case("if_while_nested_else", loop_in_branch, [[], [], [], [], [2, 3]], ["IF"], ("f32",),
         seed=4, dtypes=[B, B, B, B, tf.float32]),
    # Full-integer int8 models: the converter keeps IF and WHILE (and their
    # subgraphs) in float between a DEQUANTIZE and a QUANTIZE; 16x8 it refuses
    # ("not yet supported for op: 'IF'").
    Case("if_quantized_model", branchy, [[], [2, 3]], ["DEQUANTIZE", "IF", "QUANTIZE"],
         ("int8",), seed=0, dtypes=[B, tf.float32]),
    Case("while_quantized_model", shift_loop, [[], [], [], [2, 3]],
         ["DEQUANTIZE", "WHILE", "QUANTIZE"], ("int8",), seed=14, dtypes=[B, B, B, tf.float32]),
    # Resource variables carried over invokes.
    VariableCase("variable_accumulate", accumulate, [[2, 3]],
                 ["CALL_ONCE", "VAR_HANDLE", "READ_VARIABLE", "ADD", "ASSIGN_VARIABLE",
                  "READ_VARIABLE"], seed=10),
    VariableCase("variable_decay_and_add", decay_and_add, [[3, 4], [3, 4]],
                 ["CALL_ONCE", "VAR_HANDLE", "READ_VARIABLE", "MUL", "ADD", "ASSIGN_VARIABLE",
                  "READ_VARIABLE", "ADD"], seed=11),
    VariableCase("variable_in_while_body", accumulate_in_loop, [[], [], [], [2, 3]],
                 ["CALL_ONCE", "VAR_HANDLE", "WHILE", "READ_VARIABLE"], seed=14,
                 dtypes=[B, B, B, tf.float32]),
]


# --------------------------------------------------------------------------
# TFLite_Detection_PostProcess: no TensorFlow function converts to it, so the
# model is written directly (schema objects, FlexBuffer options); LiteRT's
# reference interpreter still computes the outputs.
def detection_anchors(num_boxes, seed):
    """[y, x, h, w] anchors on a grid, with seeded sizes (all positive)."""
    rng = np.random.default_rng(2000 + seed)
    side = int(np.ceil(np.sqrt(num_boxes)))
    cells = np.arange(num_boxes)
    y = (cells // side + 0.5) / side
    x = (cells % side + 0.5) / side
    h = rng.uniform(0.15, 0.45, num_boxes)
    w = rng.uniform(0.15, 0.45, num_boxes)
    return np.stack([y, x, h, w], axis=1).astype(np.float32)


class DetectionCase(Case):
    """One TFLite_Detection_PostProcess node: box encodings [1, boxes,
    coords] and class predictions [1, boxes, classes (+1 background)] are
    inputs, the anchors a constant. Kind f32, or uint8 (inputs and anchors
    quantized, as TensorFlow Lite's quantized SSD models have them)."""

    def __init__(self, name, num_boxes, num_classes, options, kinds=("f32",), seed=0,
                 background=True, coords=4):
        scores_per_box = num_classes + (1 if background else 0)
        super().__init__(name, None, [[1, num_boxes, coords], [1, num_boxes, scores_per_box]],
                         ["TFLite_Detection_PostProcess"], kinds=kinds,
                         ranges=[(-1.0, 1.0), (0.0, 1.0)], seed=seed)
        self.options = dict(options, num_classes=num_classes)
        self.num_boxes = num_boxes

    def convert(self, kind):
        from ai_edge_litert import schema_py_generated as schema
        import flatbuffers
        from flatbuffers import flexbuffers

        model = schema.ModelT()
        model.version = 3
        model.description = "TFLite_Detection_PostProcess conformance case"
        code = schema.OperatorCodeT()
        code.builtinCode = code.deprecatedBuiltinCode = schema.BuiltinOperator.CUSTOM
        code.customCode = "TFLite_Detection_PostProcess"
        code.version = 1
        model.operatorCodes = [code]
        empty = schema.BufferT()
        anchors = detection_anchors(self.num_boxes, self.seed)
        quantized = kind == "uint8"

        def tensor(name, shape, tensor_type, buffer=0, scale=None, zero_point=0):
            t = schema.TensorT()
            t.name, t.shape, t.type, t.buffer = name, list(shape), tensor_type, buffer
            if scale is not None:
                t.quantization = schema.QuantizationParametersT()
                t.quantization.scale = [scale]
                t.quantization.zeroPoint = [zero_point]
            return t

        F32, U8 = schema.TensorType.FLOAT32, schema.TensorType.UINT8
        anchor_buffer = schema.BufferT()
        if quantized:
            # Anchors lie in (0, 1.5): scale 1/170, zero point 0.
            anchor_scale = 1.0 / 170.0
            anchor_buffer.data = list(np.clip(np.round(anchors / anchor_scale), 0, 255)
                                      .astype(np.uint8).tobytes())
            tensors = [tensor("box_encodings", self.shapes[0], U8, scale=0.02, zero_point=128),
                       tensor("class_predictions", self.shapes[1], U8, scale=1.0 / 256.0),
                       tensor("anchors", anchors.shape, U8, 1, anchor_scale)]
        else:
            anchor_buffer.data = list(anchors.tobytes())
            tensors = [tensor("box_encodings", self.shapes[0], F32),
                       tensor("class_predictions", self.shapes[1], F32),
                       tensor("anchors", anchors.shape, F32, 1)]
        model.buffers = [empty, anchor_buffer]
        slots = self.options["max_detections"] * self.options["max_classes_per_detection"]
        tensors += [tensor("detection_boxes", [1, slots, 4], F32),
                    tensor("detection_classes", [1, slots], F32),
                    tensor("detection_scores", [1, slots], F32),
                    tensor("num_detections", [1], F32)]
        op = schema.OperatorT()
        op.opcodeIndex = 0
        op.inputs, op.outputs = [0, 1, 2], [3, 4, 5, 6]
        op.customOptions = list(flexbuffers.Dumps(self.options))
        op.customOptionsFormat = schema.CustomOptionsFormat.FLEXBUFFERS
        graph = schema.SubGraphT()
        graph.tensors, graph.inputs, graph.outputs = tensors, [0, 1], [3, 4, 5, 6]
        graph.operators = [op]
        graph.name = "main"
        model.subgraphs = [graph]
        builder = flatbuffers.Builder(4096)
        builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())


SSD = dict(y_scale=10.0, x_scale=10.0, h_scale=5.0, w_scale=5.0)

CASES += [
    DetectionCase("detection_fast", 24, 3,
                  dict(SSD, max_detections=5, max_classes_per_detection=1,
                       nms_score_threshold=0.3, nms_iou_threshold=0.5), ("f32", "uint8"),
                  seed=1),
    DetectionCase("detection_fast_two_classes_no_background", 30, 4,
                  dict(SSD, max_detections=4, max_classes_per_detection=2,
                       nms_score_threshold=0.2, nms_iou_threshold=0.4, use_regular_nms=False),
                  ("f32",), seed=2, background=False),
    DetectionCase("detection_regular", 24, 3,
                  dict(SSD, max_detections=6, max_classes_per_detection=1,
                       detections_per_class=3, nms_score_threshold=0.25,
                       nms_iou_threshold=0.5, use_regular_nms=True), ("f32", "uint8"), seed=3),
    # Box encodings with 2 extra keypoint coordinates per box (ignored).
    DetectionCase("detection_regular_keypoints", 20, 2,
                  dict(SSD, max_detections=5, max_classes_per_detection=1,
                       detections_per_class=4, nms_score_threshold=0.1,
                       nms_iou_threshold=0.6, use_regular_nms=True), ("f32",), seed=4,
                  coords=6),
]

# Fewer detections than slots: the regular variant zero-fills the rest. (The
# fast variant leaves TensorFlow Lite's unused slots unwritten, so its cases
# fill every slot; brasa writes zeros there.)
CASES.append(
    DetectionCase("detection_regular_few_above_threshold", 16, 2,
                  dict(SSD, max_detections=6, max_classes_per_detection=1,
                       detections_per_class=2, nms_score_threshold=0.93,
                       nms_iou_threshold=0.5, use_regular_nms=True), ("f32",), seed=5))
