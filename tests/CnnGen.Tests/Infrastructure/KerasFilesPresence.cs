using System;
using System.IO;
using Xunit;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>A fact skipped, with the reason, where shared/fixtures/keras-files is absent.</summary>
    public sealed class KerasFilesFactAttribute : FactAttribute
    {
        public KerasFilesFactAttribute()
        {
            if (KerasFilesPresence.Missing is string reason) Skip = reason;
        }
    }

    /// <summary>A theory skipped, with the reason, where shared/fixtures/keras-files is absent.</summary>
    public sealed class KerasFilesTheoryAttribute : TheoryAttribute
    {
        public KerasFilesTheoryAttribute()
        {
            if (KerasFilesPresence.Missing is string reason) Skip = reason;
        }
    }

    internal static class KerasFilesPresence
    {
        /// <summary>Null when the real Keras files are there (and the test project was built with them); else why not.</summary>
        public static string? Missing
        {
            get
            {
                string folder;
                try
                {
                    folder = CnnGen.Tests.Conformance.KerasFileModelTests.Folder;
                }
                catch (Exception e)
                {
                    return "The real Keras files are not available (shared/ not found: " + e.Message + ")";
                }
                if (!Directory.Exists(folder))
                    return $"The real Keras files (shared/fixtures/keras-files) are absent: looked for {folder}; set CNNGEN_SHARED to the folder that holds fixtures/.";
#if !CNNGEN_KERAS_FILES
                return "The test project was built without shared/fixtures/keras-files (CNNGEN_KERAS_FILES undefined); rebuild with the files present.";
#else
                return null;
#endif
            }
        }
    }
}
