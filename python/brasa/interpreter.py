"""A tflite_runtime-compatible Interpreter over brasa's C++ runtime."""
import numpy as np

from brasa import _brasa


class Interpreter:
    """Runs one TensorFlow Lite model, like tflite_runtime's Interpreter.

    Tensors are named by their index in the graph ("index" in the details),
    as in TensorFlow Lite. Arguments TensorFlow Lite accepts but brasa has
    no use for (experimental_delegates, experimental_op_resolver_type, ...)
    are accepted and ignored, so existing code runs unchanged.
    """

    def __init__(self, model_path=None, model_content=None, num_threads=None,
                 **_ignored_tflite_options):
        if (model_path is None) == (model_content is None):
            raise ValueError("give exactly one of model_path and model_content")
        if model_path is not None:
            self._model = _brasa.Model.from_file(str(model_path))
        else:
            self._model = _brasa.Model.from_bytes(bytes(model_content))
        self._runtime = _brasa.Interpreter(self._model, int(num_threads or 1))

    # ---- Lifecycle ----
    def allocate_tensors(self):
        self._runtime.allocate_tensors()

    def invoke(self):
        self._runtime.invoke()

    def resize_tensor_input(self, input_index, tensor_size, strict=False):
        """Resizes the input whose tensor index is `input_index`."""
        del strict  # brasa's shapes are all static between resizes
        inputs = self._runtime.inputs()
        if input_index not in inputs:
            raise ValueError(f"tensor {input_index} is not an input")
        self._runtime.resize_input(inputs.index(input_index), [int(d) for d in tensor_size])

    # ---- Details ----
    def _details(self, index):
        info = self._runtime.tensor_info(index)
        scales = np.array(info["scales"], dtype=np.float32)
        zero_points = np.array(info["zero_points"], dtype=np.int32)
        shape = np.array(info["shape"], dtype=np.int32)
        return {
            "name": info["name"],
            "index": index,
            "shape": shape,
            "shape_signature": shape.copy(),
            "dtype": info["dtype"].type,
            "quantization": (float(scales[0]), int(zero_points[0])) if len(scales) else (0.0, 0),
            "quantization_parameters": {
                "scales": scales,
                "zero_points": zero_points,
                "quantized_dimension": info["quantized_dimension"],
            },
            "sparsity_parameters": {},
        }

    def get_input_details(self):
        return [self._details(i) for i in self._runtime.inputs()]

    def get_output_details(self):
        return [self._details(i) for i in self._runtime.outputs()]

    def get_tensor_details(self):
        return [self._details(i) for i in range(self._runtime.num_tensors())]

    # ---- Data ----
    def set_tensor(self, tensor_index, value):
        """Copies `value` (matching dtype and shape) into the tensor."""
        self._runtime.set_tensor(tensor_index, np.asarray(value))

    def get_tensor(self, tensor_index):
        """A copy of the tensor's current value."""
        return self._runtime.view(tensor_index).copy()

    def tensor(self, tensor_index):
        """A function returning a NumPy view of the tensor (no copy).

        As in TensorFlow Lite, do not keep the view across allocate_tensors().
        """
        return lambda: self._runtime.view(tensor_index)

    # ---- Signatures ----
    def get_signature_list(self):
        return {s["key"]: {"inputs": [n for n, _ in s["inputs"]],
                           "outputs": [n for n, _ in s["outputs"]]}
                for s in self._model.signatures()}

    def get_signature_runner(self, signature_key=None):
        signatures = self._model.signatures()
        if not signatures:
            raise ValueError("the model has no signatures")
        if signature_key is None:
            signature = signatures[0]
        else:
            matches = [s for s in signatures if s["key"] == signature_key]
            if not matches:
                raise ValueError(f"no signature '{signature_key}'; the model has "
                                 f"{[s['key'] for s in signatures]}")
            signature = matches[0]
        if signature["subgraph"] != 0:
            raise ValueError(f"signature '{signature['key']}' runs subgraph "
                             f"{signature['subgraph']}; brasa runs subgraph 0 only")
        return SignatureRunner(self, signature)


class SignatureRunner:
    """Calls a signature with named inputs and returns its named outputs."""

    def __init__(self, interpreter, signature):
        self._interpreter = interpreter
        self._inputs = dict(signature["inputs"])
        self._outputs = dict(signature["outputs"])
        self._allocated = False

    def get_input_details(self):
        return {name: self._interpreter._details(i) for name, i in self._inputs.items()}

    def get_output_details(self):
        return {name: self._interpreter._details(i) for name, i in self._outputs.items()}

    def __call__(self, **inputs):
        unknown = set(inputs) - set(self._inputs)
        if unknown:
            raise ValueError(f"unknown inputs {sorted(unknown)}; the signature takes "
                             f"{sorted(self._inputs)}")
        runtime = self._interpreter._runtime
        graph_inputs = runtime.inputs()
        for name, value in inputs.items():
            value = np.asarray(value)
            index = self._inputs[name]
            if list(value.shape) != runtime.tensor_info(index)["shape"]:
                runtime.resize_input(graph_inputs.index(index), list(value.shape))
                self._allocated = False
        if not self._allocated:
            self._interpreter.allocate_tensors()
            self._allocated = True
        for name, value in inputs.items():
            self._interpreter.set_tensor(self._inputs[name], np.asarray(value))
        self._interpreter.invoke()
        return {name: self._interpreter.get_tensor(i) for name, i in self._outputs.items()}
