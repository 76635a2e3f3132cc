using CnnGen;

// The Keras fixture models again, declared by their JSON files instead of attributes, exactly as a consumer
// does it: [CnnModel(Spec = path relative to the project)] and the file as <AdditionalFiles> (CnnGen.Tests.csproj).
// *FromKeras read keras-config.json (Keras model.to_json()), *FromTfjs read model.json (TF.js Layers).
namespace CnnGen.Tests.Models
{
    [CnnModel(Spec = "../../../shared/fixtures/keras/seed_cnn/keras-config.json")]
    public partial class SeedCnnFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/seed_cnn/model.json")]
    public partial class SeedCnnFromTfjs { }

    // The same with the TF.js weights baked in at compile time (weights.bin is an AdditionalFile; see the .csproj).
    [CnnModel(Spec = "../../../shared/fixtures/keras/seed_cnn/keras-config.json", Weights = "../../../shared/fixtures/keras/seed_cnn/weights.bin")]
    public partial class SeedCnnEmbedded { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/seed_dnn/keras-config.json")]
    public partial class SeedDnnFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/seed_dnn/model.json")]
    public partial class SeedDnnFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/same_stride/keras-config.json")]
    public partial class SameStrideFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/same_stride/model.json")]
    public partial class SameStrideFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/pool_variants/keras-config.json")]
    public partial class PoolVariantsFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/pool_variants/model.json")]
    public partial class PoolVariantsFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/activations/keras-config.json")]
    public partial class ActivationsFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/activations/model.json")]
    public partial class ActivationsFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/rgb_blocks/keras-config.json")]
    public partial class RgbBlocksFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/rgb_blocks/model.json")]
    public partial class RgbBlocksFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/nonsquare_dilated/keras-config.json")]
    public partial class NonsquareDilatedFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/nonsquare_dilated/model.json")]
    public partial class NonsquareDilatedFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/batchnorm_dropout/keras-config.json")]
    public partial class BatchnormDropoutFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/batchnorm_dropout/model.json")]
    public partial class BatchnormDropoutFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/global_pools/keras-config.json")]
    public partial class GlobalPoolsFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/global_pools/model.json")]
    public partial class GlobalPoolsFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/global_pools_max/keras-config.json")]
    public partial class GlobalPoolsMaxFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/global_pools_max/model.json")]
    public partial class GlobalPoolsMaxFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/depthwise_separable/keras-config.json")]
    public partial class DepthwiseSeparableFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/depthwise_separable/model.json")]
    public partial class DepthwiseSeparableFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/reshape_misc/keras-config.json")]
    public partial class ReshapeMiscFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras/reshape_misc/model.json")]
    public partial class ReshapeMiscFromTfjs { }

#if CNNGEN_KERAS_FILES
    // Real Keras files (shared/fixtures/keras-files): the model config stored in the .h5 / .keras file.
    [CnnModel(Spec = "../../../shared/fixtures/keras-files/k2_fashion_bn/keras-config.json")]
    public partial class FashionBnFromKeras2 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-files/tfk2_cifar10_lenet/keras-config.json")]
    public partial class Cifar10LeNetFromKeras2 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-files/k3_mnist_keras/keras-config.json")]
    public partial class MnistFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-files/k3_fashion_h5/keras-config.json")]
    public partial class FashionFromKeras3H5 { }
#endif

    // CnnGen's own format (schema/cnngen-model.schema.json).
    [CnnModel(Spec = "../../samples/specs/fashion_cnn.cnngen.json")]
    public partial class FashionCnnSpec { }
}
