using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.EditorTests.Infrastructure;
using Xunit;

namespace AsyncRules.EditorTests
{
    /// <summary>
    /// A mistake typed into a correct demo keystroke by keystroke, each keystroke an incremental didChange followed by a
    /// pull, as an editor does: no analyzer throws at any step, the rule's diagnostic is absent until the offending member is
    /// typed and present once the statement is complete, and it goes away when the edit is undone.
    /// </summary>
    [Collection(EditorCollection.Name)]
    public sealed class TypingInEditorTests
    {
        private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

        private readonly EditorFixture editor;

        public TypingInEditorTests(EditorFixture editor)
        {
            this.editor = editor;
        }

        public static IEnumerable<object[]> Mistakes() => new[]
        {
            // file in samples/AsyncDemos, the line after which the statement is typed, the statement, the rule,
            // and the text from which on the rule may show.
            new object[] { "Demos/CountAsyncDemo.cs", "demo.WriteLine(\"One\");", "Thread.Sleep(100);", "ASYNC030", "Thread.Sleep" },
            new object[] { "Demos/ChainDemo.cs", "var i = random.Next(0, 11);", "var r = Task.Run(() => i).Result;", "ASYNC010", ".Result" },
            new object[] { "Demos/CountAsyncDemo.cs", "demo.WriteLine(\"Two\");", "Task.Delay(10, cancellationToken).Wait();", "ASYNC010", ".Wait" },
        };

        [Theory]
        [MemberData(nameof(Mistakes))]
        public async Task Typing_a_mistake_shows_its_rule_once_complete_and_undo_clears_it(string file, string anchor, string statement, string rule, string shownFrom)
        {
            var path = Path.Combine(editor.Workspace.DemosDirectory, file);
            var original = File.ReadAllText(path);
            var lines = original.Split('\n');
            var anchorLine = Array.FindIndex(lines, l => l.Trim() == anchor);
            Assert.True(anchorLine >= 0, $"{file} no longer has the line '{anchor}' this test types after.");
            var indent = lines[anchorLine].Substring(0, lines[anchorLine].Length - lines[anchorLine].TrimStart().Length);
            var line = anchorLine + 1;

            await editor.Server.OpenAsync(path, original);
            try
            {
                var before = await editor.Server.PullDiagnosticsAsync(path, EditorFixture.PullTimeout);
                Assert.True(!before.Any(IsAsyncRule), $"{file} is a correct demo, yet csharp-ls reports [{string.Join(", ", before)}].");

                // Enter, with the editor's auto-indent, then the statement one character at a time.
                var text = original;
                await ChangeAsync(anchorLine, lines[anchorLine].Length, anchorLine, lines[anchorLine].Length, "\n" + indent);
                for (var typed = 1; typed <= statement.Length; typed++)
                {
                    var column = indent.Length + typed - 1;
                    await ChangeAsync(line, column, line, column, statement.Substring(typed - 1, 1));
                    var prefix = statement.Substring(0, typed);
                    var diagnostics = await editor.Server.PullDiagnosticsAsync(path, EditorFixture.PullTimeout);
                    await editor.AssertNothingThrowsAsync(editor.Workspace.DemosDirectory, path, text, diagnostics, $"after typing '{prefix}' in {file}");
                    if (!prefix.Contains(shownFrom, StringComparison.Ordinal))
                    {
                        Assert.True(!diagnostics.Any(d => d.Code == rule), $"{rule} shows after typing only '{prefix}': [{string.Join(", ", diagnostics)}]");
                    }
                }

                // The statement is complete: the rule shows on its line, once, and nothing else from AsyncRules.
                var complete = await editor.WaitForAsync(path, d => d.Any(x => x.Code == rule), SettleTimeout, $"{rule} after typing '{statement}' in {file}");
                var shown = complete.Where(IsAsyncRule).ToList();
                Assert.True(
                    shown.Count == 1 && shown[0].Code == rule && shown[0].Line == line,
                    $"After typing '{statement}' on line {line + 1} of {file}, expected one {rule} there; csharp-ls reported [{string.Join(", ", shown)}].");

                // Undo, as one edit: the text is the demo again and the diagnostic is gone.
                await ChangeAsync(anchorLine, lines[anchorLine].Length, line, indent.Length + statement.Length, string.Empty);
                Assert.Equal(original, text);
                var undone = await editor.WaitForAsync(path, d => !d.Any(IsAsyncRule), SettleTimeout, $"{rule} to go away after undoing the edit in {file}");
                await editor.AssertNothingThrowsAsync(editor.Workspace.DemosDirectory, path, text, undone, $"after undoing the edit in {file}");

                async Task ChangeAsync(int startLine, int startCharacter, int endLine, int endCharacter, string newText)
                {
                    text = TextModel.Apply(text, startLine, startCharacter, endLine, endCharacter, newText);
                    await editor.Server.ChangeAsync(path, startLine, startCharacter, endLine, endCharacter, newText);
                }
            }
            finally
            {
                await editor.Server.CloseAsync(path);
            }
        }

        private static bool IsAsyncRule(Lsp.LspDiagnostic diagnostic) => diagnostic.Code.StartsWith("ASYNC", StringComparison.Ordinal);
    }
}
