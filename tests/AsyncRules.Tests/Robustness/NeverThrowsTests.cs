using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AsyncRules.Benchmarks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AsyncRules.Tests.Robustness
{
    /// <summary>
    /// Analyzers run on every keystroke, so they meet half-typed code all the time. An exception there is AD0001 in the
    /// user's build and a disabled analyzer; an exception in a fix is a light bulb that does nothing. These tests take
    /// every sample and every source written in a test, make deterministic broken variants of each (truncations, deleted
    /// and duplicated tokens, unbalanced braces), and run every analyzer, every fix and every Fix All over them, requiring
    /// no exception. Bounded: all the variants of the samples, a sample of the variants of the many small test sources.
    /// </summary>
    public class NeverThrowsTests
    {
        /// <summary>Mutations tried per source written in a test class (plus the source itself); every mutation for the other seeds.</summary>
        private const int MutationsPerTestSource = 3;

        /// <summary>Diagnostics per variant whose every offered fix is computed (Fix All covers the rest).</summary>
        private const int SingleFixesPerVariant = 6;

        private const string SeedDocument = "Seed.cs";
        private const string ShapesSeed = "Shapes";
        private const string CorpusSeed = "generated corpus";

        private static readonly FixAllScope[] Scopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        private readonly Xunit.Abstractions.ITestOutputHelper output;

        public NeverThrowsTests(Xunit.Abstractions.ITestOutputHelper output) => this.output = output;

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

        /// <summary>
        /// The seeds, one test case each: every file of samples/AsyncDemos and samples/AsyncDemos.Broken, every test class
        /// that holds C# sources (all its sources in one case), the dense snippet of the rules' shapes, and a module of the
        /// benchmark's generated corpus.
        /// </summary>
        public static TheoryData<string> SeedNames()
        {
            var data = new TheoryData<string>();
            foreach (var name in ProjectSources.SampleFiles().Concat(ProjectSources.TestFiles()).Append(ShapesSeed).Append(CorpusSeed))
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SeedNames))]
        public async Task Analyzers_fixes_and_Fix_All_never_throw_on_broken_variants(string seedName)
        {
            var random = new Random(StableHash(seedName));
            var fromTests = seedName.EndsWith("Tests.cs", StringComparison.Ordinal);
            var sources = fromTests ? ProjectSources.Snippets(seedName)
                : seedName == ShapesSeed ? ImmutableArray.Create(Shapes)
                : seedName == CorpusSeed ? ImmutableArray.Create(Corpus.Generate(lines: 400, seed: 7, mistakeShare: 0.6).Files[0].Text)
                : ImmutableArray.Create(ProjectSources.Read(seedName));
            var problems = new List<string>();
            var variants = 0;
            foreach (var source in sources)
            {
                var mutations = Mutations(source, random).ToList();
                var chosen = fromTests
                    ? mutations.OrderBy(_ => random.Next()).Take(MutationsPerTestSource).Prepend(("as written", source)).ToList()
                    : mutations;
                using var host = new AnalyzerHost(new[] { (SeedDocument, source) });
                foreach (var (description, text) in chosen)
                {
                    host.SetText(SeedDocument, text);
                    problems.AddRange(await ProblemsAsync(host, $"{seedName}, {description}", variants++));
                }
            }

            Assert.True(variants >= (fromTests ? 4 * sources.Length : 40), $"only {variants} variants of {seedName}: too few to mean anything");
            Assert.True(problems.Count == 0, $"{problems.Count} exceptions; the first ones:{Environment.NewLine}" + string.Join(Environment.NewLine + Environment.NewLine, problems.Take(5)));
        }

        /// <summary>The seeds are real: every rule's and every compiler fix's test class gives sources, and so do the samples.</summary>
        [Fact]
        public void Every_rule_test_class_and_sample_gives_sources()
        {
            var testFiles = ProjectSources.TestFiles();
            var ruleClasses = testFiles.Where(f => f.Contains("/Rules/", StringComparison.Ordinal) || f.Contains("/CompilerFixes/", StringComparison.Ordinal)).ToList();
            var snippets = testFiles.ToDictionary(f => f, f => ProjectSources.Snippets(f).Length);
            output.WriteLine($"{ProjectSources.SampleFiles().Length} sample files; {snippets.Values.Sum()} sources from {testFiles.Length} test classes: "
                + string.Join(", ", snippets.Select(s => $"{System.IO.Path.GetFileNameWithoutExtension(s.Key)} {s.Value}")));

            Assert.True(ruleClasses.Count >= 20, $"only {ruleClasses.Count} rule and compiler-fix test classes hold sources");
            Assert.All(ruleClasses, f => Assert.True(snippets[f] >= 3, $"{f}: only {snippets[f]} sources found"));
            Assert.True(ProjectSources.SampleFiles().Length >= 30);
        }

        /// <summary>
        /// The canary: the same check, run with an analyzer, a fix and a Fix All provider that throw, reports each of them.
        /// Without it a check that swallowed exceptions would pass for ever.
        /// </summary>
        [Fact]
        public async Task The_check_reports_a_throwing_analyzer_fix_and_Fix_All()
        {
            using var host = new AnalyzerHost(new[] { (SeedDocument, Shapes) }, extraAnalyzers: new[] { new CanaryAnalyzer() }, extraCodeFixes: new[] { new CanaryFix() });
            var problems = new List<string>();
            for (var i = 0; i < Scopes.Length; i++)
            {
                problems.AddRange(await ProblemsAsync(host, $"canary run {i}", i));
            }

            Assert.Contains(problems, p => p.Contains("analyzer threw", StringComparison.Ordinal) && p.Contains(CanaryAnalyzer.Message, StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains($"a fix for {CanaryAnalyzer.Id} threw", StringComparison.Ordinal) && p.Contains(CanaryFix.FixMessage, StringComparison.Ordinal));
            foreach (var scope in Scopes)
            {
                Assert.Contains(problems, p => p.Contains($"Fix All in {scope} for {CanaryAnalyzer.Id} threw", StringComparison.Ordinal) && p.Contains(CanaryFix.FixAllMessage, StringComparison.Ordinal));
            }

            // The canaries are the only ones: AsyncRules itself stays silent on the same code.
            Assert.All(problems, p => Assert.Contains("Canary", p, StringComparison.Ordinal));
        }

        /// <summary>
        /// Runs every analyzer over the host's code, computes every fix offered for the first diagnostics, and runs Fix All
        /// for each diagnostic ID with a fixer, in one of the three scopes (taken in turn by <paramref name="index"/>).
        /// Returns what threw: analyzer exceptions (AD0001), the driver, fixes, Fix All providers.
        /// </summary>
        private static async Task<List<string>> ProblemsAsync(AnalyzerHost host, string description, int index)
        {
            var problems = new List<string>();
            ImmutableArray<Diagnostic> diagnostics;
            try
            {
                diagnostics = await host.GetFixableDiagnosticsAsync();
            }
            catch (Exception exception)
            {
                problems.Add($"{description}: the analyzer driver threw {exception}");
                return problems;
            }

            problems.AddRange(host.AnalyzerExceptions.Select(e => $"{description}: an analyzer threw (AD0001): {e}"));
            host.AnalyzerExceptions.Clear();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Take(SingleFixesPerVariant))
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
                    problems.Add($"{description}: a fix for {diagnostic.Id} threw {exception}");
                }
            }

            var scope = Scopes[index % Scopes.Length];
            foreach (var id in diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal))
            {
                try
                {
                    await host.FixAllAsync(id, scope, diagnostics);
                }
                catch (Exception exception)
                {
                    problems.Add($"{description}: Fix All in {scope} for {id} threw {exception}");
                }
            }

            return problems;
        }

        /// <summary>A seed for <see cref="Random"/> that is the same in every run (string.GetHashCode is not).</summary>
        private static int StableHash(string text) => text.Aggregate(444, (hash, c) => unchecked((hash * 31) + c));

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

