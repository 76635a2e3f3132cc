using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>
    /// Golden files of generated source under <c>Snapshots/&lt;Test&gt;/&lt;Hint&gt;.txt</c>. A mismatch fails with
    /// the first differing line; <c>CNNGEN_UPDATE_SNAPSHOTS=1</c> rewrites the files instead.
    /// </summary>
    public static class Snapshot
    {
        public static void Match(string test, string hintName, string actual, [CallerFilePath] string callerPath = "")
        {
            string root = FindSnapshotsFolder(callerPath);
            string path = Path.Combine(root, test, hintName + ".txt");
            actual = actual.Replace("\r\n", "\n");
            if (Environment.GetEnvironmentVariable("CNNGEN_UPDATE_SNAPSHOTS") == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, actual);
                return;
            }
            Assert.True(File.Exists(path), $"No snapshot {path}; run the tests with CNNGEN_UPDATE_SNAPSHOTS=1 to create it.");
            string expected = File.ReadAllText(path).Replace("\r\n", "\n");
            if (expected == actual) return;
            string[] e = expected.Split('\n'), a = actual.Split('\n');
            int line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
            Assert.Fail($"Generated source differs from {path} at line {line + 1}:\n expected: {(line < e.Length ? e[line] : "<end>")}\n actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
                "If the change is intended, run the tests with CNNGEN_UPDATE_SNAPSHOTS=1 and review the diff.");
        }

        private static string FindSnapshotsFolder(string callerPath)
        {
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(callerPath)!); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CnnGen.Tests.csproj"))) return Path.Combine(dir.FullName, "Snapshots");
            }
            throw new DirectoryNotFoundException("CnnGen.Tests.csproj not found above " + callerPath);
        }
    }
}
