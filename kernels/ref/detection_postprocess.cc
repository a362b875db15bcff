// TFLite_Detection_PostProcess (custom): SSD post-processing. Decodes box
// encodings (center-size, relative to anchors) into corners, then picks
// detections by non-max suppression, either "fast" (one NMS over each box's
// best class score, keeping each box's top classes) or "regular"
// (use_regular_nms: one NMS per class, then the best over all classes).
// Outputs, all float32: boxes [1,N,4] (ymin, xmin, ymax, xmax), classes
// [1,N], scores [1,N], count [1], with N = max_detections *
// max_classes_per_detection; slots past the detections are zero.
// Quantized (uint8/int8) encodings, scores and anchors are dequantized.
// The decoding runs in double as TensorFlow Lite's kernel does.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/detection_nms.h"
#include "kernels/ref/common/detection_options.h"

namespace brasa {
namespace {

constexpr int kBoxEncodings = 0;
constexpr int kClassPredictions = 1;
constexpr int kAnchors = 2;

// Element i of a float32 / uint8 / int8 tensor, dequantized.
float ValueAt(const Tensor& tensor, int64_t i) {
  float q = 0.0f;
  switch (tensor.type) {
    case DataType::kUInt8: q = tensor.data_as<uint8_t>()[i]; break;
    case DataType::kInt8: q = tensor.data_as<int8_t>()[i]; break;
    default: return tensor.data_as<float>()[i];
  }
  return (q - static_cast<float>(tensor.quantization.zero_point())) * tensor.quantization.scale();
}

Status CheckValueType(const KernelContext& context, const char* what, const Tensor& tensor) {
  if (tensor.type == DataType::kFloat32) return Status::Ok();
  if (tensor.type != DataType::kUInt8 && tensor.type != DataType::kInt8) {
    return context.Error("%s must be float32, uint8 or int8, got %s", what,
                         DataTypeName(tensor.type));
  }
  if (!tensor.quantization.is_quantized() || tensor.quantization.is_per_channel()) {
    return context.Error("%s of type %s needs one scale and zero point", what,
                         DataTypeName(tensor.type));
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 3 || context.num_outputs() != 4) {
    return context.Error("expects 3 inputs and 4 outputs, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  DetectionData* data = context.NewOpData<DetectionData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  BRASA_RETURN_IF_ERROR(ParseDetectionOptions(context, &data->options));
  const Tensor* boxes = context.input(kBoxEncodings);
  const Tensor* scores = context.input(kClassPredictions);
  const Tensor* anchors = context.input(kAnchors);
  if (boxes == nullptr || scores == nullptr || anchors == nullptr) {
    return context.Error("an input is missing");
  }
  BRASA_RETURN_IF_ERROR(CheckValueType(context, "box encodings", *boxes));
  BRASA_RETURN_IF_ERROR(CheckValueType(context, "class predictions", *scores));
  BRASA_RETURN_IF_ERROR(CheckValueType(context, "anchors", *anchors));
  if (boxes->rank() != 3 || boxes->dim(0) != 1 || boxes->dim(2) < 4) {
    return context.Error("box encodings must be [1, boxes, >= 4], got %s",
                         ShapeToString(boxes->shape).c_str());
  }
  const int num_boxes = boxes->dim(1);
  const int num_classes = data->options.num_classes;
  if (scores->rank() != 3 || scores->dim(0) != 1 || scores->dim(1) != num_boxes ||
      scores->dim(2) < num_classes || scores->dim(2) > num_classes + 1) {
    return context.Error("class predictions must be [1, %d, %d or %d] (num_classes %d, with or "
                         "without background), got %s", num_boxes, num_classes, num_classes + 1,
                         num_classes, ShapeToString(scores->shape).c_str());
  }
  if (anchors->rank() != 2 || anchors->dim(0) != num_boxes || anchors->dim(1) != 4) {
    return context.Error("anchors must be [%d, 4], got %s", num_boxes,
                         ShapeToString(anchors->shape).c_str());
  }
  data->num_boxes = num_boxes;
  data->box_stride = boxes->dim(2);
  data->scores_per_box = scores->dim(2);
  const DetectionOptions& o = data->options;
  const int32_t slots = o.max_detections * o.max_classes_per_detection;
  const Shape output_shapes[4] = {{1, slots, 4}, {1, slots}, {1, slots}, {1}};
  for (int i = 0; i < 4; ++i) {
    if (context.output(i)->type != DataType::kFloat32) {
      return context.Error("output %d must be float32, got %s", i,
                           DataTypeName(context.output(i)->type));
    }
    BRASA_RETURN_IF_ERROR(context.ResizeOutput(i, output_shapes[i]));
  }
  size_t bytes = 0;
  if (!PlanDetectionScratch(data, scores->type != DataType::kFloat32, &bytes)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "%d boxes need too much scratch",
                                 num_boxes);
  }
  return context.RequestScratch(bytes, &data->scratch_index);
}

// Decodes every box into scratch; false (with the box) if one is inverted.
bool DecodeBoxes(const KernelContext& context, const DetectionData& data,
                 BoxCorners* decoded, int* bad_box) {
  const Tensor& boxes = *context.input(kBoxEncodings);
  const Tensor& anchors = *context.input(kAnchors);
  const DetectionOptions& o = data.options;
  for (int i = 0; i < data.num_boxes; ++i) {
    const int64_t b = static_cast<int64_t>(i) * data.box_stride;
    const int64_t a = static_cast<int64_t>(i) * 4;
    const double y = ValueAt(boxes, b), x = ValueAt(boxes, b + 1);
    const double h = ValueAt(boxes, b + 2), w = ValueAt(boxes, b + 3);
    const double anchor_y = ValueAt(anchors, a), anchor_x = ValueAt(anchors, a + 1);
    const double anchor_h = ValueAt(anchors, a + 2), anchor_w = ValueAt(anchors, a + 3);
    const float y_center = static_cast<float>(y / o.y_scale * anchor_h + anchor_y);
    const float x_center = static_cast<float>(x / o.x_scale * anchor_w + anchor_x);
    const float half_h = static_cast<float>(0.5 * std::exp(h / o.h_scale) * anchor_h);
    const float half_w = static_cast<float>(0.5 * std::exp(w / o.w_scale) * anchor_w);
    decoded[i] = {y_center - half_h, x_center - half_w, y_center + half_h, x_center + half_w};
    if (decoded[i].ymin > decoded[i].ymax || decoded[i].xmin > decoded[i].xmax) {
      *bad_box = i;
      return false;
    }
  }
  return true;
}

Status Eval(KernelContext& context) {
  const DetectionData& data = *context.op_data<DetectionData>();
  const DetectionScratch scratch = CarveDetectionScratch(data, context.scratch(data.scratch_index));
  int bad_box = 0;
  if (!DecodeBoxes(context, data, scratch.decoded, &bad_box)) {
    // NaN corners or a negative anchor size; TensorFlow Lite fails the same way.
    return context.Error("decoded box %d has its minimum corner past its maximum", bad_box);
  }
  const Tensor& predictions = *context.input(kClassPredictions);
  const float* scores = predictions.data_as<float>();
  if (predictions.type != DataType::kFloat32) {
    const int64_t count = predictions.element_count();
    for (int64_t i = 0; i < count; ++i) scratch.scores[i] = ValueAt(predictions, i);
    scores = scratch.scores;
  }
  DetectionOutputs out = {context.output(0)->data_as<float>(), context.output(1)->data_as<float>(),
                          context.output(2)->data_as<float>(), context.output(3)->data_as<float>()};
  for (int i = 0; i < 3; ++i) std::memset(context.output(i)->data, 0, context.output(i)->bytes);
  if (data.options.use_regular_nms) {
    RegularMultiClassNms(data, scratch, scores, out);
  } else {
    FastMultiClassNms(data, scratch, scores, out);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_DETECTION_POSTPROCESS() {
  static const OpKernel kernel = {"TFLite_Detection_PostProcess", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
