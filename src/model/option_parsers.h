// The builtin options parsers that brasa's kernels carry in their OpKernel
// (OpKernel::parse_options): each checks the operator's options table (union
// type, presence when required, the flatbuffers verification, enums in range,
// positive strides and sizes: options_check.h) and parses it into the plain
// struct of kernels/params.h in persistent memory, or leaves *params null for
// ops whose kernels read no options struct when the table is missing.
// One function per options table, so that a firmware links only the parsers
// (and the table verifiers) of the kernels it registers.
#ifndef BRASA_SRC_MODEL_OPTION_PARSERS_H_
#define BRASA_SRC_MODEL_OPTION_PARSERS_H_

#include "brasa/status.h"

namespace brasa {
namespace internal {

struct OptionsReader;
using OptionsParser = Status (*)(const OptionsReader& reader, const void** params);

#define BRASA_OPTIONS_PARSER(NAME) \
  Status Parse##NAME##Options(const OptionsReader& reader, const void** params);
BRASA_OPTIONS_PARSER(Add)                          // ADD
BRASA_OPTIONS_PARSER(Sub)                          // SUB
BRASA_OPTIONS_PARSER(Mul)                          // MUL
BRASA_OPTIONS_PARSER(Div)                          // DIV
BRASA_OPTIONS_PARSER(Pool2D)                       // AVERAGE_POOL_2D, MAX_POOL_2D, L2_POOL_2D
BRASA_OPTIONS_PARSER(Concatenation)                // CONCATENATION
BRASA_OPTIONS_PARSER(Conv2D)                       // CONV_2D
BRASA_OPTIONS_PARSER(DepthwiseConv2D)              // DEPTHWISE_CONV_2D
BRASA_OPTIONS_PARSER(DepthToSpace)                 // DEPTH_TO_SPACE
BRASA_OPTIONS_PARSER(SpaceToDepth)                 // SPACE_TO_DEPTH
BRASA_OPTIONS_PARSER(FullyConnected)               // FULLY_CONNECTED
BRASA_OPTIONS_PARSER(L2Norm)                       // L2_NORMALIZATION
BRASA_OPTIONS_PARSER(LocalResponseNormalization)   // LOCAL_RESPONSE_NORMALIZATION
BRASA_OPTIONS_PARSER(Reshape)                      // RESHAPE
BRASA_OPTIONS_PARSER(Squeeze)                      // SQUEEZE
BRASA_OPTIONS_PARSER(Softmax)                      // SOFTMAX
BRASA_OPTIONS_PARSER(Reducer)                      // MEAN, SUM, REDUCE_PROD/MAX/MIN/ANY
BRASA_OPTIONS_PARSER(LeakyRelu)                    // LEAKY_RELU
BRASA_OPTIONS_PARSER(Gelu)                         // GELU
BRASA_OPTIONS_PARSER(StridedSlice)                 // STRIDED_SLICE
BRASA_OPTIONS_PARSER(Split)                        // SPLIT
BRASA_OPTIONS_PARSER(SplitV)                       // SPLIT_V
BRASA_OPTIONS_PARSER(Gather)                       // GATHER
BRASA_OPTIONS_PARSER(Pack)                         // PACK
BRASA_OPTIONS_PARSER(Unpack)                       // UNPACK
BRASA_OPTIONS_PARSER(MirrorPad)                    // MIRROR_PAD
BRASA_OPTIONS_PARSER(ResizeBilinear)               // RESIZE_BILINEAR
BRASA_OPTIONS_PARSER(ResizeNearestNeighbor)        // RESIZE_NEAREST_NEIGHBOR
BRASA_OPTIONS_PARSER(TransposeConv)                // TRANSPOSE_CONV
BRASA_OPTIONS_PARSER(Cumsum)                       // CUMSUM
BRASA_OPTIONS_PARSER(BatchMatMul)                  // BATCH_MATMUL
BRASA_OPTIONS_PARSER(SVDF)                         // SVDF
BRASA_OPTIONS_PARSER(RNN)                          // RNN
BRASA_OPTIONS_PARSER(SequenceRNN)                  // UNIDIRECTIONAL_SEQUENCE_RNN
BRASA_OPTIONS_PARSER(BidirectionalSequenceRNN)     // BIDIRECTIONAL_SEQUENCE_RNN
BRASA_OPTIONS_PARSER(BidirectionalSequenceLSTM)    // BIDIRECTIONAL_SEQUENCE_LSTM
BRASA_OPTIONS_PARSER(UnidirectionalSequenceLSTM)   // UNIDIRECTIONAL_SEQUENCE_LSTM
BRASA_OPTIONS_PARSER(If)                           // IF
BRASA_OPTIONS_PARSER(While)                        // WHILE
BRASA_OPTIONS_PARSER(CallOnce)                     // CALL_ONCE
BRASA_OPTIONS_PARSER(VarHandle)                    // VAR_HANDLE
#undef BRASA_OPTIONS_PARSER

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_SRC_MODEL_OPTION_PARSERS_H_
