using System;
using System.IO;

namespace CnnGen
{
    /// <summary>
    /// A weight file is missing, unreadable, or does not fit the model: a shard is too short, a tensor is missing
    /// or has another shape, a raw file has the wrong size.
    /// </summary>
    /// <remarks>
    /// The message always starts with the file (or the in-memory source) it is about, then names the tensor and
    /// the expected and actual shape or size where that applies. The readers throw it before they return
    /// anything, so a model never runs on weights that were only partly loaded.
    /// <para>
    /// It derives from <see cref="IOException"/> because <see cref="InvalidDataException"/>, the natural base, is
    /// sealed. A missing file is reported as this exception too (with the <see cref="FileNotFoundException"/> as
    /// <see cref="Exception.InnerException"/>), so one catch clause covers every way loading can fail.
    /// </para>
    /// </remarks>
    public sealed class WeightFileException : IOException
    {
        /// <summary>Creates the exception; <see cref="Exception.Message"/> becomes <c>"{source}: {detail}"</c>.</summary>
        /// <param name="source">The file path, or the name of the in-memory source, the error is about.</param>
        /// <param name="detail">What is wrong, naming the tensor and the expected and actual shape or size where relevant.</param>
        /// <param name="tensorName">The expected tensor the error is about, if any.</param>
        /// <param name="innerException">The exception that caused this one, if any.</param>
        public WeightFileException(string source, string detail, string? tensorName = null, Exception? innerException = null)
            : base(source + ": " + detail, innerException)
        {
            SourceName = source;
            TensorName = tensorName;
        }

        /// <summary>The file path, or the name of the in-memory source, the error is about.</summary>
        public string SourceName { get; }

        /// <summary>The expected tensor (<see cref="WeightSpec.Name"/>) the error is about, or null when it is about the file as a whole.</summary>
        public string? TensorName { get; }
    }
}
