// The `brasa._brasa` extension: a thin layer over brasa's C++ API. The
// TensorFlow Lite-compatible Interpreter class is Python
// (python/brasa/interpreter.py); this file only moves data across.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/version.h"

namespace py = pybind11;

namespace {

void ThrowIfError(const brasa::Status& status) {
  if (status.ok()) return;
  if (status.code() == brasa::StatusCode::kInvalidArgument) {
    throw py::value_error(status.message());
  }
  throw std::runtime_error(status.ToString());
}

// A Model and the bytes it views (a 16-byte aligned copy of a Python
// bytes object, or nothing for a mapped file).
class PyModel {
 public:
  static std::shared_ptr<PyModel> FromFile(const std::string& path) {
    auto model = brasa::Model::FromFile(path);
    ThrowIfError(model.status());
    auto result = std::make_shared<PyModel>();
    result->model_ = std::move(*model);
    return result;
  }
  static std::shared_ptr<PyModel> FromBytes(const py::bytes& content) {
    const std::string bytes = content;
    auto result = std::make_shared<PyModel>();
    result->copy_.resize((bytes.size() + 15) / 16);
    std::memcpy(result->copy_.data(), bytes.data(), bytes.size());
    auto model = brasa::Model::FromBuffer(result->copy_.data(), bytes.size());
    ThrowIfError(model.status());
    result->model_ = std::move(*model);
    return result;
  }
  const brasa::Model& model() const { return *model_; }

 private:
  struct alignas(16) Block {
    unsigned char bytes[16];
  };
  std::vector<Block> copy_;
  std::unique_ptr<brasa::Model> model_;
};

py::dtype NumpyType(brasa::DataType type) {
  switch (type) {
    case brasa::DataType::kFloat32: return py::dtype("float32");
    case brasa::DataType::kFloat16: return py::dtype("float16");
    case brasa::DataType::kInt32: return py::dtype("int32");
    case brasa::DataType::kUInt8: return py::dtype("uint8");
    case brasa::DataType::kInt64: return py::dtype("int64");
    case brasa::DataType::kBool: return py::dtype("bool");
    case brasa::DataType::kInt16: return py::dtype("int16");
    case brasa::DataType::kComplex64: return py::dtype("complex64");
    case brasa::DataType::kInt8: return py::dtype("int8");
    case brasa::DataType::kFloat64: return py::dtype("float64");
    default: throw std::runtime_error("tensor type is not supported in Python");
  }
}

class PyInterpreter {
 public:
  PyInterpreter(std::shared_ptr<PyModel> model, int num_threads) : model_(std::move(model)) {
    brasa::InterpreterOptions options;
    options.num_threads = num_threads < 1 ? 1 : num_threads;
    auto interpreter = brasa::Interpreter::Create(model_->model(),
                                                  brasa::OpResolver::WithAllBuiltins(), options);
    ThrowIfError(interpreter.status());
    interpreter_ = std::move(*interpreter);
  }

  void AllocateTensors() { ThrowIfError(interpreter_->AllocateTensors()); }
  void Invoke() {
    py::gil_scoped_release release;  // other Python threads may run meanwhile
    ThrowIfError(interpreter_->Invoke());
  }
  void ResizeInput(int input, const std::vector<int32_t>& shape) {
    ThrowIfError(interpreter_->ResizeInputTensor(input, shape));
  }
  std::vector<int> Inputs() const { return Indices(true); }
  std::vector<int> Outputs() const { return Indices(false); }

  py::dict TensorInfo(int index) const {
    const brasa::Tensor& tensor = Get(index);
    py::dict info;
    info["name"] = tensor.name;
    info["index"] = index;
    info["shape"] = tensor.shape;
    info["dtype"] = NumpyType(tensor.type);
    info["scales"] = tensor.quantization.scales.ToVector();
    info["zero_points"] = tensor.quantization.zero_points.ToVector();
    info["quantized_dimension"] = tensor.quantization.quantized_dimension;
    return info;
  }

