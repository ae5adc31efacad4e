using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AsyncRules.EditorTests.Infrastructure;
using Xunit;

namespace AsyncRules.EditorTests
{
    /// <summary>
    /// The checks the other tests rely on can fail: the server does load a third-party analyzer from a workspace project
    /// and shows what it reports, and the "no analyzer throws" check does catch an analyzer that throws.
    /// </summary>
    [Collection(EditorCollection.Name)]
    public sealed class CanaryTests
    {
        private readonly EditorFixture editor;

        public CanaryTests(EditorFixture editor)
        {
            this.editor = editor;
        }

        [Fact]
        public async Task The_server_shows_a_workspace_analyzer_s_diagnostic()
        {
            var path = editor.Workspace.CanaryFile;
            await editor.Server.OpenAsync(path, File.ReadAllText(path));
            try
            {
                var diagnostics = await editor.WaitForAsync(path, d => d.Any(x => x.Code == "CANARY1"), EditorFixture.LoadTimeout, "the canary analyzer's CANARY1");
                Assert.Contains(diagnostics, d => d.Code == "CANARY1" && d.Line == 4);
            }
            finally
            {
                await editor.Server.CloseAsync(path);
            }
        }

        [Fact]
        public async Task The_no_throw_check_catches_an_analyzer_that_throws()
        {
            var canary = new InProcessAnalysis(InProcessAnalysis.AnalyzersIn(Assembly.LoadFrom(editor.Workspace.CanaryAnalyzerPath)));
            var path = editor.Workspace.CanaryFile;
            var text = File.ReadAllText(path);

            Assert.Empty(await canary.FailuresAsync(editor.Workspace.CanaryDirectory, path, text));
            var failures = await canary.FailuresAsync(editor.Workspace.CanaryDirectory, path, text.Replace("Call() => CanaryReportsHere()", "Call() => " + CanaryAnalyzer.Trigger + "()", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.Contains("throws on purpose", StringComparison.Ordinal));
        }
    }
}
