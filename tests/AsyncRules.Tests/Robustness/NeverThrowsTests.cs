using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Xunit;

namespace AsyncRules.Tests.Robustness
{
    /// <summary>
    /// Analyzers run on every keystroke, so they meet half-typed code all the time. An exception there is AD0001 in the
    /// user's build and a disabled analyzer. These tests feed the analyzers and fixers deterministic mutilations of real
    /// code (truncations, deleted and duplicated tokens, unbalanced braces) and a large file, and require no exception.
    /// </summary>
    public class NeverThrowsTests
    {
        /// <summary>Real async code that exercises every rule: the broken samples plus a dense snippet of the rules' shapes.</summary>
        private static IEnumerable<(string Name, string Text)> Seeds()
        {
            foreach (var sample in BrokenSample.All(compiling: true).Concat(BrokenSample.All(compiling: false)))
            {
                yield return (sample.FileName, sample.Text);
            }

            yield return ("Shapes.cs", Shapes);
        }

        private const string Shapes = @"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
class Shapes
{
    readonly object gate = new object();
    CancellationToken stopping;
    async Task<int> A(Task<int> t, Task[] all, CancellationToken ct)
    {
        Thread.Sleep(10);
        Thread.Sleep(0);
        t.Wait(ct);
        Task.WaitAll(all);
        Task.WaitAny(all);
        var x = t.Result + t.GetAwaiter().GetResult();
        lock (gate) { Thread.Sleep(1); }
        if (t.IsCompleted) x += t.Result;
        await t.ContinueWith(async a => { await Task.Yield(); _ = a.Result; });
        Func<Task> f = async () => { Thread.Sleep(1); await Task.WhenAll(all); };
        async IAsyncEnumerable<int> Stream() { yield return t.Result; await Task.Yield(); }
        return x + (await t).GetHashCode();
    }
}
";

        public static TheoryData<string> SeedNames()
        {
            var data = new TheoryData<string>();
            foreach (var (name, _) in Seeds())
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SeedNames))]
        public async Task Analyzers_and_fixes_never_throw_on_mutilated_code(string seedName)
        {
            var seed = Seeds().Single(s => s.Name == seedName).Text;
            var random = new Random(444 + seedName.Length);
            var variants = Mutations(seed, random).ToList();
            var failures = new List<string>();
            foreach (var (description, text) in variants)
            {
                using var host = new AnalyzerHost(new[] { (seedName, text) });
                var diagnostics = await host.GetAnalyzerDiagnosticsAsync();
                failures.AddRange(host.AnalyzerExceptions.Select(e => $"{description}: {e}"));
                foreach (var diagnostic in diagnostics.Take(6))
                {
                    try
                    {
                        foreach (var action in await host.GetFixesAsync(diagnostic))
                        {
                            await action.GetOperationsAsync(default);
                        }
                    }
                    catch (Exception exception)
                    {
                        failures.Add($"{description}: fix for {diagnostic.Id} threw {exception}");
                    }
                }
            }

            Assert.True(variants.Count >= 40, "too few variants to mean anything");
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures.Take(5)));
        }

        [Fact]
        public async Task A_large_file_is_analyzed_completely_without_exceptions()
        {
            const int Methods = 1500;
            var text = new StringBuilder("using System.Threading;\nusing System.Threading.Tasks;\nclass Big\n{\n");
            for (var i = 0; i < Methods; i++)
            {
                text.Append("    async Task<int> M").Append(i).Append("(Task<int> t, CancellationToken ct)\n    {\n")
                    .Append("        await Task.Yield();\n")
                    .Append("        Thread.Sleep(").Append(i % 7).Append(");\n")
                    .Append("        var done = await t;\n")
                    .Append("        return done + t.Result + (t.IsCompleted ? t.Result : 0);\n    }\n");
            }

            text.Append("}\n");
            using var host = new AnalyzerHost(new[] { ("Big.cs", text.ToString()) });
            var diagnostics = await host.GetAnalyzerDiagnosticsAsync();

            Assert.Empty(host.AnalyzerExceptions);
            Assert.Equal(Methods, diagnostics.Count(d => d.Id == "ASYNC030"));
            Assert.Equal(0, diagnostics.Count(d => d.Id == "ASYNC010")); // every .Result there is on a task already awaited or guarded
        }

        /// <summary>Deterministic broken variants of <paramref name="text"/>.</summary>
        private static IEnumerable<(string Description, string Text)> Mutations(string text, Random random)
        {
            // Truncated at many points, as if typing stopped there.
            const int Cuts = 24;
            for (var i = 1; i <= Cuts; i++)
            {
                var at = text.Length * i / (Cuts + 1);
                yield return ($"truncated at {at}", text.Substring(0, at));
            }

            var tokens = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseSyntaxTree(text).GetRoot().DescendantTokens().ToList();
            for (var i = 0; i < 12; i++)
            {
                var token = tokens[random.Next(tokens.Count)];
                yield return ($"token '{token.Text}' at {token.SpanStart} deleted", text.Remove(token.SpanStart, token.Span.Length));
            }

            for (var i = 0; i < 8; i++)
            {
                var token = tokens[random.Next(tokens.Count)];
                yield return ($"token '{token.Text}' at {token.SpanStart} duplicated", text.Insert(token.SpanStart, token.Text + " "));
            }

            var braces = tokens.Where(t => t.Text is "{" or "}" or "(" or ")").ToList();
            for (var i = 0; i < 8 && braces.Count > 0; i++)
            {
                var brace = braces[random.Next(braces.Count)];
                yield return ($"'{brace.Text}' at {brace.SpanStart} removed", text.Remove(brace.SpanStart, 1));
            }

            yield return ("every 'async' removed", text.Replace("async ", string.Empty));
            yield return ("every 'await' removed", text.Replace("await ", string.Empty));
            yield return ("every ';' removed", text.Replace(";", string.Empty));
        }
    }
}
