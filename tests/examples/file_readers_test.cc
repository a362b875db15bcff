// The examples' readers of untrusted files from memory (fuzz/fuzz_image.cc and
// fuzz/fuzz_wav.cc fuzz them): a header that asks for a huge image is refused
// before any pixel is decoded; WAV bytes parse as they do from a file.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "examples/common/image.h"
#include "examples/keyword_spotting/wav_file.h"

namespace brasa_examples {
namespace {

void PutLittle(std::vector<uint8_t>* bytes, size_t at, uint32_t value, int count) {
  for (int i = 0; i < count; ++i) (*bytes)[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

// A 24-bit BMP of width x height; only `pixel_bytes` of pixel data follow.
std::vector<uint8_t> Bmp(uint32_t width, uint32_t height, size_t pixel_bytes) {
  std::vector<uint8_t> bytes(54 + pixel_bytes, 0x7f);
  bytes[0] = 'B';
  bytes[1] = 'M';
  PutLittle(&bytes, 2, static_cast<uint32_t>(bytes.size()), 4);
  PutLittle(&bytes, 6, 0, 4);
  PutLittle(&bytes, 10, 54, 4);   // pixel data offset
  PutLittle(&bytes, 14, 40, 4);   // BITMAPINFOHEADER
  PutLittle(&bytes, 18, width, 4);
  PutLittle(&bytes, 22, height, 4);
  PutLittle(&bytes, 26, 1, 2);    // planes
  PutLittle(&bytes, 28, 24, 2);   // bits per pixel
  PutLittle(&bytes, 30, 0, 4);    // no compression
  PutLittle(&bytes, 34, static_cast<uint32_t>(pixel_bytes), 4);
  for (size_t at = 38; at < 54; ++at) bytes[at] = 0;
  return bytes;
}

TEST(ImageReaderTest, DecodesFromMemory) {
  const std::vector<uint8_t> bmp = Bmp(3, 2, 2 * 12);  // rows padded to 4 bytes
  auto image = DecodeImage(bmp.data(), bmp.size(), 3, "small.bmp");
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->width, 3);
  EXPECT_EQ(image->height, 2);
  EXPECT_EQ(image->pixels.size(), 3u * 2u * 3u);
}

TEST(ImageReaderTest, RefusesHugeImagesFromTheHeader) {
  const std::vector<uint8_t> bmp = Bmp(20000, 20000, 16);
  auto image = DecodeImage(bmp.data(), bmp.size(), 3, "huge.bmp");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().message(),
            "cannot read image 'huge.bmp': 20000x20000 pixels, more than the 33554432 this "
            "reader accepts");
}

// An 18-byte run-length TGA header and no pixel data: stb_image fills out
// every pixel (fuzz_image found one of 2615x14143: 3.7 s and 545 MB).
TEST(ImageReaderTest, RefusesMorePixelsThanTheFileCouldHold) {
  std::vector<uint8_t> tga(18, 0);
  tga[2] = 10;  // run-length true color
  PutLittle(&tga, 12, 4000, 2);
  PutLittle(&tga, 14, 4000, 2);
  tga[16] = 24;  // bits per pixel
  auto image = DecodeImage(tga.data(), tga.size(), 3, "bomb.tga");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().message(),
            "cannot read image 'bomb.tga': 4000x4000 pixels from a file of 18 bytes, more than "
            "1024 pixels per byte: a truncated file or a decompression bomb");
  // A small image may be all header (the guard starts past 2^20 pixels).
  PutLittle(&tga, 12, 1024, 2);
  PutLittle(&tga, 14, 1024, 2);
  EXPECT_TRUE(DecodeImage(tga.data(), tga.size(), 3, "small.tga").ok());
}

TEST(ImageReaderTest, RefusesAnEmptyImage) {
  // stb_image decodes this PGM header (7 wide, 0 high); stb_image_resize
  // then aborts on it (found by fuzz/fuzz_image.cc).
  const std::string pgm = "P5\n7 0\n255\n";
  auto image = DecodeImage(reinterpret_cast<const uint8_t*>(pgm.data()), pgm.size(), 1, "e.pgm");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().message(), "cannot read image 'e.pgm': empty image (7x0 pixels)");
}

TEST(ImageReaderTest, RefusesATruncatedPnm) {
  // A 16-bit PGM header with 5 bytes of pixels: Debian's stb_image read far
  // past the buffer (fuzz/fuzz_image.cc found one of 7576x7776 pixels).
  const std::string pgm = "P5\n1000 1000\n777\n\x21\x17\x21\x17\x33";
  auto image = DecodeImage(reinterpret_cast<const uint8_t*>(pgm.data()), pgm.size(), 1, "t.pgm");
  ASSERT_FALSE(image.ok());
  EXPECT_NE(image.status().message().find("cannot read image 't.pgm': truncated PNM image"),
            std::string::npos)
      << image.status().message();
}

TEST(ImageReaderTest, GarbageIsNotAnImage) {
  const std::vector<uint8_t> bytes = {1, 2, 3, 4, 5};
  auto image = DecodeImage(bytes.data(), bytes.size(), 1, "junk");
  ASSERT_FALSE(image.ok());
  EXPECT_NE(image.status().message().find("cannot read image 'junk': not a valid image file"),
            std::string::npos)
      << image.status().message();
}

std::string Wav(uint32_t data_bytes_claimed, const std::string& samples) {
  auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [](uint16_t v) { return std::string(reinterpret_cast<const char*>(&v), 2); };
  const std::string fmt = u16(1) + u16(1) + u32(16000) + u32(32000) + u16(2) + u16(16);
  const std::string body = "WAVEfmt " + u32(16) + fmt + "data" + u32(data_bytes_claimed) + samples;
  return "RIFF" + u32(static_cast<uint32_t>(body.size())) + body;
}

TEST(WavReaderTest, ParsesSamplesFromMemory) {
  const std::string samples("\x00\x40\x00\xc0", 4);  // 16384, -16384
  auto parsed = ParseWav16kMono(Wav(4, samples), "two.wav");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_FLOAT_EQ((*parsed)[0], 0.5f);
  EXPECT_FLOAT_EQ((*parsed)[1], -0.5f);
}

TEST(WavReaderTest, DataChunkLongerThanTheFileIsTruncated) {
  auto parsed = ParseWav16kMono(Wav(1000, std::string(4, '\0')), "cut.wav");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "cut.wav: truncated 'data' chunk");
}

}  // namespace
}  // namespace brasa_examples
