"""brasa: run TensorFlow Lite models with brasa's C++ runtime.

    import brasa
    interpreter = brasa.Interpreter(model_path="model.tflite", num_threads=2)
    interpreter.allocate_tensors()

`brasa.Interpreter` follows `tflite_runtime.interpreter.Interpreter`, so code
written for TensorFlow Lite's Python interpreter runs unchanged.
"""
from brasa._brasa import __version__
from brasa.interpreter import Interpreter, SignatureRunner

__all__ = ["Interpreter", "SignatureRunner", "__version__"]
