#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PureHDF;
using PureHDF.VOL.Native;

namespace CnnGen
{
    /// <summary>
    /// Reads Keras weight files through PureHDF: lists what the file holds as a <see cref="KerasWeightCatalog"/>,
    /// lets <see cref="KerasLayerMatcher"/> pair it with the expected tensors, then reads the paired datasets.
    /// </summary>
    /// <remarks>
    /// <para>Layouts followed (Keras sources):</para>
    /// <list type="bullet">
    /// <item><description>
    /// Legacy HDF5, Keras 2 and Keras 3's <c>model.save("x.h5")</c> — keras/src/saving/legacy/hdf5_format.py (Keras 2),
    /// keras/src/legacy/saving/legacy_h5_format.py (Keras 3), <c>save_weights_to_hdf5_group</c> and
    /// <c>load_attributes_from_hdf5_group</c>: the weights sit in group <c>model_weights</c> of a whole-model file, or
    /// at the root of a <c>save_weights</c> file. Its attribute <c>layer_names</c> lists every layer in model order;
    /// each layer group's attribute <c>weight_names</c> lists its weights in <c>layer.weights</c> order, and each
    /// names a dataset below the layer group (<c>conv2d_1/kernel:0</c>, <c>sequential_1/conv2d_2/kernel</c>). Either
    /// attribute may be split into <c>layer_names0</c>, <c>layer_names1</c>, ... when it outgrows the HDF5 object
    /// header. Keras 2 writes fixed-length strings, Keras 3 variable-length ones, and an empty list as an empty
    /// float64 array.
    /// </description></item>
    /// <item><description>
    /// Keras 3 <c>.weights.h5</c> and the <c>model.weights.h5</c> entry of a <c>.keras</c> zip —
    /// keras/src/saving/saving_lib.py (<c>_save_state</c>, <c>_save_container_state</c>, <c>H5IOStore</c>,
    /// <c>H5Entry</c>): each layer's variables are unnamed datasets <c>layers/&lt;path&gt;/vars/0</c>, <c>1</c>, ... in
    /// <c>trainable + non_trainable</c> order; <c>&lt;path&gt;</c> is the snake-cased class name with a per-class
    /// counter (see <see cref="KerasSavingPaths"/>); Keras 2.13 wrote <c>_layer_checkpoint_dependencies</c> instead
    /// of <c>layers</c>. Newer Keras 3 also stores the layer's real name as attribute <c>name</c> of <c>vars</c>.
    /// </description></item>
    /// </list>
    /// <para>Optimizer state (<c>optimizer_weights</c>, <c>optimizer/vars</c>) is never looked at.</para>
    /// </remarks>
    internal static class KerasHdf5Reader
    {
        private const string ArchiveWeightsEntry = "model.weights.h5";
        private const string ArchiveConfigEntry = "config.json";

        public static float[] Load(string path, WeightLayout layout)
        {
            if (!File.Exists(path))
            {
                throw new WeightFileException(path, "Keras weight file not found.", innerException: new FileNotFoundException(null, path));
            }

            return IsZip(path) ? LoadArchive(path, layout) : LoadHdf5(path, layout);
        }

        private static bool IsZip(string path)
        {
            try
            {
                using FileStream stream = File.OpenRead(path);
                Span<byte> magic = stackalloc byte[4];
                return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4
                    && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new WeightFileException(path, "cannot read the Keras weight file: " + e.Message, innerException: e);
            }
        }

