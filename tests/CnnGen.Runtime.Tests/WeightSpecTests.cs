using System;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    public class WeightSpecTests
    {
        [Fact]
        public void LengthIsTheProductOfTheShape()
        {
            var spec = new WeightSpec("conv2d/kernel", 3, 3, 1, 32);

            Assert.Equal("conv2d/kernel", spec.Name);
            Assert.Equal(new[] { 3, 3, 1, 32 }, spec.Shape);
            Assert.Equal(288, spec.Length);
            Assert.Equal("conv2d/kernel [3, 3, 1, 32]", spec.ToString());
        }

        [Fact]
        public void AScalarHasOneValueAndAZeroAxisNone()
        {
            Assert.Equal(1, new WeightSpec("s/step").Length);
            Assert.Equal(0, new WeightSpec("d/kernel", 0, 4).Length);
        }

        [Fact]
        public void TheShapeIsCopied()
        {
            int[] shape = { 4, 2 };
            var spec = new WeightSpec("dense/kernel", shape);
            shape[0] = 99;

            Assert.Equal(new[] { 4, 2 }, spec.Shape);
            Assert.Equal(8, spec.Length);
        }

        [Fact]
        public void InvalidSpecsAreRejected()
        {
            Assert.Throws<ArgumentNullException>(() => new WeightSpec(null!, 1));
            Assert.Throws<ArgumentNullException>(() => new WeightSpec("a/b", null!));
            Assert.Throws<ArgumentException>(() => new WeightSpec("", 1));
            Assert.Throws<ArgumentException>(() => new WeightSpec("a/b", 3, -1));
            Assert.Throws<ArgumentException>(() => new WeightSpec("a/b", 65536, 65536));
        }
    }
}
