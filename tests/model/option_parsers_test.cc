// Every builtin kernel of brasa carries the options parser of its op
// (OpKernel::parse_options, src/model/option_parsers.h): a bare-metal build
// has no table of parsers by code, so a kernel without its parser would run
// on no options there. Each registration's parser must be the one the hosted
// table gives its code.
#include <gtest/gtest.h>

#include <string>

#include "brasa/kernel.h"
#include "brasa/builtin_kernels.h"
#include "kernels/registry.h"
#include "src/model/builtin_names.h"
#include "src/model/builtin_params.h"

namespace brasa {
namespace {

struct Registration {
  const char* function;
  int32_t code;
  const OpKernel* kernel;
};

void ExpectParserOfItsCode(const Registration& r) {
  const char* op = BuiltinOperatorName(r.code);
  EXPECT_EQ(r.kernel->parse_options, internal::OptionsParserFor(r.code))
      << r.function << " (" << (op ? op : "?") << ", builtin " << r.code << ")";
}

TEST(OptionParsersTest, EveryBuiltinKernelCarriesItsOpsParser) {
  int with_parser = 0;
  const Registration registrations[] = {
#define BRASA_OP(NAME, CODE) {"Register_" #NAME, CODE, Register_##NAME()},
#include "kernels/ops.def"
#undef BRASA_OP
#define BRASA_OPT_OP(NAME, CODE) {"Register_" #NAME "_OPT", CODE, Register_##NAME##_OPT()},
#include "kernels/opt/opt_ops.def"
#undef BRASA_OPT_OP
      {"Register_CONV_2D_INT8", 3, Register_CONV_2D_INT8()},
      {"Register_DEPTHWISE_CONV_2D_INT8", 4, Register_DEPTHWISE_CONV_2D_INT8()},
      {"Register_FULLY_CONNECTED_INT8", 9, Register_FULLY_CONNECTED_INT8()},
      {"Register_SOFTMAX_INT8", 25, Register_SOFTMAX_INT8()},
      {"Register_AVERAGE_POOL_2D_INT8", 1, Register_AVERAGE_POOL_2D_INT8()},
      {"Register_MAX_POOL_2D_INT8", 17, Register_MAX_POOL_2D_INT8()},
  };
  for (const Registration& r : registrations) {
    ExpectParserOfItsCode(r);
    if (r.kernel->parse_options != nullptr) ++with_parser;
  }
  EXPECT_GE(with_parser, 48);
}

TEST(OptionParsersTest, TheCodeListMatchesTheParserTable) {
  for (int32_t code = 0; code < 256; ++code) {
    EXPECT_EQ(internal::HasOptionsParser(code), internal::OptionsParserFor(code) != nullptr)
        << "builtin " << code;
  }
}

TEST(OptionParsersTest, CustomKernelsHaveNone) {
  EXPECT_EQ(Register_DETECTION_POSTPROCESS()->parse_options, nullptr);
}

}  // namespace
}  // namespace brasa
