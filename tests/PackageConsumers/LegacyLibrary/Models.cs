using CnnGen;

namespace LegacyLibrary
{
    /// <summary>The seed CNN of the shared Keras fixtures, by attributes; weights from its TF.js model.json.</summary>
    [CnnModel]
    [Input(28, 28, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class LegacySeedCnn { }

    /// <summary>The seed DNN, declared by the Keras config of the shared fixture, its weights embedded (TF.js shard).</summary>
    [CnnModel(Spec = "../../../../shared/fixtures/keras/seed_dnn/keras-config.json", Weights = "../../../../shared/fixtures/keras/seed_dnn/weights.bin")]
    public partial class LegacySeedDnn { }
}
