// A V4L2 camera as a FrameSource: memory-mapped streaming of 8-bit gray
// (GREY) or YUYV frames, of which only the luma (Y) bytes are kept.
#include "examples/person_detection/frame_source.h"

#if defined(__linux__)
#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace brasa_examples {

#if defined(__linux__)
namespace {

constexpr int kWidth = 320, kHeight = 240, kBuffers = 4;

int Ioctl(int fd, unsigned long request, void* arg) {
  int result;
  do {
    result = ::ioctl(fd, request, arg);
  } while (result == -1 && errno == EINTR);
  return result;
}

class V4l2Camera : public FrameSource {
 public:
  ~V4l2Camera() override {
    if (streaming_) {
      v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      Ioctl(fd_, VIDIOC_STREAMOFF, &type);
    }
    for (const Mapping& buffer : buffers_) ::munmap(buffer.start, buffer.length);
    if (fd_ >= 0) ::close(fd_);
  }

  brasa::Status Open(const std::string& device) {
    device_ = device;
    fd_ = ::open(device.c_str(), O_RDWR);
    if (fd_ < 0) return Fail("cannot open");
    v4l2_capability capability{};
    if (Ioctl(fd_, VIDIOC_QUERYCAP, &capability) != 0) return Fail("not a V4L2 device");
    if (!(capability.capabilities & V4L2_CAP_VIDEO_CAPTURE) ||
        !(capability.capabilities & V4L2_CAP_STREAMING)) {
      return brasa::UnsupportedError(device + ": cannot stream video capture");
    }
    BRASA_RETURN_IF_ERROR(SetFormat());
    return StartStreaming();
  }

  brasa::Status NextFrame(Image* frame, bool* done) override {
    *done = false;
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    if (Ioctl(fd_, VIDIOC_DQBUF, &buffer) != 0) return Fail("cannot read a frame");
    const uint8_t* bytes = static_cast<const uint8_t*>(buffers_[buffer.index].start);
    frame->width = width_;
    frame->height = height_;
    frame->channels = 1;
    frame->pixels.resize(static_cast<size_t>(width_) * height_);
    const size_t step = yuyv_ ? 2 : 1;  // YUYV: Y U Y V, luma every other byte
    for (int y = 0; y < height_; ++y) {
      const uint8_t* row = bytes + static_cast<size_t>(y) * bytes_per_line_;
      for (int x = 0; x < width_; ++x)
        frame->pixels[static_cast<size_t>(y * width_ + x)] = row[x * step];
    }
    if (Ioctl(fd_, VIDIOC_QBUF, &buffer) != 0) return Fail("cannot requeue a frame buffer");
    return brasa::Status::Ok();
  }

 private:
  struct Mapping {
    void* start;
    size_t length;
  };

  brasa::Status Fail(const char* what) const {
    return brasa::IoError(device_ + ": " + what + " (" + std::strerror(errno) + ")");
  }

  brasa::Status SetFormat() {
    for (uint32_t pixel_format : {V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUYV}) {
      v4l2_format format{};
      format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      format.fmt.pix.width = kWidth;
      format.fmt.pix.height = kHeight;
      format.fmt.pix.pixelformat = pixel_format;
      format.fmt.pix.field = V4L2_FIELD_NONE;
      // The driver may pick another size (kept) or format (try the next).
      if (Ioctl(fd_, VIDIOC_S_FMT, &format) == 0 && format.fmt.pix.pixelformat == pixel_format) {
        width_ = static_cast<int>(format.fmt.pix.width);
        height_ = static_cast<int>(format.fmt.pix.height);
        yuyv_ = pixel_format == V4L2_PIX_FMT_YUYV;
        bytes_per_line_ = format.fmt.pix.bytesperline;
        const size_t row = static_cast<size_t>(width_) * (yuyv_ ? 2 : 1);
        if (bytes_per_line_ < row) bytes_per_line_ = row;
        return brasa::Status::Ok();
      }
    }
    return brasa::UnsupportedError(device_ + ": the camera offers neither GREY nor YUYV frames");
  }

  brasa::Status StartStreaming() {
    v4l2_requestbuffers request{};
    request.count = kBuffers;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (Ioctl(fd_, VIDIOC_REQBUFS, &request) != 0 || request.count == 0) {
      return Fail("cannot get frame buffers");
    }
    for (uint32_t i = 0; i < request.count; ++i) {
      v4l2_buffer buffer{};
      buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      buffer.memory = V4L2_MEMORY_MMAP;
      buffer.index = i;
      if (Ioctl(fd_, VIDIOC_QUERYBUF, &buffer) != 0) return Fail("cannot query a frame buffer");
      void* start =
          ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buffer.m.offset);
      if (start == MAP_FAILED) return Fail("cannot map a frame buffer");
      buffers_.push_back({start, buffer.length});
      if (static_cast<size_t>(height_) * bytes_per_line_ > buffer.length) {
        return brasa::UnsupportedError(device_ + ": frame buffers are smaller than a frame");
      }
      if (Ioctl(fd_, VIDIOC_QBUF, &buffer) != 0) return Fail("cannot queue a frame buffer");
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (Ioctl(fd_, VIDIOC_STREAMON, &type) != 0) return Fail("cannot start streaming");
    streaming_ = true;
    return brasa::Status::Ok();
  }

  std::string device_;
  int fd_ = -1;
  int width_ = 0, height_ = 0;
  size_t bytes_per_line_ = 0;
  bool yuyv_ = false;
  bool streaming_ = false;
  std::vector<Mapping> buffers_;
};

}  // namespace

brasa::Result<std::unique_ptr<FrameSource>> OpenV4l2Camera(const std::string& device) {
  std::unique_ptr<V4l2Camera> camera(new V4l2Camera());
  BRASA_RETURN_IF_ERROR(camera->Open(device));
  return std::unique_ptr<FrameSource>(std::move(camera));
}

#else  // not Linux

brasa::Result<std::unique_ptr<FrameSource>> OpenV4l2Camera(const std::string& device) {
  return brasa::UnsupportedError(device + ": V4L2 cameras need Linux");
}

#endif

}  // namespace brasa_examples
