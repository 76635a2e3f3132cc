using CnnGen;

namespace KerasImport
{
    /// <summary>
    /// The trained seed CNN, declared by the JSON Keras wrote (<c>model.to_json()</c>); weights loaded at run time.
    /// </summary>
    [CnnModel(Spec = "data/keras-config.json")]
    public partial class KerasCnn
    {
    }

    /// <summary>
    /// The same model with the TF.js weights baked into the assembly at compile time: <c>new EmbeddedKerasCnn()</c>
    /// reads no file.
    /// </summary>
    [CnnModel(Spec = "data/keras-config.json", Weights = "../FashionMnist/data/weights.bin")]
    public partial class EmbeddedKerasCnn
    {
    }
}