#pragma warning disable RS1001, RS1036, RS1016, RS2008 // canaries, never loaded by a host
        /// <summary>Reports CANARY1 on every method, and throws while analyzing the method named A.</summary>
        [Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class CanaryAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
        {
            public const string Id = "CANARY1";
            public const string Message = "Canary analyzer threw on purpose";

            private static readonly DiagnosticDescriptor Rule = new(Id, "Canary", "Canary", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.None);
                context.RegisterSymbolAction(c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Symbol.Locations[0])), SymbolKind.Method);
                context.RegisterSyntaxNodeAction(
                    c =>
                    {
                        if (((Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax)c.Node).Identifier.ValueText == "A")
                        {
                            throw new InvalidOperationException(Message);
                        }
                    },
                    Microsoft.CodeAnalysis.CSharp.SyntaxKind.MethodDeclaration);
            }
        }

        /// <summary>Offers a fix for CANARY1 that throws when applied, and a Fix All provider that throws.</summary>
        private sealed class CanaryFix : CodeFixProvider
        {
            public const string FixMessage = "Canary fix threw on purpose";
            public const string FixAllMessage = "Canary Fix All threw on purpose";

            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(CanaryAnalyzer.Id);

            public override FixAllProvider GetFixAllProvider() => new ThrowingFixAll();

            public override Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                context.RegisterCodeFix(
                    Microsoft.CodeAnalysis.CodeActions.CodeAction.Create("Canary", new Func<System.Threading.CancellationToken, Task<Document>>(_ => throw new InvalidOperationException(FixMessage)), "Canary"),
                    context.Diagnostics);
                return Task.CompletedTask;
            }

            private sealed class ThrowingFixAll : FixAllProvider
            {
                public override Task<Microsoft.CodeAnalysis.CodeActions.CodeAction?> GetFixAsync(FixAllContext fixAllContext)
                    => throw new InvalidOperationException(FixAllMessage);
            }
        }
#pragma warning restore RS1001, RS1036, RS1016, RS2008
    }
}
