using System;

namespace CnnGen
{
    /// <summary>
    /// What every generated model offers, for code that handles models generically (benchmarks, tools, tests).
    /// The generated class also has the same values as <c>const</c> members, which are faster to use directly.
    /// </summary>
    public interface ICnnModel
    {
        /// <summary>Floats in one input sample.</summary>
        int InputLength { get; }

        /// <summary>Floats in one output sample.</summary>
        int OutputLength { get; }

        /// <summary>All weights, as Keras counts them.</summary>
        int ParameterCount { get; }

        /// <summary>Keras' <c>model.summary()</c> text.</summary>
        string Summary { get; }

        /// <summary>Runs the model on one sample.</summary>
        void Predict(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>Runs the model on <paramref name="batchSize"/> samples stored one after the other.</summary>
        void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize);
    }
}
