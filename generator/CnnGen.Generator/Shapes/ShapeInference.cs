using System;
using System.Collections.Generic;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes
{
    /// <summary>
    /// Turns a declared <see cref="ModelSpec"/> into a shape-resolved <see cref="ModelPlan"/>, following Keras'
    /// rules layer by layer (output sizes, 'same' padding split, default names, weight shapes and order), or
    /// reports why it cannot: every error names the layer and the shapes involved. Pure: no Roslyn symbols.
    /// </summary>
    internal static class ShapeInference
    {
        public static ModelResult Infer(ModelSpec spec, TargetInfo target)
        {
            var diagnostics = new List<DiagnosticInfo>();
            string modelName = spec.Type.Name;

            if (spec.InputShape is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoInput, spec.Location, modelName));
                return new ModelResult(null, diagnostics.ToEquatableArray());
            }
            if (!CheckInput(spec, diagnostics)) return new ModelResult(null, diagnostics.ToEquatableArray());
            if (spec.Layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, modelName));
                return new ModelResult(null, diagnostics.ToEquatableArray());
            }

            string[] names = AssignNames(spec, diagnostics);
            var layers = new List<LayerPlan>();
            TensorShape shape = spec.InputShape;
            int offset = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var context = new LayerContext(i, names[i], spec.Layers[i], diagnostics);
                LayerPlan? plan = InferLayer(context, shape, ref offset);
                if (plan is null) break;
                layers.Add(plan);
                shape = plan.Output;
            }

            if (diagnostics.Count > 0) return new ModelResult(null, diagnostics.ToEquatableArray());
            var modelPlan = new ModelPlan(spec.Type, spec.ModelName, spec.UnrollBudget, spec.InputShape, layers.ToEquatableArray(), target);
            return new ModelResult(modelPlan, EquatableArray<DiagnosticInfo>.Empty);
        }

        private static bool CheckInput(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            TensorShape input = spec.InputShape!;
            string? problem = null;
            if (input.Rank < 1 || input.Rank > 3)
            {
                problem = $"expected (height, width, channels), (steps, features) or (length), got {input.Rank} dimensions";
            }
            else
            {
                foreach (int d in input.Dims)
                {
                    if (d <= 0) problem = $"every dimension must be positive, got ({string.Join(", ", input.Dims)})";
                }
                if (problem is null && input.Length > int.MaxValue / 4) problem = $"{input} is too large";
            }
            if (problem is null) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInput, spec.InputLocation ?? spec.Location, spec.Type.Name, problem));
            return false;
        }

        /// <summary>Keras' default names: snake_case of the class, then _1, _2, ... per class, in order.</summary>
        private static string[] AssignNames(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var names = new string[spec.Layers.Count];
            var perClass = new Dictionary<string, int>(StringComparer.Ordinal);
            var firstUse = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                LayerSpec layer = spec.Layers[i];
                string name;
                if (!string.IsNullOrEmpty(layer.Name))
                {
                    name = layer.Name!;
                }
                else
                {
                    string stem = layer.Kind.DefaultNameStem();
                    perClass.TryGetValue(stem, out int count);
                    perClass[stem] = count + 1;
                    name = count == 0 ? stem : stem + "_" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                if (firstUse.TryGetValue(name, out int first))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateName, layer.Location, i, name, first));
                }
                else
                {
                    firstUse[name] = i;
                }
                names[i] = name;
            }
            return names;
        }

        private static LayerPlan? InferLayer(LayerContext c, TensorShape input, ref int offset)
        {
            switch (c.Spec.Kind)
            {
                case LayerKind.Conv2D: return Conv2D(c, input, ref offset);
                case LayerKind.MaxPooling2D:
                case LayerKind.AveragePooling2D: return Pooling2D(c, input);
                case LayerKind.Dense: return Dense(c, input, ref offset);
                case LayerKind.Flatten:
                    if (input.Rank < 2) return c.WrongRank("an input of rank 2 or more (an image or a sequence)", input);
                    return c.Plan(input, TensorShape.Of((int)input.Length));
                case LayerKind.Dropout:
                    if (!(c.Spec.Rate >= 0 && c.Spec.Rate < 1)) return c.Invalid($"rate must be in [0, 1), got {Format(c.Spec.Rate)}");
                    return c.Plan(input, input);
                case LayerKind.Softmax:
                    if (c.Spec.Axis != -1 && c.Spec.Axis != input.Rank)
                        return c.Unsupported($"softmax over axis {c.Spec.Axis} is not supported; only the last axis (-1)");
                    return c.Plan(input, input);
                case LayerKind.ReLU:
                    if (c.Spec.MaxValue < 0) return c.Invalid($"max_value must be >= 0, got {Format(c.Spec.MaxValue.Value)}");
                    if (c.Spec.NegativeSlope < 0) return c.Invalid($"negative_slope must be >= 0, got {Format(c.Spec.NegativeSlope)}");
                    return c.Plan(input, input);
                case LayerKind.Activation:
                case LayerKind.LeakyReLU:
                case LayerKind.ELU:
                    return c.Plan(input, input);
                default:
                    return c.Unsupported($"layer kind {c.Spec.Kind} has no shape rule");
            }
        }

        private static LayerPlan? Conv2D(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.Units <= 0) return c.Invalid($"filters must be a positive integer, got {s.Units}");
            if (!CheckWindow(c, "kernel", s)) return null;
            if (s.DilationHeight <= 0 || s.DilationWidth <= 0)
                return c.Invalid($"dilation rate must be positive, got {s.DilationHeight}x{s.DilationWidth}");
            if ((s.DilationHeight > 1 || s.DilationWidth > 1) && (s.StrideHeight > 1 || s.StrideWidth > 1))
            {
                c.Report(DiagnosticDescriptors.DilationWithStrides, $"{s.DilationHeight}x{s.DilationWidth}", $"{s.StrideHeight}x{s.StrideWidth}");
                return null;
            }
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);

            if (!Window2D(c, "kernel", input, out int outH, out int outW, out int padTop, out int padLeft)) return null;
            int inChannels = input[2];
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "kernel", ref offset, true, s.KernelHeight, s.KernelWidth, inChannels, s.Units);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, s.Units);
            return c.Plan(input, TensorShape.Of(outH, outW, s.Units), weights) with { PadTop = padTop, PadLeft = padLeft };
        }

        private static LayerPlan? Pooling2D(LayerContext c, TensorShape input)
        {
            if (!CheckWindow(c, "pool", c.Spec)) return null;
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
            if (!Window2D(c, "pool", input, out int outH, out int outW, out int padTop, out int padLeft)) return null;
            return c.Plan(input, TensorShape.Of(outH, outW, input[2])) with { PadTop = padTop, PadLeft = padLeft };
        }

        private static LayerPlan? Dense(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.Units <= 0) return c.Invalid($"units must be a positive integer, got {s.Units}");
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "kernel", ref offset, true, input.Last, s.Units);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, s.Units);
            int[] dims = input.Dims.ToArray();
            dims[dims.Length - 1] = s.Units;
            return c.Plan(input, TensorShape.Of(dims), weights);
        }

        private static bool CheckWindow(LayerContext c, string what, LayerSpec s)
        {
            if (s.KernelHeight <= 0 || s.KernelWidth <= 0)
            {
                c.Invalid($"{what} size must be positive, got {s.KernelHeight}x{s.KernelWidth}");
                return false;
            }
            if (s.StrideHeight <= 0 || s.StrideWidth <= 0)
            {
                c.Invalid($"strides must be positive, got {s.StrideHeight}x{s.StrideWidth}");
                return false;
            }
            return true;
        }

        /// <summary>
        /// Output size and padding of a 2-D window (conv kernel or pool) over an (H, W, C) input, by Keras'
        /// conv_output_length: 'valid' floor((in - ek) / s) + 1, 'same' ceil(in / s) with the total padding
        /// split smaller half first. A window larger than a 'valid' input is an error (Keras would produce a
        /// zero or negative size).
        /// </summary>
        private static bool Window2D(LayerContext c, string what, TensorShape input, out int outH, out int outW, out int padTop, out int padLeft)
        {
            LayerSpec s = c.Spec;
            int ekH = s.DilationHeight * (s.KernelHeight - 1) + 1;
            int ekW = s.DilationWidth * (s.KernelWidth - 1) + 1;
            outH = outW = padTop = padLeft = 0;
            if (s.Padding == PaddingKind.Valid)
            {
                if (ekH > input[0] || ekW > input[1])
                {
                    c.Report(DiagnosticDescriptors.WindowTooLarge, what, $"{s.KernelHeight}x{s.KernelWidth}", $"{ekH}x{ekW}", input.ToKerasString());
                    return false;
                }
                outH = (input[0] - ekH) / s.StrideHeight + 1;
                outW = (input[1] - ekW) / s.StrideWidth + 1;
            }
            else
            {
                outH = (input[0] + s.StrideHeight - 1) / s.StrideHeight;
                outW = (input[1] + s.StrideWidth - 1) / s.StrideWidth;
                padTop = Math.Max((outH - 1) * s.StrideHeight + ekH - input[0], 0) / 2;
                padLeft = Math.Max((outW - 1) * s.StrideWidth + ekW - input[1], 0) / 2;
            }
            if (outH <= 0 || outW <= 0)
            {
                c.Report(DiagnosticDescriptors.EmptyOutput, input.ToKerasString(), $"(None, {outH}, {outW}, {input[2]})");
                return false;
            }
            return true;
        }

        private static void AddWeight(List<WeightPlan> weights, string layer, string name, ref int offset, bool trainable, params int[] shape)
        {
            var weight = new WeightPlan(layer + "/" + name, TensorShape.Of(shape), offset, trainable);
            offset += weight.Length;
            weights.Add(weight);
        }

        private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The layer being inferred, and the shortcuts that report against it.</summary>
        private readonly struct LayerContext
        {
            public LayerContext(int index, string name, LayerSpec spec, List<DiagnosticInfo> diagnostics)
            {
                Index = index;
                Name = name;
                Spec = spec;
                Diagnostics = diagnostics;
            }

            public int Index { get; }

            public string Name { get; }

            public LayerSpec Spec { get; }

            public List<DiagnosticInfo> Diagnostics { get; }

            // The plan drops the source location: moving a declaration (a comment typed above it) must not
            // change the plan, so the emitted source stays cached; diagnostics keep their locations.
            public LayerPlan Plan(TensorShape input, TensorShape output, List<WeightPlan>? weights = null) =>
                new LayerPlan(Index, Name, Spec with { Location = null }, input, output,
                    weights is null ? EquatableArray<WeightPlan>.Empty : weights.ToEquatableArray());

            /// <summary>Reports a layer diagnostic whose format starts with {0} index, {1} name, {2} class.</summary>
            public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params object[] rest)
            {
                var args = new object[3 + rest.Length];
                args[0] = Index;
                args[1] = Name;
                args[2] = Spec.Kind.KerasClass();
                Array.Copy(rest, 0, args, 3, rest.Length);
                Diagnostics.Add(DiagnosticInfo.Create(descriptor, Spec.Location, args));
            }

            public LayerPlan? Invalid(string message)
            {
                Report(DiagnosticDescriptors.InvalidArgument, message);
                return null;
            }

            public LayerPlan? Unsupported(string message)
            {
                Report(DiagnosticDescriptors.UnsupportedOption, message);
                return null;
            }

            public LayerPlan? WrongRank(string expected, TensorShape actual)
            {
                Report(DiagnosticDescriptors.WrongRank, expected, $"{actual.ToKerasString()} (rank {actual.Rank})");
                return null;
            }
        }
    }
}
