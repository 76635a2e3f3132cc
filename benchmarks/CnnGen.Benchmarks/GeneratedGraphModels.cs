using CnnGen;

namespace CnnGen.Benchmarks;

/// <summary>
/// The Keras functional fixture <c>resnet_basic</c> (32x32x3, two residual blocks, one with a 1x1 stride-2 projection) as
/// CnnGen generates it from its tf.keras 2 JSON: what a consumer gets from this attribute. Weights: <c>LoadTfjs(model.json)</c>.
/// </summary>
[CnnModel(Spec = "../../../shared/fixtures/keras-functional/resnet_basic/keras-config.json")]
public partial class GeneratedResnetBasic
{
}

/// <summary>
/// The Keras functional fixture <c>mobilenetv2_blocks</c> (16x16x3, two inverted-residual blocks with depthwise
/// convolutions and ReLU6) as CnnGen generates it from its tf.keras 2 JSON. Weights: <c>LoadTfjs(model.json)</c>.
/// </summary>
[CnnModel(Spec = "../../../shared/fixtures/keras-functional/mobilenetv2_blocks/keras-config.json")]
public partial class GeneratedMobilenetV2Blocks
{
}
