using System;

namespace CnnGen
{
    /// <summary>
    /// One tensor the generated model expects, in Keras <c>model.get_weights()</c> order: layer by layer,
    /// kernel then bias; BatchNormalization gamma, beta, moving_mean, moving_variance.
    /// </summary>
    /// <remarks>
    /// The readers in <see cref="WeightReader"/> take a list of these and return one flat <see cref="float"/>
    /// array holding every tensor, one after the other, each in C order (row-major, last axis fastest).
    /// </remarks>
    public sealed class WeightSpec
    {
        /// <summary>Creates the description of one expected tensor.</summary>
        /// <param name="name">
        /// The Keras weight name, <c>layer/weight</c> (for example <c>conv2d/kernel</c>). The part before the last
        /// <c>/</c> names the layer; weights that share it belong to one layer.
        /// </param>
        /// <param name="shape">The Keras shape, for example <c>[3, 3, 1, 32]</c> for a Conv2D kernel. No axis may be negative.</param>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty, an axis is negative, or the tensor holds more than <see cref="int.MaxValue"/> values.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="shape"/> is null.</exception>
        public WeightSpec(string name, params int[] shape)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (shape is null) throw new ArgumentNullException(nameof(shape));
            if (name.Length == 0) throw new ArgumentException("A weight name cannot be empty.", nameof(name));

            long length = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] < 0)
                {
                    throw new ArgumentException(
                        $"Weight '{name}' has a negative axis in its shape {ShapeText.Format(shape)}.", nameof(shape));
                }

                length *= shape[i];
                if (length > int.MaxValue)
                {
                    throw new ArgumentException(
                        $"Weight '{name}' with shape {ShapeText.Format(shape)} holds more than {int.MaxValue} values.", nameof(shape));
                }
            }

            Name = name;
            // Copied so that a caller reusing its array cannot change a spec after the fact.
            Shape = (int[])shape.Clone();
            Length = (int)length;

            int slash = name.LastIndexOf('/');
            LayerName = slash < 0 ? string.Empty : name.Substring(0, slash);
            ShortName = slash < 0 ? name : name.Substring(slash + 1);
        }

        /// <summary>The Keras weight name, for example <c>conv2d/kernel</c>.</summary>
        public string Name { get; }

        /// <summary>The tensor's shape (Keras layout: Conv2D kernel <c>[kh, kw, in, out]</c>, Dense kernel <c>[in, out]</c>). Do not modify the array.</summary>
        public int[] Shape { get; }

        /// <summary>The number of values, the product of <see cref="Shape"/> (1 for a scalar).</summary>
        public int Length { get; }

        /// <summary>The layer part of <see cref="Name"/> (before the last <c>/</c>); empty when the name has no <c>/</c>.</summary>
        internal string LayerName { get; }

        /// <summary>The weight part of <see cref="Name"/> (after the last <c>/</c>), for example <c>kernel</c>.</summary>
        internal string ShortName { get; }

        /// <summary>Returns the name and shape, for example <c>conv2d/kernel [3, 3, 1, 32]</c>.</summary>
        public override string ToString() => Name + " " + ShapeText.Format(Shape);
    }
}
