using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using Xunit;

namespace CnnGen.Tests.Parsing
{
    /// <summary>How a Spec path finds its AdditionalFile: exact normalized paths first, then trailing segments.</summary>
    public class SpecFileMatcherTests
    {
        public static TheoryData<string, string?, string?, string, int> Cases => new TheoryData<string, string?, string?, string, int>
        {
            // Spec as written, project dir, source dir, AdditionalFile path → score (0 none, n trailing segments, max exact)
            { "specs/m.json", "/p/", null, "/p/specs/m.json", SpecFileMatcher.Exact },
            { "specs/m.json", "/p", null, "/p/specs/m.json", SpecFileMatcher.Exact },
            { "./specs/../specs/m.json", "/p/", null, "/p/specs/m.json", SpecFileMatcher.Exact },
            { "specs\\m.json", "C:\\src\\p\\", null, "C:/src/p/specs/m.json", SpecFileMatcher.Exact },
            { "SPECS/M.json", "/p/", null, "/p/specs/m.json", SpecFileMatcher.Exact },
            { "m.json", null, "/p/Models/", "/p/Models/m.json", SpecFileMatcher.Exact },
            { "../shared/m.json", "/w/main/", null, "/w/main/../shared/m.json", SpecFileMatcher.Exact },
            { "../shared/m.json", "/w/main/", null, "/w/shared/m.json", SpecFileMatcher.Exact },
            { "/abs/m.json", "/p/", null, "/abs/m.json", SpecFileMatcher.Exact },
            // Not where the path says: the longest common tail wins (a worktree one level deeper, say).
            { "../../../shared/fixtures/keras/seed_cnn/model.json", "/w/wt/json/tests/T/", null, "/w/shared/fixtures/keras/seed_cnn/model.json", 5 },
            { "../../../shared/fixtures/keras/seed_cnn/model.json", "/w/wt/json/tests/T/", null, "/w/shared/fixtures/keras/same_stride/model.json", 1 },
            { "specs/m.json", "/p/", null, "/elsewhere/m.json", 1 },
            { "specs/m.json", "/p/", null, "/p/specs/other.json", 0 },
            { "m.json", "/p/", null, "/p/m.json.bak", 0 },
            { "", "/p/", null, "/p/m.json", 0 },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Scores_candidate_files(string spec, string? projectDir, string? sourceDir, string file, int score) =>
            Assert.Equal(score, SpecFileMatcher.Score(new SpecFileKey(spec, sourceDir, projectDir), file));

        [Theory]
        [InlineData("/a/./b/../c.json", "/a/c.json")]
        [InlineData("C:\\a\\b\\..\\c.json", "C:/a/c.json")]
        [InlineData("../x/y.json", "../x/y.json")]
        public void Normalizes_paths(string path, string expected) => Assert.Equal(expected, SpecFileMatcher.NormalizePath(path));
    }
}
