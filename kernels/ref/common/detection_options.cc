#include "kernels/ref/common/detection_options.h"

#include <cmath>

#include "flatbuffers/flexbuffers.h"

namespace brasa {
namespace {

// Far above any real detector (SSD models keep 10-100 detections); keeps
// max_detections * max_classes_per_detection and the scratch sizes small.
constexpr int64_t kMaxCount = 1 << 16;
// Options are a few hundred bytes; a larger blob is not this operator's.
constexpr size_t kMaxOptionsBytes = 1 << 20;

// An integer option in [minimum, kMaxCount]; `required` false keeps the
// default when the key is absent.
Status ReadCount(const KernelContext& context, const flexbuffers::Map& map, const char* key,
                 int64_t minimum, bool required, int32_t* value) {
  const flexbuffers::Reference field = map[key];
  if (field.IsNull()) {
    return required ? context.Error("custom option '%s' is missing", key) : Status::Ok();
  }
  if (!field.IsIntOrUint()) return context.Error("custom option '%s' must be an integer", key);
  // An unsigned value past int64's range must not wrap to a small one.
  const int64_t number = field.IsUInt() && field.AsUInt64() > static_cast<uint64_t>(kMaxCount)
                             ? kMaxCount + 1
                             : field.AsInt64();
  if (number < minimum || number > kMaxCount) {
    return context.Error("custom option '%s' is %lld; it must lie in [%lld, %lld]", key,
                         static_cast<long long>(number), static_cast<long long>(minimum),
                         static_cast<long long>(kMaxCount));
  }
  *value = static_cast<int32_t>(number);
  return Status::Ok();
}

// A finite number option (an integer is accepted and converted).
Status ReadFloat(const KernelContext& context, const flexbuffers::Map& map, const char* key,
                 float* value) {
  const flexbuffers::Reference field = map[key];
  if (field.IsNull()) return context.Error("custom option '%s' is missing", key);
  if (!field.IsNumeric()) return context.Error("custom option '%s' must be a number", key);
  *value = field.AsFloat();
  if (!std::isfinite(*value)) {
    return context.Error("custom option '%s' is %g, not a finite number", key,
                         static_cast<double>(*value));
  }
  return Status::Ok();
}

Status ReadScale(const KernelContext& context, const flexbuffers::Map& map, const char* key,
                 float* value) {
  BRASA_RETURN_IF_ERROR(ReadFloat(context, map, key, value));
  if (*value == 0.0f) return context.Error("custom option '%s' must not be 0", key);
  return Status::Ok();
}

}  // namespace

Status ParseDetectionOptions(const KernelContext& context, DetectionOptions* options) {
  const uint8_t* bytes = context.custom_options();
  const size_t size = context.custom_options_size();
  if (bytes == nullptr || size == 0) return context.Error("custom options are missing");
  if (size > kMaxOptionsBytes) {
    return context.Error("custom options of %zu bytes are too large", size);
  }
  // Alignment is not checked: the options sit at any offset in the model.
  flexbuffers::Verifier verifier(bytes, size, nullptr, /*_check_alignment=*/false);
  if (!verifier.VerifyBuffer()) {
    return context.Error("custom options are not a valid FlexBuffer");
  }
  const flexbuffers::Reference root = flexbuffers::GetRoot(bytes, size);
  if (!root.IsMap()) return context.Error("custom options must be a FlexBuffer map");
  const flexbuffers::Map map = root.AsMap();
  DetectionOptions o;
  BRASA_RETURN_IF_ERROR(ReadCount(context, map, "max_detections", 0, true, &o.max_detections));
  BRASA_RETURN_IF_ERROR(ReadCount(context, map, "max_classes_per_detection", 1, true,
                                  &o.max_classes_per_detection));
  BRASA_RETURN_IF_ERROR(ReadCount(context, map, "detections_per_class", 1, false,
                                  &o.detections_per_class));
  BRASA_RETURN_IF_ERROR(ReadCount(context, map, "num_classes", 1, true, &o.num_classes));
  BRASA_RETURN_IF_ERROR(ReadFloat(context, map, "nms_score_threshold", &o.nms_score_threshold));
  BRASA_RETURN_IF_ERROR(ReadFloat(context, map, "nms_iou_threshold", &o.nms_iou_threshold));
  if (!(o.nms_iou_threshold > 0.0f && o.nms_iou_threshold <= 1.0f)) {
    return context.Error("custom option 'nms_iou_threshold' is %g; it must lie in (0, 1]",
                         static_cast<double>(o.nms_iou_threshold));
  }
  BRASA_RETURN_IF_ERROR(ReadScale(context, map, "y_scale", &o.y_scale));
  BRASA_RETURN_IF_ERROR(ReadScale(context, map, "x_scale", &o.x_scale));
  BRASA_RETURN_IF_ERROR(ReadScale(context, map, "h_scale", &o.h_scale));
  BRASA_RETURN_IF_ERROR(ReadScale(context, map, "w_scale", &o.w_scale));
  const flexbuffers::Reference regular = map["use_regular_nms"];
  if (!regular.IsNull()) {
    if (!regular.IsBool() && !regular.IsIntOrUint()) {
      return context.Error("custom option 'use_regular_nms' must be a bool");
    }
    o.use_regular_nms = regular.AsBool();
  }
  *options = o;
  return Status::Ok();
}

}  // namespace brasa
