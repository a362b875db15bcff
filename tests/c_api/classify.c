/* A C program written against TensorFlow Lite's C API (tensorflow/lite/c/
 * c_api.h), unchanged: it compiles and links against brasa as a drop-in.
 * Usage: classify MODEL INPUT.bin OUTPUT.bin
 * Reads the first input's raw bytes, invokes, writes the first output's raw
 * bytes, and prints each input's and output's type, shape and quantization. */
#include <stdio.h>
#include <stdlib.h>

#include "tensorflow/lite/c/c_api.h"

static void report(void* user_data, const char* format, va_list args) {
  (void)user_data;
  fprintf(stderr, "tflite: ");
  vfprintf(stderr, format, args);
  fprintf(stderr, "\n");
}

static void describe(const char* what, int index, const TfLiteTensor* tensor) {
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(tensor);
  int32_t d;
  printf("%s %d: %s type=%d shape=[", what, index, TfLiteTensorName(tensor),
         (int)TfLiteTensorType(tensor));
  for (d = 0; d < TfLiteTensorNumDims(tensor); ++d) {
    printf("%s%d", d ? "," : "", (int)TfLiteTensorDim(tensor, d));
  }
  printf("] bytes=%zu scale=%g zero_point=%d\n", TfLiteTensorByteSize(tensor), q.scale,
         (int)q.zero_point);
}

static void* read_file(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  void* data;
  long length;
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  length = ftell(file);
  fseek(file, 0, SEEK_SET);
  data = malloc(length > 0 ? (size_t)length : 1);
  *size = fread(data, 1, (size_t)length, file);
  fclose(file);
  return data;
}

int main(int argc, char** argv) {
  TfLiteModel* model;
  TfLiteInterpreterOptions* options;
  TfLiteInterpreter* interpreter;
  TfLiteTensor* input;
  const TfLiteTensor* output;
  void* input_data;
  void* output_data;
  size_t input_size = 0;
  FILE* out;
  int32_t i;
  if (argc != 4) {
    fprintf(stderr, "usage: classify MODEL INPUT.bin OUTPUT.bin\n");
    return 2;
  }
  printf("TfLiteVersion: %s\n", TfLiteVersion());
  model = TfLiteModelCreateFromFile(argv[1]);
  if (model == NULL) {
    fprintf(stderr, "cannot load %s\n", argv[1]);
    return 1;
  }
  options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreterOptionsSetErrorReporter(options, report, NULL);
  interpreter = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  if (interpreter == NULL || TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) return 1;
  for (i = 0; i < TfLiteInterpreterGetInputTensorCount(interpreter); ++i) {
    describe("input", i, TfLiteInterpreterGetInputTensor(interpreter, i));
  }
  input = TfLiteInterpreterGetInputTensor(interpreter, 0);
  input_data = read_file(argv[2], &input_size);
  if (input_data == NULL ||
      TfLiteTensorCopyFromBuffer(input, input_data, input_size) != kTfLiteOk) {
    fprintf(stderr, "input: %zu bytes, the model wants %zu\n", input_size,
            TfLiteTensorByteSize(input));
    return 1;
  }
  if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) return 1;
  for (i = 0; i < TfLiteInterpreterGetOutputTensorCount(interpreter); ++i) {
    describe("output", i, TfLiteInterpreterGetOutputTensor(interpreter, i));
  }
  output = TfLiteInterpreterGetOutputTensor(interpreter, 0);
  output_data = malloc(TfLiteTensorByteSize(output));
  if (TfLiteTensorCopyToBuffer(output, output_data, TfLiteTensorByteSize(output)) != kTfLiteOk) {
    return 1;
  }
  out = fopen(argv[3], "wb");
  if (out == NULL) return 1;
  fwrite(output_data, 1, TfLiteTensorByteSize(output), out);
  fclose(out);
  free(input_data);
  free(output_data);
  TfLiteInterpreterDelete(interpreter);
  TfLiteModelDelete(model);
  return 0;
}
