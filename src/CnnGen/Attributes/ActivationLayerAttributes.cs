using System;

// Activation layers: ReLU, LeakyReLU, ELU, Softmax.
namespace CnnGen
{
    /// <summary>Keras <c>ReLU</c>: x &gt;= max_value ? max_value : x &gt;= threshold ? x : negative_slope * (x - threshold).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ReLUAttribute : LayerAttribute
    {
        /// <summary>Upper bound; NaN (default) means none.</summary>
        public double MaxValue { get; set; } = double.NaN;

        /// <summary>Slope below the threshold (default 0).</summary>
        public double NegativeSlope { get; set; }

        /// <summary>Threshold (default 0).</summary>
        public double Threshold { get; set; }
    }

    /// <summary>Keras <c>LeakyReLU</c>: x &gt; 0 ? x : alpha * x.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LeakyReLUAttribute : LayerAttribute
    {
        /// <summary>Slope below zero (Keras 2 default 0.3).</summary>
        public double Alpha { get; set; } = 0.3;
    }

    /// <summary>Keras <c>ELU</c> layer: x &gt; 0 ? x : alpha * (e^x - 1).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ELUAttribute : LayerAttribute
    {
        /// <summary>Scale of the negative part (default 1).</summary>
        public double Alpha { get; set; } = 1.0;
    }

    /// <summary>Keras <c>Softmax</c> layer over the last axis.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SoftmaxAttribute : LayerAttribute
    {
        /// <summary>The axis; only -1 (the last) is supported.</summary>
        public int Axis { get; set; } = -1;
    }
}
