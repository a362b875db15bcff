#include "examples/person_detection/frame_source.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <vector>

namespace brasa_examples {
namespace {

// Recorded frames: every regular file of a directory, in name order.
class DirectoryFrames : public FrameSource {
 public:
  explicit DirectoryFrames(std::vector<std::string> paths) : paths_(std::move(paths)) {}
  brasa::Status NextFrame(Image* frame, bool* done) override {
    *done = next_ == paths_.size();
    if (*done) return brasa::Status::Ok();
    auto image = LoadImage(paths_[next_++], /*channels=*/1);
    if (!image.ok()) return image.status();
    *frame = std::move(*image);
    return brasa::Status::Ok();
  }

 private:
  std::vector<std::string> paths_;
  size_t next_ = 0;
};

brasa::Result<std::unique_ptr<FrameSource>> OpenDirectory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return brasa::IoError("cannot list frames in '" + path + "'");
  std::vector<std::string> paths;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string file = path + "/" + entry->d_name;
    struct stat info;
    if (entry->d_name[0] != '.' && ::stat(file.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      paths.push_back(file);
    }
  }
  ::closedir(dir);
  if (paths.empty()) return brasa::NotFoundError("no frames in '" + path + "'");
  std::sort(paths.begin(), paths.end());
  return std::unique_ptr<FrameSource>(new DirectoryFrames(std::move(paths)));
}

}  // namespace

brasa::Result<std::unique_ptr<FrameSource>> OpenFrameSource(const std::string& device) {
  struct stat info;
  if (::stat(device.c_str(), &info) != 0) {
    return brasa::NotFoundError("no camera or frame directory at '" + device + "'");
  }
  if (S_ISDIR(info.st_mode)) return OpenDirectory(device);
  return OpenV4l2Camera(device);
}

}  // namespace brasa_examples