        /// <summary>A Keras 3 <c>.keras</c> zip: <c>config.json</c> gives the layer order, <c>model.weights.h5</c> the values.</summary>
        private static float[] LoadArchive(string path, WeightLayout layout)
        {
            MemoryStream weights;
            List<string>? configPaths = null;
            try
            {
                using ZipArchive zip = ZipFile.OpenRead(path);
                ZipArchiveEntry? entry = zip.GetEntry(ArchiveWeightsEntry);
                if (entry is null)
                {
                    string found = string.Join(", ", zip.Entries.Select(e => e.FullName));
                    string hint = zip.GetEntry("model.weights.npz") != null ? " It stores its weights as .npz (weights_format=\"npz\"), which CnnGen does not read." : "";
                    throw new WeightFileException(path, $"a zip archive without a '{ArchiveWeightsEntry}' entry, so not a Keras 3 .keras archive CnnGen can read (entries: {found}).{hint}");
                }

                ZipArchiveEntry? config = zip.GetEntry(ArchiveConfigEntry);
                if (config != null)
                {
                    using var reader = new StreamReader(config.Open(), Encoding.UTF8);
                    configPaths = KerasSavingPaths.FromConfig(reader.ReadToEnd());
                }

                // PureHDF needs a seekable stream; a zip entry is not one.
                weights = new MemoryStream(checked((int)entry.Length));
                using (Stream stream = entry.Open()) stream.CopyTo(weights);
                weights.Position = 0;
            }
            catch (InvalidDataException e)
            {
                throw new WeightFileException(path, "not a valid zip archive: " + e.Message, innerException: e);
            }
            catch (IOException e) when (e is not WeightFileException)
            {
                throw new WeightFileException(path, "cannot read the .keras archive: " + e.Message, innerException: e);
            }

            using NativeFile file = Open(path, () => H5File.Open(weights, leaveOpen: false));
            return Read(file, path, ArchiveWeightsEntry + ":", configPaths, layout);
        }

        private static float[] LoadHdf5(string path, WeightLayout layout)
        {
            using NativeFile file = Open(path, () => H5File.OpenRead(path));
            return Read(file, path, "", null, layout);
        }

        private static NativeFile Open(string path, Func<NativeFile> open)
        {
            try
            {
                return open();
            }
            catch (Exception e) when (e is not WeightFileException)
            {
                throw new WeightFileException(path, "not an HDF5 file (.h5, .weights.h5) nor a .keras zip archive that CnnGen can read: " + e.Message, innerException: e);
            }
        }

        private static float[] Read(NativeFile file, string source, string pathPrefix, List<string>? configPaths, WeightLayout layout)
        {
            KerasWeightCatalog catalog;
            try
            {
                catalog = Catalog(file, source, pathPrefix, configPaths);
            }
            catch (Exception e) when (e is not WeightFileException)
            {
                throw new WeightFileException(source, "cannot list the weights of this HDF5 file: " + e.Message, innerException: e);
            }

            KerasWeightCatalog.Weight[] matched = KerasLayerMatcher.Match(catalog, layout);

            var result = new float[layout.TotalLength];
            for (int i = 0; i < matched.Length; i++)
            {
                ReadDataset(matched[i], layout.Specs[i], source, result.AsSpan(layout.Offsets[i], layout.Specs[i].Length));
            }

            return result;
        }

        private static void ReadDataset(KerasWeightCatalog.Weight weight, WeightSpec spec, string source, Span<float> destination)
        {
            var dataset = (IH5Dataset)weight.Handle;
            IH5DataType type = dataset.Type;
            try
            {
                if (type.Class == H5DataTypeClass.FloatingPoint && type.Size == 4)
                {
                    dataset.Read<float[]>().AsSpan().CopyTo(destination);
                    return;
                }

                if (type.Class == H5DataTypeClass.FloatingPoint && type.Size == 8)
                {
                    double[] values = dataset.Read<double[]>();
                    for (int i = 0; i < destination.Length; i++) destination[i] = (float)values[i];
                    return;
                }

                if (type.Class == H5DataTypeClass.FloatingPoint && type.Size == 2)
                {
                    Half[] values = dataset.Read<Half[]>();
                    for (int i = 0; i < destination.Length; i++) destination[i] = (float)values[i];
                    return;
                }
            }
            catch (Exception e)
            {
                throw new WeightFileException(source, $"cannot read tensor '{spec.Name}' from {weight.Path}: {e.Message}", spec.Name, e);
            }

            throw new WeightFileException(
                source,
                $"tensor '{spec.Name}' at {weight.Path} is stored as {type.Class} of {type.Size} bytes; CnnGen reads float16, float32 and float64 weights.",
                spec.Name);
        }

