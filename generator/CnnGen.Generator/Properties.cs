using System.Runtime.CompilerServices;

// The tests exercise the pure stages (shape inference, summary, model graph) directly, without Roslyn.
[assembly: InternalsVisibleTo("CnnGen.Tests")]
