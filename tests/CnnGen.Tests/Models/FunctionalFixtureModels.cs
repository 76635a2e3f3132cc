using CnnGen;

// The Keras functional (graph) fixture models of shared/fixtures/keras-functional, each declared by its three JSON files:
// *FromKeras: the tf.keras 2 to_json() layout; *FromKeras3: the Keras 3 layout; *FromTfjs: the TF.js model.json.
namespace CnnGen.Tests.Models
{
    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/resnet_basic/keras-config.json")]
    public partial class ResnetBasicFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/resnet_basic/keras3-config.json")]
    public partial class ResnetBasicFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/resnet_basic/model.json")]
    public partial class ResnetBasicFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/mobilenetv2_blocks/keras-config.json")]
    public partial class Mobilenetv2BlocksFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/mobilenetv2_blocks/keras3-config.json")]
    public partial class Mobilenetv2BlocksFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/mobilenetv2_blocks/model.json")]
    public partial class Mobilenetv2BlocksFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/inception_concat/keras-config.json")]
    public partial class InceptionConcatFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/inception_concat/keras3-config.json")]
    public partial class InceptionConcatFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/inception_concat/model.json")]
    public partial class InceptionConcatFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/squeeze_excite/keras-config.json")]
    public partial class SqueezeExciteFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/squeeze_excite/keras3-config.json")]
    public partial class SqueezeExciteFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/squeeze_excite/model.json")]
    public partial class SqueezeExciteFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/merge_zoo/keras-config.json")]
    public partial class MergeZooFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/merge_zoo/keras3-config.json")]
    public partial class MergeZooFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/merge_zoo/model.json")]
    public partial class MergeZooFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/unet_tiny/keras-config.json")]
    public partial class UnetTinyFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/unet_tiny/keras3-config.json")]
    public partial class UnetTinyFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/unet_tiny/model.json")]
    public partial class UnetTinyFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/shared_layer/keras-config.json")]
    public partial class SharedLayerFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/shared_layer/keras3-config.json")]
    public partial class SharedLayerFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/shared_layer/model.json")]
    public partial class SharedLayerFromTfjs { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/plain_chain/keras-config.json")]
    public partial class PlainChainFromKeras { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/plain_chain/keras3-config.json")]
    public partial class PlainChainFromKeras3 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-functional/plain_chain/model.json")]
    public partial class PlainChainFromTfjs { }
}

namespace CnnGen.Tests.Models
{
    // The repository's own graph fixture (Fixtures/keras-graph-extra, made by TF.js Layers like the shared ones): the
    // options the shared fixtures leave out.
    [CnnModel(Spec = "Fixtures/keras-graph-extra/graph_options/model.json")]
    public partial class GraphOptionsFromTfjs { }
}
