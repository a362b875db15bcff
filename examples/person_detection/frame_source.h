// Where --camera frames come from: a V4L2 camera (/dev/videoN) or, for tests
// and demos without a camera, a directory of recorded frames (image files,
// read in name order).
#ifndef BRASA_EXAMPLES_PERSON_DETECTION_FRAME_SOURCE_H_
#define BRASA_EXAMPLES_PERSON_DETECTION_FRAME_SOURCE_H_

#include <memory>
#include <string>

#include "examples/common/image.h"

namespace brasa_examples {

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // The next frame as gray pixels; *done is set (and OK returned) at the end
  // of a recording. A camera never ends.
  virtual brasa::Status NextFrame(Image* frame, bool* done) = 0;
};

// Opens `device`: a directory of frames, or a V4L2 capture device.
brasa::Result<std::unique_ptr<FrameSource>> OpenFrameSource(const std::string& device);

// A V4L2 capture device (Linux only; elsewhere this fails with a message).
brasa::Result<std::unique_ptr<FrameSource>> OpenV4l2Camera(const std::string& device);

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_PERSON_DETECTION_FRAME_SOURCE_H_
