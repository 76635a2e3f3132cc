using CnnGen;

namespace ConsumerTests
{
    /// <summary>By attributes: the seed CNN of the shared Keras fixtures.</summary>
    [CnnModel]
    [Input(28, 28, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class SeedCnn { }

    /// <summary>By a Spec file: the Keras config of the batchnorm_dropout fixture.</summary>
    [CnnModel(Spec = "../../../../shared/fixtures/keras/batchnorm_dropout/keras-config.json")]
    public partial class BatchNormDropout { }

    /// <summary>
    /// Weights embedded at compile time: the seed CNN declared by its TF.js model.json, with the TF.js shard baked in
    /// (the same model.json names the tensors).
    /// </summary>
    [CnnModel(Spec = "../../../../shared/fixtures/keras/seed_cnn/model.json", Weights = "../../../../shared/fixtures/keras/seed_cnn/weights.bin")]
    public partial class EmbeddedSeedCnn { }

    /// <summary>A 20 MB model (5,005,000 parameters), its raw float32 weights embedded.</summary>
    [CnnModel(Weights = "obj/big/big-weights.bin")]
    [Input(1000)]
    [Dense(5000, Activation = Activation.Tanh)]
    public partial class BigDense { }
}
