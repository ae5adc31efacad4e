using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.EditorTests.Infrastructure;
using AsyncRules.Tests.Infrastructure;
using Xunit;

namespace AsyncRules.EditorTests
{
    /// <summary>
    /// Every sample cut short at fixed points, as a file looks while it is being written: the server answers every pull
    /// and no analyzer throws. The cuts are the same on every run: evenly spread through the file, plus the middle of each
    /// line that carries a mistake marker.
    /// </summary>
    [Collection(EditorCollection.Name)]
    public sealed class HalfTypedInEditorTests
    {
        private const int EvenCuts = 6;

        private readonly EditorFixture editor;

        public HalfTypedInEditorTests(EditorFixture editor)
        {
            this.editor = editor;
        }

        /// <summary>Project folder in the workspace and file, relative to it.</summary>
        public static IEnumerable<object[]> Samples()
        {
            var samples = Path.Combine(TestReferences.RepositoryRoot, "samples");
            foreach (var sample in BrokenSample.All(compiling: true))
            {
                yield return new object[] { "Broken", sample.FileName };
            }

            foreach (var sample in BrokenSample.All(compiling: false))
            {
                yield return new object[] { "NonCompiling", sample.FileName };
            }

            var demos = Path.Combine(samples, "AsyncDemos");
            foreach (var file in Directory.GetFiles(demos, "*.cs", SearchOption.AllDirectories)
                         .Select(f => Path.GetRelativePath(demos, f))
                         .Where(f => !f.StartsWith("bin", StringComparison.Ordinal) && !f.StartsWith("obj", StringComparison.Ordinal))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                yield return new object[] { "Demos", file.Replace(Path.DirectorySeparatorChar, '/') };
            }
        }

        [Theory]
        [MemberData(nameof(Samples))]
        public async Task A_half_typed_file_gets_answers_and_no_analyzer_throws(string project, string file)
        {
            var projectDirectory = Path.Combine(editor.Workspace.Root, project);
            var path = Path.Combine(projectDirectory, file);
            var original = File.ReadAllText(path);
            var cuts = Cuts(original).ToList();

            await editor.Server.OpenAsync(path, original);
            try
            {
                foreach (var cut in cuts)
                {
                    var text = original.Substring(0, cut);
                    await editor.Server.ReplaceAllAsync(path, text);
                    var diagnostics = await editor.Server.PullDiagnosticsAsync(path, EditorFixture.PullTimeout);
                    var (line, column) = TextModel.Position(original, cut);
                    await editor.AssertNothingThrowsAsync(projectDirectory, path, text, diagnostics, $"on {project}/{file} cut at line {line + 1}, column {column + 1}");
                }

                // Whole again: the server still answers, and for a broken sample, with exactly its marked rules.
                await editor.Server.ReplaceAllAsync(path, original);
                var whole = await editor.Server.PullDiagnosticsAsync(path, EditorFixture.PullTimeout);
                editor.AssertNoAnalyzerFailure(whole, $"on {project}/{file} restored");
                if (project == "NonCompiling")
                {
                    // These files do not compile: they show the compiler errors they mark. Whatever AsyncRules adds there is
                    // an editor-only sight (a build stops at the errors), so it is not pinned here; see the README.
                    foreach (var marker in BrokenSample.Load(path).Markers)
                    {
                        Assert.True(whole.Any(d => d.Line == marker.Line && d.Code == marker.Id), $"{project}/{file} restored: {marker.Id} is marked on line {marker.Line + 1}; csharp-ls reported [{string.Join(", ", whole)}]");
                    }
                }
                else
                {
                    var shown = whole.Where(d => d.Code.StartsWith("ASYNC", StringComparison.Ordinal)).Select(d => (d.Line, d.Code)).OrderBy(d => d).ToList();
                    var expected = project == "Demos"
                        ? new List<(int, string)>()
                        : BrokenSample.Load(path).Markers.Where(m => m.Id.StartsWith("ASYNC", StringComparison.Ordinal)).OrderBy(m => m).ToList();
                    Assert.True(expected.SequenceEqual(shown), $"{project}/{file} restored: expected [{string.Join(", ", expected)}], csharp-ls reported [{string.Join(", ", whole)}]");
                }
            }
            finally
            {
                await editor.Server.CloseAsync(path);
            }
        }

        /// <summary>Evenly spread offsets, and the middle of each marked line; distinct, in order.</summary>
        private static IEnumerable<int> Cuts(string text)
        {
            var cuts = new SortedSet<int>();
            for (var i = 1; i <= EvenCuts; i++)
            {
                cuts.Add((int)((long)text.Length * i / (EvenCuts + 1)));
            }

            var lines = text.Split('\n');
            var offset = 0;
            foreach (var line in lines)
            {
                if (!line.TrimStart().StartsWith("//", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(line, @"//\s*(ASYNC[0-9]{3}|CS[0-9]{4})"))
                {
                    var code = line.IndexOf("//", StringComparison.Ordinal);
                    var start = line.Length - line.TrimStart().Length;
                    cuts.Add(offset + start + (code - start) / 2);
                }

                offset += line.Length + 1;
            }

            return cuts;
        }
    }
}
