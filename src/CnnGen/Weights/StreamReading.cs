using System.IO;

namespace CnnGen
{
    /// <summary>The one read loop of the weight readers (netstandard2.0 has no <c>Stream.ReadAtLeast</c>).</summary>
    internal static class StreamReading
    {
        /// <summary>
        /// Reads into <paramref name="buffer"/> until <paramref name="count"/> bytes are there or the stream ends, and
        /// returns how many were read: fewer than <paramref name="count"/> only at the end of the stream. What a short
        /// read means is the caller's to say.
        /// </summary>
        public static int ReadUpTo(Stream stream, byte[] buffer, int offset, int count)
        {
            int read = 0;
            while (read < count)
            {
                int n = stream.Read(buffer, offset + read, count - read);
                if (n <= 0) break;
                read += n;
            }

            return read;
        }
    }
}
