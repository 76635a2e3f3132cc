using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The benchmark zoo (benchmarks/zoo) equals Keras: every model's outputs for its 4 inputs against output.bin, one
    /// sample at a time and as a batch, within 1e-5 + 1e-4·|b|. Under Conformance, so CI runs it on every SIMD path
    /// (narrow_3's 3-channel convs run with pixels × channels as the lanes).
    /// </summary>
    public class ZooModelTests
    {
        public static readonly IReadOnlyDictionary<string, Func<ICnnModel>> Models = new Dictionary<string, Func<ICnnModel>>
        {
            ["cifar_24"] = () => new ZooCifar24(),
            ["narrow_3"] = () => new ZooNarrow3(),
            ["mlp_50"] = () => new ZooMlp50(),
            ["mixed_12"] = () => new ZooMixed12(),
            ["sensor_conv1d"] = () => new ZooSensorConv1d(),
            ["strided_40"] = () => new ZooStrided40(),
        };

        public static TheoryData<string> Names => new TheoryData<string>(Models.Keys);

        [Theory]
        [MemberData(nameof(Names))]
        public void Outputs_match_keras(string name)
        {
            ICnnModel model = Models[name]();
            float[] input = Read(name, "input.bin"), expected = Read(name, "output.bin");
            int samples = input.Length / model.InputLength;
            Assert.Equal(samples * model.InputLength, input.Length);
            Assert.Equal(samples * model.OutputLength, expected.Length);
            var one = new float[expected.Length];
            for (int n = 0; n < samples; n++)
            {
                model.Predict(input.AsSpan(n * model.InputLength, model.InputLength), one.AsSpan(n * model.OutputLength, model.OutputLength));
            }
            Tolerance.AssertAllClose(expected, one, name + ", one sample at a time");
            // A batch of 9 (8 as one group, the ninth alone), cycling through the samples.
            const int batch = 9;
            var inputs = new float[batch * model.InputLength];
            var wanted = new float[batch * model.OutputLength];
            for (int n = 0; n < batch; n++)
            {
                input.AsSpan(n % samples * model.InputLength, model.InputLength).CopyTo(inputs.AsSpan(n * model.InputLength));
                expected.AsSpan(n % samples * model.OutputLength, model.OutputLength).CopyTo(wanted.AsSpan(n * model.OutputLength));
            }
            var outputs = new float[wanted.Length];
            model.Predict(inputs, outputs, batch);
            Tolerance.AssertAllClose(wanted, outputs, name + ", as a batch of 9");
        }

        private static float[] Read(string model, string file) =>
            MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Zoo", model, file))).ToArray();
    }
}
