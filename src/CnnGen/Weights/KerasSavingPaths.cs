using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CnnGen
{
    /// <summary>
    /// Recomputes where Keras 3 saved each layer of a model in <c>model.weights.h5</c>, from the model's
    /// <c>config.json</c>, to recover the model's layer order (HDF5 only keeps the groups sorted by name).
    /// </summary>
    /// <remarks>
    /// keras/src/saving/saving_lib.py, <c>_save_container_state</c>: a model's <c>layers</c> list (Sequential and
    /// Functional leave the InputLayer out) is saved under <c>layers/&lt;name&gt;</c>, where the name is not the layer
    /// name but <c>naming.to_snake_case(class name)</c> plus a per-class counter: <c>conv2d</c>, <c>conv2d_1</c>,
    /// <c>dense</c>, ... (keras/src/utils/naming.py).
    /// </remarks>
    internal static class KerasSavingPaths
    {
        /// <summary>
        /// The <c>layers/...</c> group of every layer of the config, in model order; null when the config is not a
        /// Sequential or Functional model this can follow.
        /// </summary>
        public static List<string>? FromConfig(string configJson)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(configJson);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("config", out JsonElement config)
                    || config.ValueKind != JsonValueKind.Object
                    || !config.TryGetProperty("layers", out JsonElement layers)
                    || layers.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                var paths = new List<string>();
                var used = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (JsonElement layer in layers.EnumerateArray())
                {
                    if (layer.ValueKind != JsonValueKind.Object
                        || !layer.TryGetProperty("class_name", out JsonElement classJson)
                        || classJson.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    string className = classJson.GetString()!;
                    if (className == "InputLayer") continue;

                    string name = ToSnakeCase(className);
                    if (used.TryGetValue(name, out int count))
                    {
                        used[name] = count + 1;
                        name = name + "_" + (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        used[name] = 0;
                    }

                    paths.Add("layers/" + name);
                }

                return paths;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>keras/src/utils/naming.py <c>to_snake_case</c>: <c>MaxPooling2D</c> → <c>max_pooling2d</c>.</summary>
        /// <remarks>
        /// Keras applies three regular expressions in turn; they are written out here as the scans they are, because
        /// System.Text.RegularExpressions would add about 400 KB to every NativeAOT program that loads a Keras file.
        /// </remarks>
        public static string ToSnakeCase(string name)
        {
            // re.sub(r"\W+", "", name): keep word characters only.
            var word = new StringBuilder(name.Length);
            foreach (char c in name) if (char.IsLetterOrDigit(c) || c == '_') word.Append(c);

            // re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name): left to right, matches do not overlap.
            string s = word.ToString();
            var split = new StringBuilder(s.Length + 8);
            int i = 0;
            while (i < s.Length)
            {
                if (i + 2 < s.Length && IsUpper(s[i + 1]) && IsLower(s[i + 2]))
                {
                    int end = i + 3;
                    while (end < s.Length && IsLower(s[end])) end++;
                    split.Append(s[i]).Append('_').Append(s, i + 1, end - i - 1);
                    i = end;
                }
                else
                {
                    split.Append(s[i++]);
                }
            }

            // re.sub("([a-z])([A-Z])", r"\1_\2", name), then lower().
            s = split.ToString();
            var snake = new StringBuilder(s.Length + 8);
            i = 0;
            while (i < s.Length)
            {
                if (i + 1 < s.Length && IsLower(s[i]) && IsUpper(s[i + 1]))
                {
                    snake.Append(s[i]).Append('_').Append(s[i + 1]);
                    i += 2;
                }
                else
                {
                    snake.Append(s[i++]);
                }
            }

            return snake.ToString().ToLowerInvariant();
        }

        private static bool IsUpper(char c) => c >= 'A' && c <= 'Z';

        private static bool IsLower(char c) => c >= 'a' && c <= 'z';
    }
}
