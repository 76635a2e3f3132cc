using System;
using System.IO;
using System.Text.Json;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>Finds the read-only <c>shared/</c> folder (Keras fixtures, data) and reads its files.</summary>
    public static class SharedFiles
    {
        private static readonly Lazy<string> s_root = new Lazy<string>(FindRoot);

        /// <summary>The <c>shared</c> folder: $CNNGEN_SHARED, else the first <c>shared/fixtures</c> found walking up from the tests.</summary>
        public static string Root => s_root.Value;

        public static string Keras(string model, string file = "") => Path.Combine(Root, "fixtures", "keras", model, file);

        private static string FindRoot()
        {
            string? fromEnv = Environment.GetEnvironmentVariable("CNNGEN_SHARED");
            if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(Path.Combine(fromEnv, "fixtures"))) return fromEnv;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                foreach (string candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
                {
                    if (Directory.Exists(Path.Combine(candidate, "fixtures"))) return Path.GetFullPath(candidate);
                }
            }
            throw new DirectoryNotFoundException(
                "The shared fixtures folder (shared/fixtures/keras) was not found above " + AppContext.BaseDirectory +
                "; set CNNGEN_SHARED to the folder that holds fixtures/ and data/.");
        }

        /// <summary>Raw little-endian float32 values.</summary>
        public static float[] ReadFloats(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var values = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
            return values;
        }

        public static JsonElement ReadJson(string path)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.Clone();
        }
    }
}