        private static KerasWeightCatalog Catalog(NativeFile file, string source, string pathPrefix, List<string>? configPaths)
        {
            if (file.LinkExists("model_weights") && file.Get("model_weights") is NativeGroup modelWeights && HasList(modelWeights, "layer_names"))
            {
                return LegacyCatalog(modelWeights, "model_weights/", source, "legacy HDF5 model (model_weights" + Version(file) + ")");
            }

            if (HasList(file, "layer_names"))
            {
                return LegacyCatalog(file, "", source, "legacy HDF5 weights (save_weights" + Version(file) + ")");
            }

            foreach (string root in new[] { "layers", "_layer_checkpoint_dependencies" })
            {
                if (file.LinkExists(root) && file.Get(root) is NativeGroup layers)
                {
                    return Keras3Catalog(layers, root, source, pathPrefix, configPaths);
                }
            }

            string children = string.Join(", ", file.Children().Select(c => "'" + c.Name + "'"));
            throw new WeightFileException(
                source,
                $"an HDF5 file but not a Keras weight file: it has no 'model_weights' group, no 'layer_names' attribute (Keras 2 / legacy .h5) and no 'layers' group (Keras 3 .weights.h5). Top-level entries: {children}.");
        }

        private static KerasWeightCatalog LegacyCatalog(NativeGroup group, string groupPath, string source, string format)
        {
            string[] layerNames = ReadList(group, "layer_names");
            var layers = new List<KerasWeightCatalog.Layer>(layerNames.Length);
            foreach (string name in layerNames)
            {
                string layerPath = groupPath + name;
                if (!group.LinkExists(name) || group.Get(name) is not NativeGroup layerGroup)
                {
                    throw new WeightFileException(source, $"attribute 'layer_names' lists layer '{name}', but there is no group '{layerPath}'.");
                }

                var weights = new List<KerasWeightCatalog.Weight>();
                foreach (string weightName in ReadList(layerGroup, "weight_names"))
                {
                    string weightPath = layerPath + "/" + weightName;
                    if (!layerGroup.LinkExists(weightName) || layerGroup.Get(weightName) is not IH5Dataset dataset)
                    {
                        throw new WeightFileException(source, $"attribute 'weight_names' of layer '{name}' lists '{weightName}', but there is no dataset '{weightPath}'.");
                    }

                    weights.Add(new KerasWeightCatalog.Weight(TensorNames.ShortName(weightName), weightPath, Shape(dataset), dataset));
                }

                layers.Add(new KerasWeightCatalog.Layer(name, new[] { name }, layerPath, weights));
            }

            // layer_names is written from model.layers, so the file order is the model order.
            return new KerasWeightCatalog(source, format, layers, inModelOrder: true);
        }

        private static KerasWeightCatalog Keras3Catalog(NativeGroup layersGroup, string root, string source, string pathPrefix, List<string>? configPaths)
        {
            var layers = new List<KerasWeightCatalog.Layer>();
            CollectKeras3Layers(layersGroup, root, pathPrefix, layers);

            bool inModelOrder = false;
            if (configPaths != null)
            {
                // Keras 2.13 saved under _layer_checkpoint_dependencies what Keras 3 saves under layers.
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < configPaths.Count; i++) index[root + configPaths[i].Substring("layers".Length)] = i;

                List<KerasWeightCatalog.Layer> weighted = layers.Where(l => l.Weights.Count > 0).ToList();
                if (weighted.All(l => index.ContainsKey(LocalPath(l, pathPrefix))))
                {
                    layers = weighted.OrderBy(l => index[LocalPath(l, pathPrefix)]).ToList();
                    inModelOrder = true;
                }
            }

            if (!inModelOrder)
            {
                // HDF5 hands out the groups sorted by name (conv2d_10 before conv2d_2); at least keep each class's
                // counter order, which is the model order among layers of one class.
                layers = layers.OrderBy(l => NaturalKey(l.Name).Base, StringComparer.Ordinal).ThenBy(l => NaturalKey(l.Name).Counter).ToList();
            }

