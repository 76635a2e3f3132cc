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
    internal static partial class ShapeInference
    {
        /// <summary>
        /// The most floats a tensor may hold: the input, every layer's output, every weight tensor, and the model's
        /// ParameterCount (2^28 floats, 1 GiB). Checked with long arithmetic before anything is allocated or emitted, so
        /// that every const int the class declares fits and no loop of the generator runs over an absurd size (CNNG107).
        /// </summary>
        public const long MaxElements = 1L << 28;

        /// <summary>The most floats of each of the two scratch buffers: an output plus its working memory (2 GiB).</summary>
        public const long MaxScratch = 1L << 29;

        /// <summary>
        /// The most cells a kernel or pool window may have (height x width; 64x64): the emitters unroll windows, so the
        /// generated code grows with it (a 1000x1000 window takes minutes to generate and compile).
        /// </summary>
        public const long MaxWindowCells = 4096;

        /// <summary>The most an effective (dilated) window may span on an axis.</summary>
        public const long MaxWindow = 1000000;

        /// <summary>
        /// The most output channels (units, filters, depthwise channels) a computing layer may have: the emitters unroll
        /// over blocks of output channels, so the generated code grows with them (Dense(100000000) runs out of memory, Dense(65536) takes a minute).
        /// </summary>
        public const long MaxChannels = 8192;

        public static ModelResult Infer(ModelSpec spec, TargetInfo target, System.Threading.CancellationToken cancellation = default)
        {
            var diagnostics = new List<DiagnosticInfo>();
            string modelName = spec.Type.Name;

            if (spec.InputShape is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoInput, spec.Location, modelName));
                return Failed(spec, target, null, new List<LayerPlan>(), diagnostics);
            }
            if (!CheckInput(spec, diagnostics)) return Failed(spec, target, null, new List<LayerPlan>(), diagnostics);
            if (spec.Layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, modelName));
                return Failed(spec, target, spec.InputShape, new List<LayerPlan>(), diagnostics);
            }

            string[] names = AssignNames(spec, diagnostics);
            if (IsGraphSpec(spec)) return InferGraph(spec, target, names, diagnostics, cancellation);
            var layers = new List<LayerPlan>();
            TensorShape shape = spec.InputShape;
            int offset = 0;
            long parameters = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var context = new LayerContext(i, names[i], spec.Layers[i].Spec, spec.Layers[i].Location, diagnostics);
                LayerPlan? plan = CheckEnums(context) ? InferLayer(context, shape, ref offset) : null;
                if (plan is null || !CheckLimits(context, plan, ref parameters)) break;
                layers.Add(plan with { Inputs = EquatableArray.Of(i - 1), InputShapes = EquatableArray.Of(shape), KerasIndex = i, DeclaredIndex = i });
                shape = plan.Output;
            }

            if (diagnostics.Count > 0)
            {
                if (layers.Count < spec.Layers.Count) return Failed(spec, target, spec.InputShape, layers, diagnostics, names);
                // Every layer has its shape (the error is elsewhere, e.g. a duplicate name): the stand-in knows everything.
                var known = new ModelPlan(spec.Type, spec.ModelName, spec.UnrollBudget, spec.InputShape, layers.ToEquatableArray(), target);
                return new ModelResult(null, diagnostics.ToEquatableArray()) { Known = known };
            }
            var modelPlan = new ModelPlan(spec.Type, spec.ModelName, spec.UnrollBudget, spec.InputShape, layers.ToEquatableArray(), target);
            return new ModelResult(modelPlan, EquatableArray<DiagnosticInfo>.Empty);
        }

        /// <summary>An enum argument outside its values (<c>Activation = (Activation)99</c>) is CNNG004, not a crash later.</summary>
        private static bool CheckEnums(LayerContext c)
        {
            LayerSpec s = c.Spec;
            if (!Enum.IsDefined(typeof(ActivationKind), s.Activation))
            {
                c.Invalid($"activation {(int)s.Activation} is not a value of the Activation enum");
                return false;
            }
            if (!Enum.IsDefined(typeof(PaddingKind), s.Padding))
            {
                c.Invalid($"padding {(int)s.Padding} is not a value of the Padding enum");
                return false;
            }
            return true;
        }

        /// <summary>
        /// CNNG107: the layer's output, each of its weight tensors and the parameters so far must stay within
        /// <see cref="MaxElements"/> (long arithmetic: nothing wraps).
        /// </summary>
        private static bool CheckLimits(LayerContext c, LayerPlan plan, ref long parameters)
        {
            string limit = $"above CnnGen's limit of {MaxElements.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} floats (1 GiB)";
            if (plan.Output.Length > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"its output {plan.Output.ToKerasString()} holds {Count(plan.Output.Length)} floats, {limit}");
                return false;
            }
            bool channels = plan.Kind == LayerKind.Dense || plan.Kind == LayerKind.Conv2D || plan.Kind == LayerKind.Conv1D
                || plan.Kind == LayerKind.DepthwiseConv2D || plan.Kind == LayerKind.SeparableConv2D;
            if (channels && plan.Output.Last > MaxChannels)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"its output {plan.Output.ToKerasString()} has {Count(plan.Output.Last)} channels, above CnnGen's limit of {Count(MaxChannels)} (units, filters)");
                return false;
            }
            foreach (WeightPlan weight in plan.Weights)
            {
                long length = weight.Shape.Length;
                if (length > MaxElements)
                {
                    c.Report(DiagnosticDescriptors.ModelTooLarge, $"its weight '{weight.Name}' {ShapeText(weight.Shape)} holds {Count(length)} floats, {limit}");
                    return false;
                }
                parameters += length;
                if (parameters > MaxElements)
                {
                    c.Report(DiagnosticDescriptors.ModelTooLarge, $"the model's parameters up to its weight '{weight.Name}' number {Count(parameters)}, {limit}");
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// CNNG107 for a planned model whose scratch buffers (the largest output a layer's code writes, plus its working
        /// memory, after the planner's fusions) exceed <see cref="MaxScratch"/>: located on the layer that needs the most.
        /// Null when they fit.
        /// </summary>
        public static DiagnosticInfo? CheckScratch(ModelSpec spec, ModelPlan planned)
        {
            long scratch = planned.ScratchLength64;
            if (scratch <= MaxScratch) return null;
            int worst = planned.Layers.Count - 1;
            long most = -1;
            foreach (LayerPlan l in planned.Layers)
            {
                if (l.FoldedInto >= 0 || planned.WrittenLength(l) + l.Workspace <= most) continue;
                most = planned.WrittenLength(l) + l.Workspace;
                worst = l.Index;
            }
            var diagnostics = new List<DiagnosticInfo>();
            int declared = System.Math.Min(planned.Layers[worst].DeclaredIndex, spec.Layers.Count - 1);
            new LayerContext(planned.Layers[worst].KerasIndex - (planned.Graph != null ? 1 : 0), planned.Layers[worst].Name, spec.Layers[declared].Spec, spec.Layers[declared].Location, diagnostics).Report(DiagnosticDescriptors.ModelTooLarge,
                $"its output and working memory need scratch buffers of {Count(scratch)} floats, above CnnGen's limit of {Count(MaxScratch)} floats (2 GiB)");
            return diagnostics[0];
        }

        private static string Count(long value) => value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

        private static string ShapeText(TensorShape shape) => "(" + string.Join(", ", shape.Dims) + (shape.Rank == 1 ? ",)" : ")");

        /// <summary>
        /// A model with an error: no plan, but what is known of it for the stand-in class (the input when valid, the layers
        /// inferred before the error, every layer's name).
        /// </summary>
        private static ModelResult Failed(ModelSpec spec, TargetInfo target, TensorShape? input, List<LayerPlan> known, List<DiagnosticInfo> diagnostics, string[]? names = null)
        {
            names ??= AssignNames(spec, new List<DiagnosticInfo>());
            return new ModelResult(null, diagnostics.ToEquatableArray()) { Fallback = FallbackModel.Partial(spec, target, input, known, names) };
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
                if (problem is null && input.Length > MaxElements)
                    problem = $"{input} holds {Count(input.Length)} floats, above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)";
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
                LayerSpec layer = spec.Layers[i].Spec;
                string name;
                if (layer.Call > 0 && !string.IsNullOrEmpty(layer.Name))
                {
                    // A shared layer's later call: the name of the layer it calls again (checked by InferGraph).
                    names[i] = layer.Name!;
                    continue;
                }
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
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateName, spec.Layers[i].Location, i, name, first));
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
                case LayerKind.UpSampling2D: return UpSampling2D(c, input);
                case LayerKind.UpSampling1D: return UpSampling1D(c, input);
                case LayerKind.ZeroPadding1D:
                case LayerKind.Cropping1D: return PadOrCrop1D(c, input);
                case LayerKind.Permute: return Permute(c, input);
                case LayerKind.PReLU: return PReLU(c, input, ref offset);
                case LayerKind.Conv2DTranspose: return Conv2DTranspose(c, input, ref offset);
                case LayerKind.Conv2D: return Conv2D(c, input, ref offset);
                case LayerKind.Conv1D: return Conv1D(c.OneDimensional(), input, ref offset);
                case LayerKind.DepthwiseConv2D: return DepthwiseConv2D(c, input, ref offset);
                case LayerKind.SeparableConv2D: return SeparableConv2D(c, input, ref offset);
                case LayerKind.MaxPooling2D:
                case LayerKind.AveragePooling2D: return Pooling2D(c, input);
                case LayerKind.MaxPooling1D:
                case LayerKind.AveragePooling1D: return Pooling1D(c.OneDimensional(), input);
                case LayerKind.GlobalMaxPooling1D:
                case LayerKind.GlobalAveragePooling1D:
                    if (input.Rank != 2) return c.WrongRank("a sequence (steps, channels)", input);
                    return c.Plan(input, c.Spec.KeepDims ? TensorShape.Of(1, input[1]) : TensorShape.Of(input[1]));
                case LayerKind.GlobalMaxPooling2D:
                case LayerKind.GlobalAveragePooling2D:
                    if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
                    return c.Plan(input, c.Spec.KeepDims ? TensorShape.Of(1, 1, input[2]) : TensorShape.Of(input[2]));
                case LayerKind.Dense: return Dense(c, input, ref offset);
                case LayerKind.Flatten:
                    if (input.Rank < 2) return c.WrongRank("an input of rank 2 or more (an image or a sequence)", input);
                    return c.Plan(input, TensorShape.Of((int)input.Length));
                case LayerKind.Reshape: return Reshape(c, input);
                case LayerKind.Dropout:
                    if (!CheckRate(c)) return null;
                    return c.Plan(input, input);
                case LayerKind.SpatialDropout1D:
                    if (!CheckRate(c)) return null;
                    if (input.Rank != 2) return c.WrongRank("a sequence (steps, channels)", input);
                    return c.Plan(input, input);
                case LayerKind.SpatialDropout2D:
                    if (!CheckRate(c)) return null;
                    if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
                    return c.Plan(input, input);
                case LayerKind.BatchNormalization: return BatchNormalization(c, input, ref offset);
                case LayerKind.ZeroPadding2D:
                case LayerKind.Cropping2D: return PadOrCrop2D(c, input);
                case LayerKind.Rescaling:
                    if (!IsFinite(c.Spec.RescalingScale) || !IsFinite(c.Spec.RescalingOffset))
                        return c.Invalid($"scale and offset must be finite, got {Format(c.Spec.RescalingScale)} and {Format(c.Spec.RescalingOffset)}");
                    return c.Plan(input, input);
                case LayerKind.Softmax:
                    if (c.Spec.Axis != -1 && c.Spec.Axis != input.Rank)
                        return c.Unsupported($"softmax over axis {c.Spec.Axis} is not supported; only the last axis (-1)");
                    return c.Plan(input, input);
                case LayerKind.ReLU:
                    // NaN passes every comparison, and the emitters cannot write it (nor an infinite slope or threshold)
                    // as a literal: the generated code would not compile. +Infinity as max_value is "no bound".
                    if (c.Spec.MaxValue is double max && !(max >= 0)) return c.Invalid($"max_value must be >= 0, got {Format(max)}");
                    if (!IsFinite(c.Spec.NegativeSlope)) return c.Invalid($"negative_slope must be a finite number, got {Format(c.Spec.NegativeSlope)}");
                    if (c.Spec.NegativeSlope < 0) return c.Invalid($"negative_slope must be >= 0, got {Format(c.Spec.NegativeSlope)}");
                    if (!IsFinite(c.Spec.Threshold)) return c.Invalid($"threshold must be a finite number, got {Format(c.Spec.Threshold)}");
                    return c.Plan(input, input);
                case LayerKind.LeakyReLU:
                case LayerKind.ELU:
                    if (!IsFinite(c.Spec.Alpha)) return c.Invalid($"alpha must be a finite number, got {Format(c.Spec.Alpha)}");
                    return c.Plan(input, input);
                case LayerKind.Activation:
                    return c.Plan(input, input);
                default:
                    return c.Unsupported($"layer kind {c.Spec.Kind} has no shape rule");
            }
        }

        private static bool CheckRate(LayerContext c)
        {
            if (c.Spec.Rate >= 0 && c.Spec.Rate < 1) return true;
            c.Invalid($"rate must be in [0, 1), got {Format(c.Spec.Rate)}");
            return false;
        }

        private static LayerPlan? Conv2D(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.Units <= 0) return c.Invalid($"filters must be a positive integer, got {s.Units}");
            if (!CheckConvWindow(c)) return null;
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);

            if (!Window2D(c, "kernel", input, out int outH, out int outW, out int padTop, out int padLeft)) return null;
            int inChannels = input[2];
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "kernel", ref offset, true, s.KernelHeight, s.KernelWidth, inChannels, s.Units);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, s.Units);
            return c.Plan(input, TensorShape.Of(outH, outW, s.Units), weights) with { PadTop = padTop, PadLeft = padLeft };
        }

        /// <summary>Conv1D: a Conv2D over (steps, 1, channels) with a (k, 1) kernel; kernel [k, in, filters].</summary>
        private static LayerPlan? Conv1D(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.Units <= 0) return c.Invalid($"filters must be a positive integer, got {s.Units}");
            if (!CheckConvWindow(c)) return null;
            if (input.Rank != 2) return c.WrongRank("a sequence (steps, channels)", input);

            if (!Window1D(c, "kernel", input, out int steps, out int padBefore)) return null;
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "kernel", ref offset, true, s.KernelHeight, input[1], s.Units);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, s.Units);
            return c.Plan(input, TensorShape.Of(steps, s.Units), weights) with { PadTop = padBefore };
        }

        /// <summary>DepthwiseConv2D: each input channel c gets depth_multiplier filters; output channel c*dm + m.</summary>
        private static LayerPlan? DepthwiseConv2D(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.DepthMultiplier <= 0) return c.Invalid($"depth_multiplier must be a positive integer, got {s.DepthMultiplier}");
            if (!CheckConvWindow(c)) return null;
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);

            if (!Window2D(c, "kernel", input, out int outH, out int outW, out int padTop, out int padLeft)) return null;
            if (!Channels(c, input, out int channels)) return null;
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "depthwise_kernel", ref offset, true, s.KernelHeight, s.KernelWidth, input[2], s.DepthMultiplier);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, channels);
            return c.Plan(input, TensorShape.Of(outH, outW, channels), weights) with { PadTop = padTop, PadLeft = padLeft };
        }

        /// <summary>SeparableConv2D: a depthwise convolution (no bias), then a 1x1 convolution to filters, bias, activation.</summary>
        private static LayerPlan? SeparableConv2D(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.Units <= 0) return c.Invalid($"filters must be a positive integer, got {s.Units}");
            if (s.DepthMultiplier <= 0) return c.Invalid($"depth_multiplier must be a positive integer, got {s.DepthMultiplier}");
            if (!CheckConvWindow(c)) return null;
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);

            if (!Window2D(c, "kernel", input, out int outH, out int outW, out int padTop, out int padLeft)) return null;
            if (!Channels(c, input, out int depthwise, separable: true)) return null;
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "depthwise_kernel", ref offset, true, s.KernelHeight, s.KernelWidth, input[2], s.DepthMultiplier);
            AddWeight(weights, c.Name, "pointwise_kernel", ref offset, true, 1, 1, depthwise, s.Units);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, s.Units);
            return c.Plan(input, TensorShape.Of(outH, outW, s.Units), weights) with { PadTop = padTop, PadLeft = padLeft };
        }

        /// <summary>
        /// The channels of a depthwise convolution, input channels x depth_multiplier, in long: CNNG107 above the limit. In a
        /// SeparableConv2D they are the intermediate values of one output pixel, held on the stack: at most
        /// <see cref="MaxChannels"/> (32 KB).
        /// </summary>
        private static bool Channels(LayerContext c, TensorShape input, out int channels, bool separable = false)
        {
            long n = (long)input[2] * c.Spec.DepthMultiplier;
            channels = (int)Math.Min(n, int.MaxValue);
            string product = $"{input[2]} input channels x depth_multiplier {c.Spec.DepthMultiplier} give {Count(n)} channels";
            if (separable && n > MaxChannels)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"{product} in its depthwise stage, above CnnGen's limit of {Count(MaxChannels)} (they are held on the stack)");
                return false;
            }
            if (n <= MaxElements) return true;
            c.Report(DiagnosticDescriptors.ModelTooLarge, $"{product}, above CnnGen's limit of {Count(MaxElements)} floats (1 GiB) per tensor");
            return false;
        }

        private static LayerPlan? Pooling2D(LayerContext c, TensorShape input)
        {
            if (!CheckWindow(c, "pool", c.Spec)) return null;
            if (!CheckPadding(c)) return null;
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
            if (!Window2D(c, "pool", input, out int outH, out int outW, out int padTop, out int padLeft)) return null;
            return c.Plan(input, TensorShape.Of(outH, outW, input[2])) with { PadTop = padTop, PadLeft = padLeft };
        }

        private static LayerPlan? Pooling1D(LayerContext c, TensorShape input)
        {
            if (!CheckWindow(c, "pool", c.Spec)) return null;
            if (!CheckPadding(c)) return null;
            if (input.Rank != 2) return c.WrongRank("a sequence (steps, channels)", input);
            if (!Window1D(c, "pool", input, out int steps, out int padBefore)) return null;
            return c.Plan(input, TensorShape.Of(steps, input[1])) with { PadTop = padBefore };
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

        /// <summary>Reshape: row-major, so only the shape changes; one -1 takes the remaining size.</summary>
        private static LayerPlan? Reshape(LayerContext c, TensorShape input)
        {
            int[] target = c.Spec.TargetShape.ToArray();
            if (target.Length == 0) return c.Invalid("target_shape must have at least one dimension");
            int unknown = -1;
            long known = 1;
            for (int i = 0; i < target.Length; i++)
            {
                if (target[i] == -1)
                {
                    if (unknown >= 0) return c.Invalid($"target_shape ({string.Join(", ", target)}) may hold -1 only once");
                    unknown = i;
                }
                else if (target[i] <= 0)
                {
                    return c.Invalid($"target_shape ({string.Join(", ", target)}) must hold positive sizes (or one -1)");
                }
                else known = known > long.MaxValue / target[i] ? long.MaxValue : known * target[i];
            }
            if (unknown >= 0)
            {
                if (input.Length % known != 0)
                {
                    c.Report(DiagnosticDescriptors.ReshapeMismatch, input.ToKerasString(), input.Length, ReshapeText(target), $"a multiple of {known}");
                    return null;
                }
                target[unknown] = (int)(input.Length / known);
            }
            else if (known != input.Length)
            {
                c.Report(DiagnosticDescriptors.ReshapeMismatch, input.ToKerasString(), input.Length, ReshapeText(target), known);
                return null;
            }
            return c.Plan(input, TensorShape.Of(target));
        }

        private static string ReshapeText(int[] target) => "(" + string.Join(", ", target) + (target.Length == 1 ? ",)" : ")");

        /// <summary>BatchNormalization at inference over the last axis; gamma, beta (trainable), moving mean and variance (not).</summary>
        private static LayerPlan? BatchNormalization(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (!(s.Epsilon >= 0) || !IsFinite(s.Epsilon)) return c.Invalid($"epsilon must be a finite number >= 0, got {Format(s.Epsilon)}");
            // Keras counts the batch axis: for (None, H, W, C) the axes are 0..3 (or -4..-1), and C is 3 = input.Rank.
            int axis = s.Axis < 0 ? s.Axis + input.Rank + 1 : s.Axis;
            if (axis < 0 || axis > input.Rank)
                return c.Invalid($"axis {s.Axis} is out of range for an input {input.ToKerasString()}: expected -{input.Rank + 1}..{input.Rank}");
            if (axis != input.Rank)
                return c.Unsupported($"normalizing axis {s.Axis} of {input.ToKerasString()} is not supported; only the last axis (-1)");
            int channels = input.Last;
            var weights = new List<WeightPlan>();
            if (s.Scale) AddWeight(weights, c.Name, "gamma", ref offset, true, channels);
            if (s.Center) AddWeight(weights, c.Name, "beta", ref offset, true, channels);
            AddWeight(weights, c.Name, "moving_mean", ref offset, false, channels);
            AddWeight(weights, c.Name, "moving_variance", ref offset, false, channels);
            return c.Plan(input, input, weights);
        }

        /// <summary>ZeroPadding2D adds rows and columns of zeros; Cropping2D removes them.</summary>
        private static LayerPlan? PadOrCrop2D(LayerContext c, TensorShape input)
        {
            LayerSpec s = c.Spec;
            bool pad = s.Kind == LayerKind.ZeroPadding2D;
            string what = pad ? "padding" : "cropping";
            if (s.EdgeTop < 0 || s.EdgeBottom < 0 || s.EdgeLeft < 0 || s.EdgeRight < 0)
                return c.Invalid($"{what} must not be negative, got (({s.EdgeTop}, {s.EdgeBottom}), ({s.EdgeLeft}, {s.EdgeRight}))");
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
            int sign = pad ? 1 : -1;
            long outH = input[0] + sign * ((long)s.EdgeTop + s.EdgeBottom);
            long outW = input[1] + sign * ((long)s.EdgeLeft + s.EdgeRight);
            if (outH > MaxElements || outW > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"input {input.ToKerasString()} gives output (None, {outH}, {outW}, {input[2]}), above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)");
                return null;
            }
            if (outH <= 0 || outW <= 0)
            {
                c.Report(DiagnosticDescriptors.EmptyOutput, input.ToKerasString(), $"(None, {outH}, {outW}, {input[2]})");
                return null;
            }
            return c.Plan(input, TensorShape.Of((int)outH, (int)outW, input[2]));
        }

        /// <summary>The argument checks every convolution shares: kernel, strides, dilation, padding.</summary>
        private static bool CheckConvWindow(LayerContext c)
        {
            LayerSpec s = c.Spec;
            if (!CheckWindow(c, "kernel", s)) return false;
            if (s.DilationHeight <= 0 || s.DilationWidth <= 0)
            {
                c.Invalid($"dilation rate must be positive, got {Pair(c, s.DilationHeight, s.DilationWidth)}");
                return false;
            }
            if ((s.DilationHeight > 1 || s.DilationWidth > 1) && (s.StrideHeight > 1 || s.StrideWidth > 1))
            {
                c.Report(DiagnosticDescriptors.DilationWithStrides, Pair(c, s.DilationHeight, s.DilationWidth), Pair(c, s.StrideHeight, s.StrideWidth));
                return false;
            }
            return CheckPadding(c);
        }

        private static bool CheckPadding(LayerContext c)
        {
            if (c.Spec.Padding == PaddingKind.Valid || c.Spec.Padding == PaddingKind.Same) return true;
            if (c.Spec.Padding == PaddingKind.Causal && c.Spec.Kind == LayerKind.Conv1D)
                c.Unsupported("padding 'causal' is not supported yet; use 'valid' or 'same' (or a ZeroPadding before the layer)");
            else
                c.Invalid($"padding '{c.Spec.Padding.ToString().ToLowerInvariant()}' is only valid for Conv1D; expected 'valid' or 'same'");
            return false;
        }

        private static bool CheckWindow(LayerContext c, string what, LayerSpec s)
        {
            if (s.KernelHeight <= 0 || s.KernelWidth <= 0)
            {
                c.Invalid($"{what} size must be positive, got {Pair(c, s.KernelHeight, s.KernelWidth)}");
                return false;
            }
            if (s.StrideHeight <= 0 || s.StrideWidth <= 0)
            {
                c.Invalid($"strides must be positive, got {Pair(c, s.StrideHeight, s.StrideWidth)}");
                return false;
            }
            long cells = (long)s.KernelHeight * s.KernelWidth;
            if (cells > MaxWindowCells)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"its {what} window {Pair(c, s.KernelHeight, s.KernelWidth)} has {Count(cells)} cells, above CnnGen's limit of {Count(MaxWindowCells)}");
                return false;
            }
            return true;
        }

        /// <summary><c>3x2</c> for 2-D layers, <c>3</c> for 1-D ones.</summary>
        private static string Pair(LayerContext c, int height, int width) =>
            c.Spec.Kind.IsOneDimensional() ? height.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{height}x{width}";

        /// <summary>
        /// Output size and padding of a 2-D window (conv kernel or pool) over an (H, W, C) input, by Keras'
        /// conv_output_length: 'valid' floor((in - ek) / s) + 1, 'same' ceil(in / s) with the total padding
        /// split smaller half first. A window larger than a 'valid' input is an error (Keras would produce a
        /// zero or negative size).
        /// </summary>
        private static bool Window2D(LayerContext c, string what, TensorShape input, out int outH, out int outW, out int padTop, out int padLeft)
        {
            LayerSpec s = c.Spec;
            long ekH = Effective(s.KernelHeight, s.DilationHeight), ekW = Effective(s.KernelWidth, s.DilationWidth);
            outW = padLeft = 0;
            if (ekH > MaxWindow || ekW > MaxWindow)
            {
                outH = padTop = 0;
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"its {what} window {s.KernelHeight}x{s.KernelWidth} with dilation {s.DilationHeight}x{s.DilationWidth} spans {ekH}x{ekW}, above CnnGen's limit of {Count(MaxWindow)} per axis");
                return false;
            }
            if (s.Padding == PaddingKind.Valid && (ekH > input[0] || ekW > input[1]))
            {
                outH = padTop = 0;
                c.Report(DiagnosticDescriptors.WindowTooLarge, what, $"{s.KernelHeight}x{s.KernelWidth}", $"{ekH}x{ekW}", input.ToKerasString());
                return false;
            }
            Axis(s.Padding, input[0], ekH, s.StrideHeight, out outH, out padTop);
            Axis(s.Padding, input[1], ekW, s.StrideWidth, out outW, out padLeft);
            if (outH <= 0 || outW <= 0)
            {
                c.Report(DiagnosticDescriptors.EmptyOutput, input.ToKerasString(), $"(None, {outH}, {outW}, {input[2]})");
                return false;
            }
            return true;
        }

        /// <summary>The 1-D window of Conv1D and the 1-D pools over (steps, channels), by the same rules as <see cref="Window2D"/>.</summary>
        private static bool Window1D(LayerContext c, string what, TensorShape input, out int steps, out int padBefore)
        {
            LayerSpec s = c.Spec;
            long ek = Effective(s.KernelHeight, s.DilationHeight);
            if (ek > MaxWindow)
            {
                steps = padBefore = 0;
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"its {what} window {s.KernelHeight} with dilation {s.DilationHeight} spans {ek}, above CnnGen's limit of {Count(MaxWindow)}");
                return false;
            }
            if (s.Padding == PaddingKind.Valid && ek > input[0])
            {
                steps = padBefore = 0;
                c.Report(DiagnosticDescriptors.WindowTooLarge, what, s.KernelHeight, ek, input.ToKerasString());
                return false;
            }
            Axis(s.Padding, input[0], ek, s.StrideHeight, out steps, out padBefore);
            if (steps <= 0)
            {
                c.Report(DiagnosticDescriptors.EmptyOutput, input.ToKerasString(), $"(None, {steps}, {input[1]})");
                return false;
            }
            return true;
        }

        private static long Effective(int kernel, int dilation) => (long)dilation * (kernel - 1) + 1;

        /// <summary>
        /// One axis of conv_output_length, and the padding before it ('same': the smaller half of the total). In long: the
        /// effective window is at most <see cref="MaxWindow"/>, so the results fit an int.
        /// </summary>
        private static void Axis(PaddingKind padding, int input, long effectiveKernel, int stride, out int output, out int padBefore)
        {
            if (padding == PaddingKind.Valid)
            {
                output = (int)((input - effectiveKernel) / stride + 1);
                padBefore = 0;
                return;
            }
            output = (int)((input + (long)stride - 1) / stride);
            padBefore = (int)(Math.Max((output - 1L) * stride + effectiveKernel - input, 0) / 2);
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

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
            public LayerContext(int index, string name, LayerSpec spec, LocationInfo? location, List<DiagnosticInfo> diagnostics)
            {
                Index = index;
                Name = name;
                Spec = spec;
                Location = location;
                Diagnostics = diagnostics;
            }

            public int Index { get; }

            public string Name { get; }

            public LayerSpec Spec { get; }

            /// <summary>Where the layer is declared: for its diagnostics only, never in the plan.</summary>
            public LocationInfo? Location { get; }

            public List<DiagnosticInfo> Diagnostics { get; }

            /// <summary>The same layer with its spec normalized for a 1-D window: the *Width fields set to 1.</summary>
            public LayerContext OneDimensional() =>
                new LayerContext(Index, Name, Spec with { KernelWidth = 1, StrideWidth = 1, DilationWidth = 1 }, Location, Diagnostics);

            public LayerPlan Plan(TensorShape input, TensorShape output, List<WeightPlan>? weights = null) =>
                new LayerPlan(Index, Name, Spec, input, output,
                    weights is null ? EquatableArray<WeightPlan>.Empty : weights.ToEquatableArray());

            /// <summary>Reports a layer diagnostic whose format starts with {0} index, {1} name, {2} class.</summary>
            public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params object[] rest)
            {
                var args = new object[3 + rest.Length];
                args[0] = Index;
                args[1] = Name;
                args[2] = Spec.Kind.KerasClass();
                Array.Copy(rest, 0, args, 3, rest.Length);
                Diagnostics.Add(DiagnosticInfo.Create(descriptor, Location, args));
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
