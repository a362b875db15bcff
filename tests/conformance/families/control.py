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

    def __init__(self, name, update, shapes, ops, seed, invokes=3):
        super().__init__(name, None, shapes, ops, kinds=("f32",), seed=seed)
        self.update = update
        self.invokes = invokes

    def convert(self, kind):
        assert kind == "f32"
        rng = np.random.default_rng(1000 + self.seed)
        case = self

        class Accumulator(tf.Module):
            def __init__(self):
                super().__init__()
                self.v = tf.Variable(rng.uniform(-1.0, 1.0, case.shapes[0]).astype(np.float32))

            @tf.function(input_signature=[tf.TensorSpec(s, tf.float32, name=f"input_{i}")
                                          for i, s in enumerate(case.shapes)])
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


def accumulate_two(v, x, y):
    v.assign(v * 0.5 + x)
    return v + y


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
    # Resource variables carried over invokes.
    VariableCase("variable_accumulate", accumulate, [[2, 3]],
                 ["CALL_ONCE", "VAR_HANDLE", "READ_VARIABLE", "ADD", "ASSIGN_VARIABLE",
                  "READ_VARIABLE"], seed=10),
]