            string format = pathPrefix.Length > 0
                ? ".keras archive (" + pathPrefix.TrimEnd(':') + (inModelOrder ? ", layer order from config.json)" : ", config.json unusable: layers in name order)")
                : "Keras 3 .weights.h5 (no config: layers in name order)";
            return new KerasWeightCatalog(source, format, layers, inModelOrder);
        }

        private static string LocalPath(KerasWeightCatalog.Layer layer, string pathPrefix) => layer.Path.Substring(pathPrefix.Length);

        private static void CollectKeras3Layers(NativeGroup group, string path, string pathPrefix, List<KerasWeightCatalog.Layer> layers)
        {
            foreach (IH5Object child in group.Children())
            {
                if (child is not NativeGroup layerGroup) continue;

                string layerPath = path + "/" + child.Name;
                var aliases = new List<string> { child.Name };
                var weights = new List<KerasWeightCatalog.Weight>();
                if (layerGroup.LinkExists("vars") && layerGroup.Get("vars") is NativeGroup vars)
                {
                    if (vars.AttributeExists("name"))
                    {
                        string[] name = ReadList(vars, "name");
                        if (name.Length == 1 && name[0].Length > 0 && name[0] != child.Name) aliases.Add(name[0]);
                    }

                    foreach (IH5Dataset dataset in vars.Children().OfType<IH5Dataset>().OrderBy(d => VarIndex(d.Name)).ThenBy(d => d.Name, StringComparer.Ordinal))
                    {
                        weights.Add(new KerasWeightCatalog.Weight(null, pathPrefix + layerPath + "/vars/" + dataset.Name, Shape(dataset), dataset));
                    }
                }

                layers.Add(new KerasWeightCatalog.Layer(child.Name, aliases, pathPrefix + layerPath, weights));

                // A nested model keeps its own layers one level down.
                if (layerGroup.LinkExists("layers") && layerGroup.Get("layers") is NativeGroup inner)
                {
                    CollectKeras3Layers(inner, layerPath + "/layers", pathPrefix, layers);
                }
            }
        }

        private static long VarIndex(string name) => long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long i) ? i : long.MaxValue;

        private static (string Base, long Counter) NaturalKey(string name)
        {
            Match m = Regex.Match(name, @"^(.*)_(\d+)$");
            return m.Success && long.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                ? (m.Groups[1].Value, n)
                : (name, 0);
        }

        private static long[] Shape(IH5Dataset dataset) => dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();

        private static string Version(NativeFile file)
        {
            if (!file.AttributeExists("keras_version")) return "";
            string[] version = ReadList(file, "keras_version");
            return version.Length == 1 ? ", keras_version " + version[0] : "";
        }

        private static bool HasList(IH5Object obj, string name) => obj.AttributeExists(name) || obj.AttributeExists(name + "0");

        /// <summary>
        /// Reads a string-list attribute as <c>load_attributes_from_hdf5_group</c> does: whole, or from the chunks
        /// <c>name0</c>, <c>name1</c>, ... An empty list, stored by h5py as an empty float64 array, reads as empty.
        /// </summary>
        private static string[] ReadList(IH5Object obj, string name)
        {
            if (obj.AttributeExists(name)) return ReadStrings(obj.Attribute(name));

            var result = new List<string>();
            for (int chunk = 0; obj.AttributeExists(name + chunk.ToString(CultureInfo.InvariantCulture)); chunk++)
            {
                result.AddRange(ReadStrings(obj.Attribute(name + chunk.ToString(CultureInfo.InvariantCulture))));
            }

            return result.ToArray();
        }

        private static string[] ReadStrings(IH5Attribute attribute)
        {
            ulong[] dimensions = attribute.Space.Dimensions;
            if (dimensions.Length > 0 && dimensions.Aggregate(1UL, (a, b) => a * b) == 0) return Array.Empty<string>();

            string[] values = dimensions.Length == 0 ? new[] { attribute.Read<string>() } : attribute.Read<string[]>();
            // Keras 2 writes fixed-length, null-padded strings.
            return values.Select(v => (v ?? "").TrimEnd('\0')).ToArray();
        }
    }
}
#endif
