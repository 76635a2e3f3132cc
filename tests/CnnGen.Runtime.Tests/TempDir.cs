using System;
using System.IO;

namespace CnnGen.Runtime.Tests
{
    /// <summary>A fresh folder under the system temp folder, deleted on dispose; for broken copies of fixtures.</summary>
    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cnngen-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Copies a fixture file in, under the same or a new name, and returns the copy's path.</summary>
        public string Copy(string source, string? name = null)
        {
            string target = File(name ?? System.IO.Path.GetFileName(source));
            System.IO.File.Copy(source, target);
            return target;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder is not worth failing a test over.
            }
        }
    }
}
