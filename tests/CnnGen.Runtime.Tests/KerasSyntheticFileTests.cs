using System;
using System.Collections.Generic;
using System.Linq;
using PureHDF;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// Keras file layouts the four real files do not show, written with PureHDF: a Keras 3 .weights.h5 whose name
    /// order is not the model order, and a legacy save_weights file with chunked and empty name lists.
    /// </summary>
    public class KerasSyntheticFileTests
    {
        /// <summary>Every value of layer <paramref name="layer"/>'s weight <paramref name="var"/> is this, so a mix-up shows.</summary>
        private static float Mark(int layer, int var) => layer * 10 + var + 0.25f;

        private static H5Dataset Tensor(int layer, int var, params int[] shape)
        {
            int length = shape.Aggregate(1, (a, d) => a * d);
            return new H5Dataset(Enumerable.Repeat(Mark(layer, var), length).ToArray(), fileDims: shape.Select(d => (ulong)d).ToArray());
        }

        /// <summary>
        /// The model: Conv2D, BatchNormalization, eleven Dense 4x4 and a Dense 4x3 head, saved by Keras 3 as conv2d,
        /// batch_normalization, dense ... dense_11. HDF5 lists them by name, so dense_10 and dense_11 come before
        /// dense_2.
        /// </summary>
        private static (string Path, WeightSpec[] Specs, float[] Expected) WriteKeras3WeightsH5(TempDir temp, bool withNameAttributes)
        {
            var layers = new H5Group();
            var specs = new List<WeightSpec>();
            var expected = new List<float>();

            void Add(int index, string savedAs, string modelName, params (string Weight, int[] Shape)[] weights)
            {
                var vars = new H5Group();
                if (withNameAttributes) vars.Attributes = new Dictionary<string, object> { ["name"] = modelName };
                for (int v = 0; v < weights.Length; v++)
                {
                    vars[v.ToString()] = Tensor(index, v, weights[v].Shape);
                    var spec = new WeightSpec(modelName + "/" + weights[v].Weight, weights[v].Shape);
                    specs.Add(spec);
                    expected.AddRange(Enumerable.Repeat(Mark(index, v), spec.Length));
                }

                layers[savedAs] = new H5Group { ["vars"] = vars };
            }

            Add(0, "conv2d", "features", ("kernel", new[] { 3, 3, 1, 4 }), ("bias", new[] { 4 }));
            Add(1, "batch_normalization", "norm", ("gamma", new[] { 4 }), ("beta", new[] { 4 }), ("moving_mean", new[] { 4 }), ("moving_variance", new[] { 4 }));
            for (int d = 0; d <= 10; d++)
            {
                Add(2 + d, d == 0 ? "dense" : "dense_" + d, "hidden_" + d, ("kernel", new[] { 4, 4 }), ("bias", new[] { 4 }));
            }

            Add(13, "dense_11", "head", ("kernel", new[] { 4, 3 }), ("bias", new[] { 3 }));
            // Weightless layers keep an empty vars group.
            layers["flatten"] = new H5Group { ["vars"] = new H5Group() };

            var file = new H5File
            {
                ["layers"] = layers,
                ["optimizer"] = new H5Group { ["vars"] = new H5Group { ["0"] = Tensor(99, 0, 4, 4) } },
                ["vars"] = new H5Group(),
            };
            string path = temp.File("model.weights.h5");
            file.Write(path);
            return (path, specs.ToArray(), expected.ToArray());
        }

        [Fact]
        public void Keras3WeightsH5WithoutConfigMatchesByShapeKeepingEachClassInCounterOrder()
        {
            using var temp = new TempDir();
            var (path, specs, expected) = WriteKeras3WeightsH5(temp, withNameAttributes: false);

            float[] w = WeightReader.LoadKeras(path, specs);

            Floats.Identical(expected, w, "Keras 3 .weights.h5 matched by shape");
        }

        [Fact]
        public void Keras3VarsNameAttributeMatchesByLayerName()
        {
            using var temp = new TempDir();
            var (path, specs, expected) = WriteKeras3WeightsH5(temp, withNameAttributes: true);

            Floats.Identical(expected, WeightReader.LoadKeras(path, specs), "Keras 3 .weights.h5 matched by vars/@name");

            // By name, a shape mismatch is reported for that layer, not hidden by a search for another layer.
            specs[^2] = new WeightSpec("head/kernel", 4, 5);
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(path, specs));
            Assert.Contains("'head/kernel'", e.Message);
            Assert.Contains("[4, 5]", e.Message);
            Assert.Contains("[4, 3]", e.Message);
            Assert.Contains("layers/dense_11/vars/0", e.Message);
        }

        [Fact]
        public void Keras3LayerWithNoShapeMatchIsReportedWithTheRemainingLayers()
        {
            using var temp = new TempDir();
            var (path, specs, _) = WriteKeras3WeightsH5(temp, withNameAttributes: false);
            specs[0] = new WeightSpec("features/kernel", 5, 5, 1, 4);

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(path, specs));

            Assert.Contains("'features'", e.Message);
            Assert.Contains("[5, 5, 1, 4]", e.Message);
            Assert.Contains("'conv2d': [3, 3, 1, 4], [4]", e.Message);
        }

        /// <summary>
        /// A Keras 2 save_weights file keeps its lists at the root; a long list is split into layer_names0,
        /// layer_names1, ...; a weightless layer's weight_names is an empty float64 array; weights are found by name
        /// within a layer even when listed bias first.
        /// </summary>
        [Fact]
        public void LegacySaveWeightsFileWithChunkedAndEmptyLists()
        {
            using var temp = new TempDir();
            H5Group Layer(string name, bool biasFirst, int index, int inputs, int units)
            {
                string[] names = { name + "/kernel:0", name + "/bias:0" };
                if (biasFirst) Array.Reverse(names);
                return new H5Group
                {
                    Attributes = new Dictionary<string, object> { ["weight_names"] = names },
                    [name] = new H5Group { ["kernel:0"] = Tensor(index, 0, inputs, units), ["bias:0"] = Tensor(index, 1, units) },
                };
            }

            var file = new H5File
            {
                Attributes = new Dictionary<string, object>
                {
                    ["layer_names0"] = new[] { "dense_1", "flatten_1" },
                    ["layer_names1"] = new[] { "dense_2" },
                    ["keras_version"] = "2.1.6",
                    ["backend"] = "tensorflow",
                },
                ["dense_1"] = Layer("dense_1", biasFirst: true, index: 0, inputs: 6, units: 5),
                ["flatten_1"] = new H5Group { Attributes = new Dictionary<string, object> { ["weight_names"] = Array.Empty<double>() } },
                ["dense_2"] = Layer("dense_2", biasFirst: false, index: 1, inputs: 5, units: 2),
            };
            string path = temp.File("weights.h5");
            file.Write(path);

            WeightSpec[] specs =
            {
                new WeightSpec("dense_1/kernel", 6, 5), new WeightSpec("dense_1/bias", 5),
                new WeightSpec("dense_2/kernel", 5, 2), new WeightSpec("dense_2/bias", 2),
            };
            float[] expected = specs.SelectMany((s, i) => Enumerable.Repeat(Mark(i / 2, i % 2), s.Length)).ToArray();

            Floats.Identical(expected, WeightReader.LoadKeras(path, specs), "by name");

            WeightSpec[] renamed =
            {
                new WeightSpec("dense/kernel", 6, 5), new WeightSpec("dense/bias", 5),
                new WeightSpec("dense_1/kernel", 5, 2), new WeightSpec("dense_1/bias", 2),
            };
            Floats.Identical(expected, WeightReader.LoadKeras(path, renamed), "by order, partly overlapping names");
        }

        [Fact]
        public void Float64WeightsAreNarrowedAndIntegerOnesRejected()
        {
            using var temp = new TempDir();
            static H5File Dense(object kernel, object bias) => new H5File
            {
                ["layers"] = new H5Group
                {
                    ["dense"] = new H5Group { ["vars"] = new H5Group { ["0"] = kernel, ["1"] = bias } },
                },
            };
            double[] kernel = { 0.1, -2.5, 3e-3, 4.0, 5.5, 6.25 };
            Dense(new H5Dataset(kernel, fileDims: new ulong[] { 3, 2 }), new[] { 1.0, 2.0 }).Write(temp.File("f64.weights.h5"));
            Dense(new H5Dataset(kernel, fileDims: new ulong[] { 3, 2 }), new[] { 1, 2 }).Write(temp.File("int.weights.h5"));
            WeightSpec[] specs = { new WeightSpec("dense/kernel", 3, 2), new WeightSpec("dense/bias", 2) };

            float[] w = WeightReader.LoadKeras(temp.File("f64.weights.h5"), specs);
            Assert.Equal(kernel.Select(v => (float)v).Concat(new[] { 1f, 2f }).ToArray(), w);

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(temp.File("int.weights.h5"), specs));
            Assert.Contains("'dense/bias'", e.Message);
            Assert.Contains("layers/dense/vars/1", e.Message);
            Assert.Contains("FixedPoint", e.Message);
        }

        [Fact]
        public void Hdf5WithoutKerasLayoutIsRejectedListingWhatItHas()
        {
            using var temp = new TempDir();
            new H5File { ["data"] = new float[] { 1, 2 } }.Write(temp.File("other.h5"));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(temp.File("other.h5"), new[] { new WeightSpec("d/bias", 2) }));

            Assert.Contains("not a Keras weight file", e.Message);
            Assert.Contains("'data'", e.Message);
        }
    }
}
