using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace CnnGen.Benchmarks;

/// <summary>
/// The Keras fixtures of the seed CNN (<c>shared/fixtures/keras/seed_cnn</c>, <c>keras-trained/seed_cnn</c>)
/// and the Fashion-MNIST test split, located by walking up from the working directory to the folder that
/// holds <c>shared/</c> (or from <c>CNNGEN_SHARED_DIR</c>).
/// </summary>
internal static class SeedCnnFixtures
{
    public const int ImageSize = 28 * 28;
    public const int Classes = 10;

    /// <summary>The <c>shared/</c> folder.</summary>
    public static string SharedDirectory { get; } = FindSharedDirectory();

    public static string KerasDirectory => Path.Combine(SharedDirectory, "fixtures", "keras", "seed_cnn");

    public static string TrainedDirectory => Path.Combine(SharedDirectory, "fixtures", "keras-trained", "seed_cnn");

    /// <summary>Raw little-endian float32 file.</summary>
    public static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length % 4 != 0)
        {
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is not a whole number of float32 values.");
        }

        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4, 4));
        }

        return values;
    }

    /// <summary>
    /// The t10k images as the fixtures' inputs: pixel/255 computed in double and rounded to float32, shape
    /// [count, 28, 28, 1].
    /// </summary>
    public static float[] ReadTestImages(int count)
    {
        string path = Path.Combine(SharedDirectory, "data", "fashion-mnist", "t10k-images-idx3-ubyte.gz");
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        byte[] header = new byte[16];
        stream.ReadExactly(header);
        int total = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 0x803 || count > total)
        {
            throw new InvalidDataException($"{path}: not an IDX image file with {count} images.");
        }

        byte[] pixels = new byte[count * ImageSize];
        stream.ReadExactly(pixels);
        var images = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            images[i] = (float)(pixels[i] / 255.0);
        }

        return images;
    }

    private static string FindSharedDirectory()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("CNNGEN_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "fixtures", "keras", "seed_cnn")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "shared/fixtures/keras/seed_cnn not found above the working directory; set CNNGEN_SHARED_DIR.");
    }
}
