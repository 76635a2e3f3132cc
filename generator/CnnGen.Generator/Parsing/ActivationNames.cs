using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Parsing
{
    /// <summary>Keras' activation names (<c>keras.activations.get</c>, snake_case as configs write them).</summary>
    internal static class ActivationNames
    {
        private static readonly Dictionary<string, ActivationKind> s_byName = new Dictionary<string, ActivationKind>(System.StringComparer.Ordinal)
        {
            ["linear"] = ActivationKind.Linear,
            ["relu"] = ActivationKind.Relu,
            ["relu6"] = ActivationKind.Relu6,
            ["sigmoid"] = ActivationKind.Sigmoid,
            ["hard_sigmoid"] = ActivationKind.HardSigmoid,
            ["tanh"] = ActivationKind.Tanh,
            ["softmax"] = ActivationKind.Softmax,
            ["log_softmax"] = ActivationKind.LogSoftmax,
            ["softplus"] = ActivationKind.Softplus,
            ["softsign"] = ActivationKind.Softsign,
            ["elu"] = ActivationKind.Elu,
            ["selu"] = ActivationKind.Selu,
            ["swish"] = ActivationKind.Swish,
            // Keras 3 serializes swish under its other name.
            ["silu"] = ActivationKind.Swish,
            ["mish"] = ActivationKind.Mish,
            ["gelu"] = ActivationKind.Gelu,
            ["exponential"] = ActivationKind.Exponential,
            // Keras 3: x * relu6(x + 3) / 6, under both names.
            ["hard_silu"] = ActivationKind.HardSwish,
            ["hard_swish"] = ActivationKind.HardSwish,
        };

        /// <summary>The supported names, for messages.</summary>
        public static string Supported => string.Join(", ", s_byName.Keys);

        public static bool TryGet(string name, out ActivationKind kind) => s_byName.TryGetValue(name, out kind);
    }
}
