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
    /// What a learner sees opening each broken sample in an LSP editor: exactly the ASYNC diagnostics the file's markers
    /// name, on the marked lines, through csharp-ls's pull diagnostics.
    /// </summary>
    [Collection(EditorCollection.Name)]
    public sealed class BrokenSamplesInEditorTests
    {
        private readonly EditorFixture editor;

        public BrokenSamplesInEditorTests(EditorFixture editor)
        {
            this.editor = editor;
        }

        /// <summary>Rule ID → LSP severity of its default, from src/Analyzers/AnalyzerReleases.*.md.</summary>
        private static Dictionary<string, int> DefaultSeverities()
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                foreach (var line in File.ReadAllLines(Path.Combine(TestReferences.RepositoryRoot, "src", "Analyzers", file)))
                {
                    var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                    if (cells.Length >= 3 && cells[0].StartsWith("ASYNC", StringComparison.Ordinal))
                    {
                        result[cells[0]] = cells[2] switch { "Error" => 1, "Warning" => 2, "Info" => 3, _ => 4 };
                    }
                }
            }

            return result;
        }

        public static IEnumerable<object[]> CompilingSamples()
            => BrokenSample.All(compiling: true).Select(s => new object[] { s.FileName });

        [Theory]
        [MemberData(nameof(CompilingSamples))]
        public async Task The_server_shows_exactly_the_marked_ASYNC_diagnostics(string fileName)
        {
            var sample = BrokenSample.All(compiling: true).Single(s => s.FileName == fileName);
            var path = Path.Combine(editor.Workspace.BrokenDirectory, fileName);
            var expected = sample.Markers.Where(m => m.Id.StartsWith("ASYNC", StringComparison.Ordinal)).OrderBy(m => m).ToList();
            var expectedCompiler = sample.Markers.Where(m => m.Id.StartsWith("CS", StringComparison.Ordinal)).ToList();

            await editor.Server.OpenAsync(path, File.ReadAllText(path));
            try
            {
                var diagnostics = await editor.Server.PullDiagnosticsAsync(path, EditorFixture.PullTimeout);
                editor.AssertNoAnalyzerFailure(diagnostics, "on " + fileName);
                var actual = diagnostics.Where(d => d.Code.StartsWith("ASYNC", StringComparison.Ordinal)).Select(d => (d.Line, d.Code)).OrderBy(d => d).ToList();
                Assert.True(
                    expected.SequenceEqual(actual),
                    $"{fileName}: the markers name [{Show(expected)}] but csharp-ls reported [{Show(actual)}]. All it reported: [{string.Join(", ", diagnostics)}]");

                // The compiler warnings AsyncRules fixes (CS4014) show too, where marked.
                foreach (var marker in expectedCompiler)
                {
                    Assert.True(
                        diagnostics.Any(d => d.Line == marker.Line && d.Code == marker.Id),
                        $"{fileName}: {marker.Id} is marked on line {marker.Line + 1} but csharp-ls reported [{string.Join(", ", diagnostics)}]");
                }

                // Every reported ASYNC diagnostic has its rule's default severity (release tracking says which): a warning is LSP
                // severity 2, a suggestion (Info) 3.
                var severities = DefaultSeverities();
                Assert.All(diagnostics.Where(d => d.Code.StartsWith("ASYNC", StringComparison.Ordinal)), d => Assert.Equal(severities[d.Code], d.Severity));
            }
            finally
            {
                await editor.Server.CloseAsync(path);
            }
        }

        private static string Show(IEnumerable<(int Line, string Id)> items) => string.Join(", ", items.Select(i => $"{i.Id}@{i.Line + 1}"));
    }
}
