using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>
    /// Declares a golden file that this test method writes with <see cref="Snapshot.Match"/>:
    /// <c>Snapshots/&lt;method name&gt;/&lt;hintName&gt;.txt</c>. <see cref="Snapshot.Match"/> refuses an undeclared file, and
    /// the whole-set check (<c>GoldenSetTests</c>) fails on any file under Snapshots/ that nothing declares.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class GoldenAttribute : Attribute
    {
        /// <param name="hintName">The generated file's hint name, e.g. <c>Demo.TinyCnn.g.cs</c>.</param>
        public GoldenAttribute(string hintName) => HintName = hintName;

        public string HintName { get; }
    }

    /// <summary>
    /// Marks a static property (<c>IEnumerable&lt;string&gt;</c>) that lists golden files a table-driven test writes, as
    /// paths relative to Snapshots/ with '/' separators (<c>Emitters/Dense_Unrolled.g.cs.txt</c>). The list must come from
    /// the test's case table, so that it is known without running the test.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    public sealed class GoldenFilesAttribute : Attribute
    {
    }

    /// <summary>Every golden file some test declares (<see cref="GoldenAttribute"/>, <see cref="GoldenFilesAttribute"/>), by reflection.</summary>
    public static class Goldens
    {
        private static readonly Lazy<IReadOnlyCollection<string>> s_declared = new Lazy<IReadOnlyCollection<string>>(Collect);

        /// <summary>The declared files, relative to Snapshots/, '/'-separated.</summary>
        public static IReadOnlyCollection<string> Declared => s_declared.Value;

        /// <summary>The path, relative to Snapshots/, of the golden file of <paramref name="test"/> and <paramref name="hintName"/>.</summary>
        public static string RelativePath(string test, string hintName) => test + "/" + hintName + ".txt";

        public static bool IsDeclared(string test, string hintName) => s_declared.Value.Contains(RelativePath(test, hintName));

        private static IReadOnlyCollection<string> Collect()
        {
            var files = new HashSet<string>(StringComparer.Ordinal);
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (Type type in typeof(Goldens).Assembly.GetTypes())
            {
                foreach (MethodInfo method in type.GetMethods(All))
                {
                    foreach (GoldenAttribute golden in method.GetCustomAttributes<GoldenAttribute>())
                    {
                        Add(files, RelativePath(method.Name, golden.HintName), method.DeclaringType + "." + method.Name);
                    }
                }
                foreach (PropertyInfo property in type.GetProperties(All))
                {
                    if (property.GetCustomAttribute<GoldenFilesAttribute>() is null) continue;
                    string where = property.DeclaringType + "." + property.Name;
                    if (!(property.GetValue(null) is IEnumerable<string> list)) throw new InvalidOperationException(where + ": a [GoldenFiles] property must be static and an IEnumerable<string>.");
                    foreach (string file in list) Add(files, file, where);
                }
            }
            return files;
        }

        private static void Add(HashSet<string> files, string file, string where)
        {
            if (file.Contains('\\') || file.StartsWith("/", StringComparison.Ordinal) || file.Split('/').Any(p => p.Length == 0 || p == "." || p == ".."))
                throw new InvalidOperationException($"{where}: golden file '{file}' must be a relative path with '/' separators.");
            if (!files.Add(file)) throw new InvalidOperationException($"{where}: golden file '{file}' is declared twice.");
        }
    }
}
