using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using CnnGen.Hdf5;

namespace CnnGen
{
    /// <summary>
    /// Reads Keras weight files through CnnGen's own HDF5 reader (<see cref="Hdf5File"/>, no reflection, so trimming
    /// and NativeAOT safe, and on every target): lists what the file holds as a <see cref="KerasWeightCatalog"/>, lets
    /// <see cref="KerasLayerMatcher"/> pair it with the expected tensors, then reads the paired datasets.
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
            // Sized before it is opened: devices and pipes report 0 bytes and are never opened (a pipe would block).
            if (WeightReader.FileLength(path, "Keras weight file") == 0)
            {
                throw new WeightFileException(path, "the Keras weight file is empty (0 bytes), or not a regular file.");
            }

            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new WeightFileException(path, "cannot read the Keras weight file: " + e.Message, innerException: e);
            }

            using (stream)
            {
                if (!stream.CanSeek) throw new WeightFileException(path, "the Keras weight file is not a regular file.");
                return Load(stream, path, layout);
            }
        }

        /// <summary>Reads a Keras weight file (HDF5 or .keras zip) from a seekable stream; <paramref name="source"/> names it in errors.</summary>
        internal static float[] Load(Stream stream, string source, WeightLayout layout)
        {
            return IsZip(stream, source) ? LoadArchive(stream, source, layout) : LoadHdf5(stream, source, "", null, layout);
        }

        private static bool IsZip(Stream stream, string source)
        {
            try
            {
                var magic = new byte[4];
                stream.Position = 0;
                int filled = StreamReading.ReadUpTo(stream, magic, 0, 4);
                stream.Position = 0;
                return filled == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new WeightFileException(source, "cannot read the Keras weight file: " + e.Message, innerException: e);
            }
        }

        /// <summary>A Keras 3 <c>.keras</c> zip: <c>config.json</c> gives the layer order, <c>model.weights.h5</c> the values.</summary>
        private static float[] LoadArchive(Stream stream, string source, WeightLayout layout)
        {
            MemoryStream weights;
            List<string>? configPaths = null;
            try
            {
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                ZipArchiveEntry? entry = zip.GetEntry(ArchiveWeightsEntry);
                if (entry is null)
                {
                    string found = string.Join(", ", zip.Entries.Select(e => e.FullName));
                    string hint = zip.GetEntry("model.weights.npz") != null ? " It stores its weights as .npz (weights_format=\"npz\"), which CnnGen does not read." : "";
                    throw new WeightFileException(source, $"a zip archive without a '{ArchiveWeightsEntry}' entry, so not a Keras 3 .keras archive CnnGen can read (entries: {found}).{hint}");
                }

                ZipArchiveEntry? config = zip.GetEntry(ArchiveConfigEntry);
                if (config != null)
                {
                    using var reader = new StreamReader(config.Open(), Encoding.UTF8);
                    configPaths = KerasSavingPaths.FromConfig(reader.ReadToEnd());
                }

                // The HDF5 reader seeks; a zip entry cannot. The entry is copied, never past the size it declares.
                if (entry.Length > int.MaxValue - 64)
                {
                    throw new WeightFileException(source, $"the archive's '{ArchiveWeightsEntry}' declares {entry.Length} bytes, more than CnnGen reads.");
                }

                weights = new MemoryStream((int)Math.Min(entry.Length, stream.Length));
                using (Stream content = entry.Open())
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        if (weights.Length + read > entry.Length)
                        {
                            throw new WeightFileException(source, $"the archive's '{ArchiveWeightsEntry}' holds more than the {entry.Length} bytes it declares.");
                        }

                        weights.Write(buffer, 0, read);
                    }
                }

                weights.Position = 0;
            }
            catch (Exception e) when (e is InvalidDataException || e is NotSupportedException || e is ArgumentException || (e is IOException && e is not WeightFileException))
            {
                throw new WeightFileException(source, "not a valid .keras zip archive: " + e.Message, innerException: e);
            }

            return LoadHdf5(weights, source, ArchiveWeightsEntry + ":", configPaths, layout);
        }

        private static float[] LoadHdf5(Stream stream, string source, string pathPrefix, List<string>? configPaths, WeightLayout layout)
        {
            Hdf5File file;
            try
            {
                file = Hdf5File.Open(stream, leaveOpen: true);
            }
            catch (Exception e) when (IsReadError(e))
            {
                throw new WeightFileException(source, "not an HDF5 file (.h5, .weights.h5) nor a .keras zip archive that CnnGen can read: " + e.Message, innerException: e);
            }

            using (file)
            {
                return Read(file, source, pathPrefix, configPaths, layout);
            }
        }

        /// <summary>What a damaged or unsupported file throws while it is read; anything else is a bug and is let through.</summary>
        private static bool IsReadError(Exception e) =>
            e is Hdf5FormatException || e is InvalidDataException || (e is IOException && e is not WeightFileException);

        private static float[] Read(Hdf5File file, string source, string pathPrefix, List<string>? configPaths, WeightLayout layout)
        {
            KerasWeightCatalog catalog;
            try
            {
                catalog = Catalog(file, source, pathPrefix, configPaths);
            }
            catch (Exception e) when (IsReadError(e))
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
            var dataset = (Hdf5Object)weight.Handle;
            Hdf5Datatype type;
            try
            {
                type = dataset.Type;
                if (type.Class == Hdf5Datatype.FloatingPoint && type.IsIeeeFloat)
                {
                    dataset.ReadFloats(destination);
                    return;
                }
            }
            catch (Exception e) when (IsReadError(e))
            {
                throw new WeightFileException(source, $"cannot read tensor '{spec.Name}' from {weight.Path}: {e.Message}", spec.Name, e);
            }

            throw new WeightFileException(
                source,
                $"tensor '{spec.Name}' at {weight.Path} is stored as {type.ClassName} of {type.Size} bytes{(type.Class == Hdf5Datatype.FloatingPoint ? " (not IEEE 754)" : "")}; CnnGen reads float16, float32 and float64 weights.",
                spec.Name);
        }

        private static KerasWeightCatalog Catalog(Hdf5File file, string source, string pathPrefix, List<string>? configPaths)
        {
            Hdf5Object root = file.Root;
            if (root.Get("model_weights") is Hdf5Object modelWeights && modelWeights.IsGroup && HasList(modelWeights, "layer_names"))
            {
                return LegacyCatalog(modelWeights, "model_weights/", source, "legacy HDF5 model (model_weights" + Version(root) + ")");
            }

            if (HasList(root, "layer_names"))
            {
                return LegacyCatalog(root, "", source, "legacy HDF5 weights (save_weights" + Version(root) + ")");
            }

            foreach (string name in new[] { "layers", "_layer_checkpoint_dependencies" })
            {
                if (root.Get(name) is Hdf5Object layers && layers.IsGroup)
                {
                    return Keras3Catalog(layers, name, source, pathPrefix, configPaths);
                }
            }

            string children = string.Join(", ", root.Links.Select(c => "'" + c.Key + "'"));
            throw new WeightFileException(
                source,
                $"an HDF5 file but not a Keras weight file: it has no 'model_weights' group, no 'layer_names' attribute (Keras 2 / legacy .h5) and no 'layers' group (Keras 3 .weights.h5). Top-level entries: {children}.");
        }

        private static KerasWeightCatalog LegacyCatalog(Hdf5Object group, string groupPath, string source, string format)
        {
            string[] layerNames = ReadList(group, "layer_names");
            var layers = new List<KerasWeightCatalog.Layer>(layerNames.Length);
            foreach (string name in layerNames)
            {
                string layerPath = groupPath + name;
                if (!(group.Get(name) is Hdf5Object layerGroup && layerGroup.IsGroup))
                {
                    throw new WeightFileException(source, $"attribute 'layer_names' lists layer '{name}', but there is no group '{layerPath}'.");
                }

                var weights = new List<KerasWeightCatalog.Weight>();
                foreach (string weightName in ReadList(layerGroup, "weight_names"))
                {
                    string weightPath = layerPath + "/" + weightName;
                    if (!(layerGroup.Get(weightName) is Hdf5Object dataset && dataset.IsDataset))
                    {
                        throw new WeightFileException(source, $"attribute 'weight_names' of layer '{name}' lists '{weightName}', but there is no dataset '{weightPath}'.");
                    }

                    weights.Add(new KerasWeightCatalog.Weight(TensorNames.ShortName(weightName), weightPath, dataset.Space.Dimensions, dataset));
                }

                layers.Add(new KerasWeightCatalog.Layer(name, new[] { name }, layerPath, weights));
            }

            // layer_names is written from model.layers, so the file order is the model order.
            return new KerasWeightCatalog(source, format, layers, inModelOrder: true);
        }

        private static KerasWeightCatalog Keras3Catalog(Hdf5Object layersGroup, string root, string source, string pathPrefix, List<string>? configPaths)
        {
            var layers = new List<KerasWeightCatalog.Layer>();
            CollectKeras3Layers(layersGroup, root, pathPrefix, layers, new HashSet<long> { layersGroup.Address });

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

        // visited: groups already collected; a link back to one of them (a damaged file) is not followed again.
        private static void CollectKeras3Layers(Hdf5Object group, string path, string pathPrefix, List<KerasWeightCatalog.Layer> layers, HashSet<long> visited)
        {
            foreach ((string childName, Hdf5Object layerGroup) in group.Children())
            {
                if (!layerGroup.IsGroup || !visited.Add(layerGroup.Address)) continue;

                string layerPath = path + "/" + childName;
                var aliases = new List<string> { childName };
                var weights = new List<KerasWeightCatalog.Weight>();
                if (layerGroup.Get("vars") is Hdf5Object vars && vars.IsGroup)
                {
                    if (vars.Attribute("name") != null)
                    {
                        string[] name = ReadList(vars, "name");
                        if (name.Length == 1 && name[0].Length > 0 && name[0] != childName) aliases.Add(name[0]);
                    }

                    foreach ((string varName, Hdf5Object dataset) in vars.Children().Where(c => c.Object.IsDataset).OrderBy(c => VarIndex(c.Name)).ThenBy(c => c.Name, StringComparer.Ordinal))
                    {
                        weights.Add(new KerasWeightCatalog.Weight(null, pathPrefix + layerPath + "/vars/" + varName, dataset.Space.Dimensions, dataset));
                    }
                }

                layers.Add(new KerasWeightCatalog.Layer(childName, aliases, pathPrefix + layerPath, weights));

                // A nested model keeps its own layers one level down.
                if (layerGroup.Get("layers") is Hdf5Object inner && inner.IsGroup && visited.Add(inner.Address))
                {
                    CollectKeras3Layers(inner, layerPath + "/layers", pathPrefix, layers, visited);
                }
            }
        }

        private static long VarIndex(string name) => long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long i) ? i : long.MaxValue;

        /// <summary><c>conv2d_12</c> → (<c>conv2d</c>, 12); a name without a <c>_&lt;digits&gt;</c> suffix → (name, 0).</summary>
        private static (string Base, long Counter) NaturalKey(string name)
        {
            int underscore = name.LastIndexOf('_');
            if (underscore < 0 || underscore == name.Length - 1) return (name, 0);
            for (int i = underscore + 1; i < name.Length; i++) if (name[i] < '0' || name[i] > '9') return (name, 0);
            return long.TryParse(name.Substring(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                ? (name.Substring(0, underscore), n)
                : (name, 0);
        }

        private static string Version(Hdf5Object root)
        {
            if (root.Attribute("keras_version") is null) return "";
            string[] version = ReadList(root, "keras_version");
            return version.Length == 1 ? ", keras_version " + version[0] : "";
        }

        private static bool HasList(Hdf5Object obj, string name) => obj.Attribute(name) != null || obj.Attribute(name + "0") != null;

        /// <summary>
        /// Reads a string-list attribute as <c>load_attributes_from_hdf5_group</c> does: whole, or from the chunks
        /// <c>name0</c>, <c>name1</c>, ... An empty list, stored by h5py as an empty float64 array, reads as empty.
        /// </summary>
        private static string[] ReadList(Hdf5Object obj, string name)
        {
            if (obj.Attribute(name) is Hdf5Attribute whole) return whole.ReadStrings();

            var result = new List<string>();
            for (int chunk = 0; obj.Attribute(name + chunk.ToString(CultureInfo.InvariantCulture)) is Hdf5Attribute part; chunk++)
            {
                result.AddRange(part.ReadStrings());
            }

            return result.ToArray();
        }
    }
}
