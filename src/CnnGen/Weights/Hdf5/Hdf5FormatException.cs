using System;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// The HDF5 file is malformed, truncated, or uses a feature this reader does not implement. The message says what
    /// and where; <see cref="KerasHdf5Reader"/> turns it into a <see cref="WeightFileException"/> naming the file.
    /// </summary>
    internal sealed class Hdf5FormatException : Exception
    {
        public Hdf5FormatException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
