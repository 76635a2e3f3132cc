using System;
using BenchmarkDotNet.Running;

namespace CnnGen.Benchmarks;

/// <summary>
/// <c>verify</c> (or <c>--quick</c>): checks every implementation against the Keras fixtures and exits 1 on a
/// mismatch. <c>timing</c>: a quick Stopwatch comparison (<c>timing graphs</c>: the Keras functional models against
/// ONNX Runtime; <c>timing graphs layers</c>: their per-layer profile; <c>timing peak</c>: this machine's one-thread
/// multiply-add peak). Anything else goes to BenchmarkDotNet
/// (e.g. <c>--filter '*'</c>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && (args[0] == "verify" || args[0] == "--quick"))
        {
            return Verification.Run();
        }

        if (args.Length > 1 && args[0] == "timing" && args[1] == "peak")
        {
            return PeakTiming.Run();
        }

        if (args.Length > 1 && args[0] == "timing" && args[1] == "layers")
        {
            return LayerTiming.Run();
        }

        if (args.Length > 2 && args[0] == "timing" && args[1] == "graphs" && args[2] == "layers")
        {
            return GraphLayerTiming.Run();
        }

        if (args.Length > 1 && args[0] == "timing" && args[1] == "graphs")
        {
            return GraphTiming.Run();
        }

        if (args.Length > 0 && args[0] == "timing")
        {
            return QuickTiming.Run(args.Length > 1 && args[1] == "generated");
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
