using System;
using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Keras layer class → <see cref="LayerSpec"/>, one small method per class, reading the options by their Keras
    /// config names with Keras' defaults. Used for Keras configs, TF.js model.json and CnnGen specs alike (a CnnGen
    /// layer object has the same option names). A new layer kind is one entry in <see cref="s_readers"/> and one
    /// method here.
    /// </summary>
    internal static class KerasLayerReader
    {
        private static readonly Dictionary<string, Func<LayerOptions, LayerSpec>> s_readers =
            new Dictionary<string, Func<LayerOptions, LayerSpec>>(StringComparer.Ordinal)
            {
                ["Conv2D"] = Conv2D,
                ["MaxPooling2D"] = o => Pooling2D(o, LayerKind.MaxPooling2D),
                ["AveragePooling2D"] = o => Pooling2D(o, LayerKind.AveragePooling2D),
                ["Flatten"] = Flatten,
                ["Dense"] = Dense,
                ["Dropout"] = Dropout,
                ["Activation"] = Activation,
                ["ReLU"] = ReLU,
                ["LeakyReLU"] = LeakyReLU,
                ["ELU"] = Elu,
                ["Softmax"] = Softmax,
                ["Conv1D"] = Conv1D,
                ["DepthwiseConv2D"] = DepthwiseConv2D,
                ["SeparableConv2D"] = SeparableConv2D,
                ["MaxPooling1D"] = o => Pooling1D(o, LayerKind.MaxPooling1D),
                ["AveragePooling1D"] = o => Pooling1D(o, LayerKind.AveragePooling1D),
                ["GlobalMaxPooling1D"] = o => GlobalPooling(o, LayerKind.GlobalMaxPooling1D),
                ["GlobalMaxPooling2D"] = o => GlobalPooling(o, LayerKind.GlobalMaxPooling2D),
                ["GlobalAveragePooling1D"] = o => GlobalPooling(o, LayerKind.GlobalAveragePooling1D),
                ["GlobalAveragePooling2D"] = o => GlobalPooling(o, LayerKind.GlobalAveragePooling2D),
                ["Reshape"] = Reshape,
                ["SpatialDropout1D"] = o => SpatialDropout(o, LayerKind.SpatialDropout1D),
                ["SpatialDropout2D"] = o => SpatialDropout(o, LayerKind.SpatialDropout2D),
                ["BatchNormalization"] = BatchNormalization,
                ["ZeroPadding2D"] = ZeroPadding2D,
                ["Cropping2D"] = Cropping2D,
                ["Rescaling"] = Rescaling,
                ["Add"] = o => Merge(o, LayerKind.Add),
                ["Subtract"] = o => Merge(o, LayerKind.Subtract),
                ["Multiply"] = o => Merge(o, LayerKind.Multiply),
                ["Average"] = o => Merge(o, LayerKind.Average),
                ["Maximum"] = o => Merge(o, LayerKind.Maximum),
                ["Minimum"] = o => Merge(o, LayerKind.Minimum),
                ["Concatenate"] = Concatenate,
                ["UpSampling2D"] = UpSampling2D,
                ["Conv2DTranspose"] = Conv2DTranspose,
                ["ZeroPadding1D"] = o => Edges1D(o, LayerKind.ZeroPadding1D, "padding", 1),
                ["Cropping1D"] = o => Edges1D(o, LayerKind.Cropping1D, "cropping", 1),
                ["UpSampling1D"] = o => new LayerSpec(LayerKind.UpSampling1D) { KernelHeight = o.Int("size", 2), KernelWidth = 1, StrideHeight = o.Int("size", 2), StrideWidth = 1 },
                ["Permute"] = o => new LayerSpec(LayerKind.Permute) { TargetShape = o.IntList("dims").ToEquatableArray() },
                ["PReLU"] = PReLU,
            };

        /// <summary>Other names Keras registers for the same classes (keras.layers.MaxPool2D is MaxPooling2D).</summary>
        private static readonly Dictionary<string, string> s_aliases = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Convolution2D"] = "Conv2D",
            ["MaxPool2D"] = "MaxPooling2D",
            ["AvgPool2D"] = "AveragePooling2D",
            ["Convolution1D"] = "Conv1D",
            ["SeparableConvolution2D"] = "SeparableConv2D",
            ["MaxPool1D"] = "MaxPooling1D",
            ["AvgPool1D"] = "AveragePooling1D",
            ["GlobalMaxPool1D"] = "GlobalMaxPooling1D",
            ["GlobalMaxPool2D"] = "GlobalMaxPooling2D",
            ["GlobalAvgPool1D"] = "GlobalAveragePooling1D",
            ["GlobalAvgPool2D"] = "GlobalAveragePooling2D",
            // tf.keras 1.14 - 2.x may save the v1/v2 implementation class names.
            ["BatchNormalizationV1"] = "BatchNormalization",
            ["BatchNormalizationV2"] = "BatchNormalization",
            ["Convolution2DTranspose"] = "Conv2DTranspose",
            ["Deconvolution2D"] = "Conv2DTranspose",
            ["Deconv2D"] = "Conv2DTranspose",
        };

        /// <summary>The class names understood, sorted, for the unknown-class message.</summary>
        public static string Supported
        {
            get
            {
                var names = new List<string>(s_readers.Keys) { "InputLayer (first layer of a Sequential model)" };
                names.Sort(StringComparer.Ordinal);
                return string.Join(", ", names);
            }
        }

        public static bool IsKnown(string className) => s_readers.ContainsKey(className) || s_aliases.ContainsKey(className);

        /// <summary>Reads the layer; problems go to the file's diagnostics. The caller sets the name and location.</summary>
        public static LayerSpec Read(LayerOptions options) =>
            s_readers[s_aliases.TryGetValue(options.ClassName, out string? canonical) ? canonical : options.ClassName](options);

        private static LayerSpec Conv2D(LayerOptions o)
        {
            int filters = o.Int("filters");
            LayerSpec window = ConvolutionWindow(o, LayerKind.Conv2D);
            o.RequireSingleGroup();
            return window with { Units = filters };
        }

        /// <summary>
        /// The options every 2-D convolution shares (Conv2D, DepthwiseConv2D, SeparableConv2D): kernel, strides,
        /// dilation, padding, bias and activation, channels_last required.
        /// </summary>
        private static LayerSpec ConvolutionWindow(LayerOptions o, LayerKind kind)
        {
            var kernel = o.Pair("kernel_size");
            var strides = o.Pair("strides", (1, 1));
            var dilation = o.Pair("dilation_rate", (1, 1));
            o.RequireChannelsLast();
            return new LayerSpec(kind)
            {
                KernelHeight = kernel.Height,
                KernelWidth = kernel.Width,
                StrideHeight = strides.Height,
                StrideWidth = strides.Width,
                DilationHeight = dilation.Height,
                DilationWidth = dilation.Width,
                Padding = o.Padding(),
                UseBias = o.Bool("use_bias", true),
                Activation = o.Activation("activation"),
            };
        }

        private static LayerSpec Pooling2D(LayerOptions o, LayerKind kind)
        {
            var pool = o.Pair("pool_size", (2, 2));
            // strides: null (or absent) means the pool size, as in Keras.
            var strides = o.Pair("strides", pool);
            o.RequireChannelsLast();
            return new LayerSpec(kind)
            {
                KernelHeight = pool.Item1,
                KernelWidth = pool.Item2,
                StrideHeight = strides.Height,
                StrideWidth = strides.Width,
                Padding = o.Padding(),
            };
        }

        private static LayerSpec Flatten(LayerOptions o)
        {
            // channels_first would flatten in (C, H, W) order.
            o.RequireChannelsLast();
            return new LayerSpec(LayerKind.Flatten);
        }

        private static LayerSpec Dense(LayerOptions o) => new LayerSpec(LayerKind.Dense)
        {
            Units = o.Int("units"),
            UseBias = o.Bool("use_bias", true),
            Activation = o.Activation("activation"),
        };

        private static LayerSpec Dropout(LayerOptions o)
        {
            // noise_shape and seed only matter while training.
            o.Ignore("noise_shape", "seed");
            return new LayerSpec(LayerKind.Dropout) { Rate = o.Double("rate") };
        }

        private static LayerSpec Activation(LayerOptions o) =>
            new LayerSpec(LayerKind.Activation) { Activation = o.Activation("activation", required: true) };

        private static LayerSpec ReLU(LayerOptions o) => new LayerSpec(LayerKind.ReLU)
        {
            MaxValue = o.NullableDouble("max_value"),
            NegativeSlope = o.Double("negative_slope", 0.0),
            Threshold = o.Double("threshold", 0.0),
        };

        private static LayerSpec LeakyReLU(LayerOptions o)
        {
            // Keras 2 and TF.js write alpha; Keras 3 renamed it negative_slope. Both default to 0.3.
            double slope = o.Options["negative_slope"] != null ? o.Double("negative_slope", 0.3) : o.Double("alpha", 0.3);
            o.Ignore("alpha", "negative_slope");
            return new LayerSpec(LayerKind.LeakyReLU) { Alpha = slope };
        }

        private static LayerSpec Elu(LayerOptions o) => new LayerSpec(LayerKind.ELU) { Alpha = o.Double("alpha", 1.0) };

        private static LayerSpec Softmax(LayerOptions o) => new LayerSpec(LayerKind.Softmax) { Axis = o.Int("axis", -1) };
    
        private static LayerSpec Conv1D(LayerOptions o)
        {
            int filters = o.Int("filters");
            int kernel = o.Single("kernel_size", null);
            int stride = o.Single("strides", 1);
            int dilation = o.Single("dilation_rate", 1);
            o.RequireChannelsLast();
            o.RequireSingleGroup();
            return new LayerSpec(LayerKind.Conv1D)
            {
                Units = filters,
                KernelHeight = kernel,
                KernelWidth = 1,
                StrideHeight = stride,
                StrideWidth = 1,
                DilationHeight = dilation,
                DilationWidth = 1,
                Padding = o.Padding(),
                UseBias = o.Bool("use_bias", true),
                Activation = o.Activation("activation"),
            };
        }

        private static LayerSpec DepthwiseConv2D(LayerOptions o) =>
            ConvolutionWindow(o, LayerKind.DepthwiseConv2D) with { DepthMultiplier = o.Int("depth_multiplier", 1) };

        private static LayerSpec SeparableConv2D(LayerOptions o)
        {
            int filters = o.Int("filters");
            return ConvolutionWindow(o, LayerKind.SeparableConv2D) with { Units = filters, DepthMultiplier = o.Int("depth_multiplier", 1) };
        }

        private static LayerSpec Pooling1D(LayerOptions o, LayerKind kind)
        {
            int pool = o.Single("pool_size", 2);
            // strides: null (or absent) means the pool size, as in Keras.
            int stride = o.Single("strides", pool);
            o.RequireChannelsLast();
            return new LayerSpec(kind)
            {
                KernelHeight = pool,
                KernelWidth = 1,
                StrideHeight = stride,
                StrideWidth = 1,
                Padding = o.Padding(),
            };
        }

        private static LayerSpec GlobalPooling(LayerOptions o, LayerKind kind)
        {
            o.RequireChannelsLast();
            return new LayerSpec(kind) { KeepDims = o.Bool("keepdims", false) };
        }

        private static LayerSpec Reshape(LayerOptions o) =>
            new LayerSpec(LayerKind.Reshape) { TargetShape = o.IntList("target_shape").ToEquatableArray() };

        private static LayerSpec SpatialDropout(LayerOptions o, LayerKind kind)
        {
            // Only training drops whole channels; at inference this is the identity, like Dropout.
            o.Ignore("noise_shape", "seed");
            o.RequireChannelsLast();
            return new LayerSpec(kind) { Rate = o.Double("rate") };
        }

        private static LayerSpec BatchNormalization(LayerOptions o)
        {
            // momentum and the renormalization / virtual-batch options change training only; inference uses the moving statistics.
            o.Ignore("momentum", "renorm", "renorm_clipping", "renorm_momentum", "fused", "virtual_batch_size", "adjustment", "synchronized");
            return new LayerSpec(LayerKind.BatchNormalization)
            {
                Axis = o.Axis("axis", -1),
                Epsilon = o.Double("epsilon", 0.001),
                Center = o.Bool("center", true),
                Scale = o.Bool("scale", true),
            };
        }

        private static LayerSpec ZeroPadding2D(LayerOptions o)
        {
            var edges = o.Edges("padding", 1);
            o.RequireChannelsLast();
            return new LayerSpec(LayerKind.ZeroPadding2D)
            {
                EdgeTop = edges.Top, EdgeBottom = edges.Bottom, EdgeLeft = edges.Left, EdgeRight = edges.Right,
            };
        }

        private static LayerSpec Cropping2D(LayerOptions o)
        {
            var edges = o.Edges("cropping", 0);
            o.RequireChannelsLast();
            return new LayerSpec(LayerKind.Cropping2D)
            {
                EdgeTop = edges.Top, EdgeBottom = edges.Bottom, EdgeLeft = edges.Left, EdgeRight = edges.Right,
            };
        }

        /// <summary>Add, Subtract, Multiply, Average, Maximum, Minimum: no options (their inputs come from the graph).</summary>
        private static LayerSpec Merge(LayerOptions o, LayerKind kind) => new LayerSpec(kind);

        private static LayerSpec Concatenate(LayerOptions o) => new LayerSpec(LayerKind.Concatenate) { Axis = o.Int("axis", -1) };

        /// <summary>UpSampling2D: size (rows, columns) in the kernel fields; interpolation 'nearest' or 'bilinear'.</summary>
        private static LayerSpec UpSampling2D(LayerOptions o)
        {
            var size = o.Pair("size", (2, 2));
            o.RequireChannelsLast();
            bool bilinear = false;
            JsonNode? interpolation = o.Get("interpolation");
            if (interpolation != null && interpolation.Kind != JsonKind.Null)
            {
                if (interpolation.Kind == JsonKind.String && interpolation.String == "bilinear") bilinear = true;
                else if (interpolation.Kind == JsonKind.String && interpolation.String != "nearest")
                    o.Unsupported(interpolation, $"interpolation '{interpolation.String}' is not supported; only 'nearest' and 'bilinear'");
                else if (interpolation.Kind != JsonKind.String) o.Invalid("interpolation", interpolation, $"must be \"nearest\" or \"bilinear\", got {interpolation.Describe()}");
            }
            return new LayerSpec(LayerKind.UpSampling2D) { KernelHeight = size.Height, KernelWidth = size.Width, StrideHeight = size.Height, StrideWidth = size.Width, Bilinear = bilinear };
        }

        /// <summary>Conv2DTranspose: filters, kernel, strides, padding, bias, activation; output_padding and dilation only at their defaults.</summary>
        private static LayerSpec Conv2DTranspose(LayerOptions o)
        {
            int filters = o.Int("filters");
            LayerSpec window = ConvolutionWindow(o, LayerKind.Conv2DTranspose);
            o.RequireSingleGroup();
            JsonNode? outputPadding = o.Get("output_padding");
            if (outputPadding != null && outputPadding.Kind != JsonKind.Null)
                o.Unsupported(outputPadding, "output_padding is not supported yet; leave it null (Keras then infers the output size from strides and padding)");
            if (window.DilationHeight != 1 || window.DilationWidth != 1)
                o.Unsupported(o.Options["dilation_rate"]!, "dilation_rate above 1 is not supported for Conv2DTranspose");
            return window with { Units = filters };
        }

        /// <summary>ZeroPadding1D / Cropping1D: one integer for both ends, or [before, after] (kept in EdgeTop / EdgeBottom).</summary>
        private static LayerSpec Edges1D(LayerOptions o, LayerKind kind, string key, int fallback)
        {
            JsonNode? node = o.Get(key);
            int before = fallback, after = fallback;
            if (node != null && node.Kind == JsonKind.Integer) before = after = (int)node.Integer;
            else if (node != null && node.Kind == JsonKind.Array && node.Items.Count == 2 && node.Items[0].Kind == JsonKind.Integer && node.Items[1].Kind == JsonKind.Integer)
            {
                before = (int)node.Items[0].Integer;
                after = (int)node.Items[1].Integer;
            }
            else if (node != null && node.Kind != JsonKind.Null) o.Invalid(key, node, $"must be an integer or a list of two integers, got {node.Describe()}");
            return new LayerSpec(kind) { EdgeTop = before, EdgeBottom = after };
        }

        /// <summary>PReLU: alpha per position, shared along shared_axes; the initializer, regularizer and constraint only matter in training.</summary>
        private static LayerSpec PReLU(LayerOptions o)
        {
            o.Ignore("alpha_initializer", "alpha_regularizer", "alpha_constraint");
            JsonNode? shared = o.Options["shared_axes"];
            var axes = shared is null || shared.Kind == JsonKind.Null ? new int[0]
                : shared.Kind == JsonKind.Integer ? new[] { (int)shared.Integer } : o.IntList("shared_axes");
            o.Ignore("shared_axes");
            return new LayerSpec(LayerKind.PReLU) { SharedAxes = axes.ToEquatableArray() };
        }

        private static LayerSpec Rescaling(LayerOptions o) => new LayerSpec(LayerKind.Rescaling)
        {
            RescalingScale = o.Double("scale"),
            RescalingOffset = o.Double("offset", 0.0),
        };
    }
}