  // A NumPy array over the tensor's bytes (no copy); `owner` keeps this
  // interpreter alive while the array exists.
  py::array View(int index, py::object owner) const {
    const brasa::Tensor& tensor = Get(index);
    if (tensor.data == nullptr) {
      throw std::runtime_error("tensor " + std::to_string(index) +
                               " has no data yet: call allocate_tensors() first");
    }
    std::vector<py::ssize_t> shape(tensor.shape.begin(), tensor.shape.end());
    return py::array(NumpyType(tensor.type), shape, tensor.data, owner);
  }

  void SetTensor(int index, py::array value) {
    const brasa::Tensor& tensor = Get(index);
    if (!value.dtype().is(NumpyType(tensor.type))) {
      throw py::value_error("tensor " + std::to_string(index) + " (" + tensor.name + ") is " +
                            brasa::DataTypeName(tensor.type) + ", got " +
                            std::string(py::str(value.dtype())));
    }
    std::vector<int32_t> shape(value.shape(), value.shape() + value.ndim());
    if (shape != tensor.shape) {
      throw py::value_error("tensor " + std::to_string(index) + " (" + tensor.name +
                            ") has shape " + brasa::ShapeToString(tensor.shape) + ", got " +
                            brasa::ShapeToString(shape));
    }
    if (tensor.data == nullptr || tensor.allocation == brasa::Allocation::kConstant) {
      throw py::value_error("tensor " + std::to_string(index) + " cannot be written");
    }
    py::array contiguous = py::array::ensure(value, py::array::c_style);
    std::memcpy(tensor.data, contiguous.data(), tensor.bytes);
  }

  int num_tensors() const { return interpreter_->num_tensors(); }

 private:
  const brasa::Tensor& Get(int index) const {
    const brasa::Tensor* tensor = interpreter_->tensor(index);
    if (tensor == nullptr) {
      throw py::value_error("tensor index " + std::to_string(index) + " is out of range");
    }
    return *tensor;
  }
  std::vector<int> Indices(bool inputs) const {
    std::vector<int> result;
    const int count = inputs ? interpreter_->num_inputs() : interpreter_->num_outputs();
    for (int i = 0; i < count; ++i) {
      result.push_back(inputs ? interpreter_->input_tensor_index(i)
                              : interpreter_->output_tensor_index(i));
    }
    return result;
  }

  std::shared_ptr<PyModel> model_;  // outlives the interpreter
  std::unique_ptr<brasa::Interpreter> interpreter_;
};

}  // namespace

PYBIND11_MODULE(_brasa, m) {
  m.doc() = "brasa's C++ runtime (use brasa.Interpreter)";
  m.attr("__version__") = brasa::Version();
  py::class_<PyModel, std::shared_ptr<PyModel>>(m, "Model")
      .def_static("from_file", &PyModel::FromFile)
      .def_static("from_bytes", &PyModel::FromBytes)
      .def("signatures", [](const PyModel& model) {
        py::list result;
        for (const brasa::Signature& s : model.model().signatures()) {
          py::dict d;
          d["key"] = s.key;
          d["subgraph"] = s.subgraph;
          d["inputs"] = s.inputs;
          d["outputs"] = s.outputs;
          result.append(d);
        }
        return result;
      });
  py::class_<PyInterpreter>(m, "Interpreter")
      .def(py::init<std::shared_ptr<PyModel>, int>())
      .def("allocate_tensors", &PyInterpreter::AllocateTensors)
      .def("invoke", &PyInterpreter::Invoke)
      .def("resize_input", &PyInterpreter::ResizeInput)
      .def("inputs", &PyInterpreter::Inputs)
      .def("outputs", &PyInterpreter::Outputs)
      .def("tensor_info", &PyInterpreter::TensorInfo)
      .def("num_tensors", &PyInterpreter::num_tensors)
      .def("set_tensor", &PyInterpreter::SetTensor)
      .def("view", [](py::object self, int index) {
        return self.cast<const PyInterpreter&>().View(index, self);
      });
}
