"""The same script against LiteRT's interpreter (reference kernels) and
brasa.Interpreter: details, set/get, views, resize and signature runners
must agree, and the outputs must be identical (integers) or within 1e-5
(float32). Needs ai-edge-litert (pinned in dev.sh) and the module built at
build/python (PYTHONPATH)."""
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
from ai_edge_litert.interpreter import Interpreter as LiteRT
from ai_edge_litert.interpreter import OpResolverType

import brasa

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.environ.get("BRASA_SHARED_MODELS_DIR", os.path.join(ROOT, "..", "shared", "models"))
SINE = os.path.join(ROOT, "examples", "hello_world")


def litert(**kwargs):
    return LiteRT(experimental_op_resolver_type=OpResolverType.BUILTIN_REF, **kwargs)


def random_input(detail, rng):
    if detail["dtype"] == np.float32:
        return rng.uniform(-2, 2, detail["shape"]).astype(np.float32)
    info = np.iinfo(detail["dtype"])
    return rng.integers(info.min, info.max, detail["shape"], endpoint=True).astype(detail["dtype"])


def run_script(make_interpreter, seed=0):
    """What a tflite_runtime user writes; returns details and outputs."""
    interpreter = make_interpreter()
    interpreter.allocate_tensors()
    rng = np.random.default_rng(seed)
    for detail in interpreter.get_input_details():
        interpreter.set_tensor(detail["index"], random_input(detail, rng))
    interpreter.invoke()
    outputs = [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]
    return interpreter.get_input_details(), interpreter.get_output_details(), outputs


class SameScriptTest(unittest.TestCase):
    def assert_same_details(self, ours, theirs):
        self.assertEqual(len(ours), len(theirs))
        for a, b in zip(ours, theirs):
            self.assertEqual(set(a), set(b) - {"op_name"} if "op_name" in b else set(b))
            self.assertEqual(a["name"], b["name"])
            self.assertEqual(a["index"], b["index"])
            np.testing.assert_array_equal(a["shape"], b["shape"])
            self.assertEqual(a["dtype"], b["dtype"])
            self.assertAlmostEqual(a["quantization"][0], b["quantization"][0], places=9)
            self.assertEqual(a["quantization"][1], b["quantization"][1])
            qa, qb = a["quantization_parameters"], b["quantization_parameters"]
            np.testing.assert_array_equal(qa["scales"], qb["scales"])
            np.testing.assert_array_equal(qa["zero_points"], qb["zero_points"])
            self.assertEqual(qa["quantized_dimension"], qb["quantized_dimension"])

    def assert_same_outputs(self, ours, theirs):
        for a, b in zip(ours, theirs):
            self.assertEqual(a.dtype, b.dtype)
            self.assertEqual(a.shape, b.shape)
            if a.dtype == np.float32:
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
            else:
                np.testing.assert_array_equal(a, b)

    def check_model(self, path):
        ours = run_script(lambda: brasa.Interpreter(model_path=path, num_threads=2))
        theirs = run_script(lambda: litert(model_path=path))
        self.assert_same_details(ours[0], theirs[0])
        self.assert_same_details(ours[1], theirs[1])
        self.assert_same_outputs(ours[2], theirs[2])

    def test_models(self):
        for path in [os.path.join(MODELS, "mobilenet_v1_0.25_128_quant.tflite"),
                     os.path.join(MODELS, "micro_speech_quantized.tflite"),
                     os.path.join(MODELS, "hello_world_int8.tflite"),
                     os.path.join(SINE, "sine_float.tflite"),
                     os.path.join(SINE, "sine_int8.tflite")]:
            with self.subTest(model=os.path.basename(path)):
                self.check_model(path)

    def test_model_content_and_tensor_view(self):
        with open(os.path.join(SINE, "sine_float.tflite"), "rb") as f:
            content = f.read()
        interpreter = brasa.Interpreter(model_content=content)
        reference = litert(model_content=content)
        for runner in (interpreter, reference):
            runner.allocate_tensors()
            runner.tensor(runner.get_input_details()[0]["index"])()[:] = 0.5
            runner.invoke()
        index = interpreter.get_output_details()[0]["index"]
        view = interpreter.tensor(index)()
        self.assertFalse(view.flags["OWNDATA"])  # a view, not a copy
        np.testing.assert_allclose(view, reference.get_tensor(index), rtol=1e-5)

    def test_resize(self):
        path = os.path.join(SINE, "sine_float.tflite")
        results = []
        for runner in (brasa.Interpreter(model_path=path), litert(model_path=path)):
            index = runner.get_input_details()[0]["index"]
            runner.resize_tensor_input(index, [5, 1])
            runner.allocate_tensors()
            runner.set_tensor(index, np.linspace(0, 3, 5, dtype=np.float32).reshape(5, 1))
            runner.invoke()
            results.append(runner.get_tensor(runner.get_output_details()[0]["index"]))
        self.assertEqual(results[0].shape, (5, 1))
        np.testing.assert_allclose(results[0], results[1], rtol=1e-5, atol=1e-6)

    def test_signature_runner(self):
        for model in ("sine_float.tflite", "sine_int8.tflite"):
            path = os.path.join(SINE, model)
            ours, theirs = brasa.Interpreter(model_path=path), litert(model_path=path)
            self.assertEqual(ours.get_signature_list(), theirs.get_signature_list())
            name = ours.get_signature_list()["serving_default"]["inputs"][0]
            dtype = ours.get_input_details()[0]["dtype"]
            x = np.array([[1], [-3], [7]], dtype=dtype)  # batch 3: the runners resize
            a = ours.get_signature_runner()(**{name: x})
            b = theirs.get_signature_runner("serving_default")(**{name: x})
            self.assertEqual(set(a), set(b))
            for key in a:
                np.testing.assert_allclose(a[key], b[key], rtol=1e-5, atol=1e-6)

    def test_errors(self):
        with self.assertRaises(RuntimeError):
            brasa.Interpreter(model_path=os.path.join(tempfile.gettempdir(), "no_such.tflite"))
        interpreter = brasa.Interpreter(model_path=os.path.join(SINE, "sine_float.tflite"))
        interpreter.allocate_tensors()
        index = interpreter.get_input_details()[0]["index"]
        with self.assertRaises(ValueError):
            interpreter.set_tensor(index, np.zeros([1, 1], dtype=np.int8))
        with self.assertRaises(ValueError):
            interpreter.set_tensor(index, np.zeros([2, 1], dtype=np.float32))


class LabelImageExampleTest(unittest.TestCase):
    def test_cat(self):
        result = subprocess.run(
            [sys.executable, os.path.join(ROOT, "examples", "python", "label_image.py"),
             "--model", os.path.join(MODELS, "mobilenet_v1_0.25_128_quant.tflite"),
             "--labels", os.path.join(MODELS, "imagenet_labels.txt"),
             os.path.join(MODELS, "cat.bmp")],
            capture_output=True, text=True, check=True)
        top = int(result.stdout.splitlines()[1].split()[1])
        self.assertTrue(281 <= top <= 286, result.stdout)  # a domestic cat


if __name__ == "__main__":
    unittest.main()
