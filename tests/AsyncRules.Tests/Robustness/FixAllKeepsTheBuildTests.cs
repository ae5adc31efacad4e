using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AsyncRules.Analyzers;
using AsyncRules.Benchmarks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncRules.Tests.Robustness
{
    /// <summary>
    /// Fix All never breaks a build. Over the benchmark's generated corpus (smaller here) and over the broken samples,
    /// every fix AsyncRules has is applied with Fix All at solution scope, rule after rule, as a user cleaning up a
    /// solution would. After each rule's Fix All the code must have no compiler error it did not have before; at the end
    /// every diagnostic AsyncRules offers a fix for must be gone.
    /// What may remain, and why: the diagnostics of rules that ship without a fix ([NoCodeFix]; today ASYNC022, a
    /// dropped async stream, where only the author knows whether to enumerate or delete the call). The corpus seeds no
    /// other documented no-fix case (a <c>.Wait(timeout)</c> whose bool is used, ASYNC002 on a delegate other than
    /// <c>List.ForEach</c>/<c>Parallel.ForEach</c>), so nothing else may remain.
    /// </summary>
    public class FixAllKeepsTheBuildTests
    {
        /// <summary>Rounds of "Fix All for every ID": a fix may reveal another rule's diagnostic (a method made async now holds a blocking call).</summary>
        private const int Rounds = 3;

        /// <summary>Rules that ship without a code fix, with the reason their attribute gives.</summary>
        private static readonly IReadOnlyDictionary<string, string> WithoutFix = AllRules.AnalyzerTypes
            .Where(t => t.GetCustomAttribute<NoCodeFixAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Select(d => (d.Id, t.GetCustomAttribute<NoCodeFixAttribute>()!.Reason)))
            .ToDictionary(x => x.Id, x => x.Reason);

        [Fact]
        public async Task Fix_All_over_the_generated_corpus_adds_no_compiler_error_and_leaves_only_rules_without_a_fix()
        {
            var corpus = Corpus.Generate(lines: 3000, seed: 34, mistakeShare: 0.3);
            using var host = new AnalyzerHost(corpus.Files);
            Assert.Empty((await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error));

            // Every rule that exists is seeded a few times (ASYNC011 is seeded ahead of its analyzer).
            var ids = AllRules.Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
            foreach (var category in Corpus.Categories.Where(ids.Contains))
            {
                Assert.True(corpus.SeededCount(category) >= 3, $"{category} is seeded {corpus.SeededCount(category)} times in the test corpus");
            }

            var before = await host.GetFixableDiagnosticsAsync();
            var result = await FixAllInSolutionAsync(host);

            Assert.True(result.Problems.Count == 0, string.Join(Environment.NewLine, result.Problems));
            Assert.True(result.Applied.Count >= corpus.Seeded.Select(s => s.Category).Where(c => ids.Contains(c) && !WithoutFix.ContainsKey(c)).Distinct().Count(), $"Fix All applied for only {string.Join(", ", result.Applied)}");
            AssertOnlyRulesWithoutAFixRemain(before, result.Remaining);
            foreach (var id in WithoutFix.Keys.Where(corpus.Seeded.Select(s => s.Category).Contains))
            {
                Assert.Equal(corpus.SeededCount(id), result.Remaining.Count(d => d.Id == id));
            }
        }

        [Fact]
        public async Task Fix_All_over_the_broken_samples_adds_no_compiler_error_and_leaves_only_rules_without_a_fix()
        {
            using var host = new AnalyzerHost(BrokenSample.All(compiling: true).Select(s => (s.FileName, s.Text)), OutputKind.ConsoleApplication, mainTypeName: "AsyncDemos.Broken.Program");
            var before = await host.GetFixableDiagnosticsAsync();
            var result = await FixAllInSolutionAsync(host);

            Assert.True(result.Problems.Count == 0, string.Join(Environment.NewLine, result.Problems));
            Assert.NotEmpty(result.Applied);
            AssertOnlyRulesWithoutAFixRemain(before, result.Remaining);
        }

        public static TheoryData<string> NonCompilingSamples()
        {
            var data = new TheoryData<string>();
            foreach (var sample in BrokenSample.All(compiling: false))
            {
                data.Add(sample.FileName);
            }

            return data;
        }

        /// <summary>The samples that do not compile: Fix All clears the compiler errors AsyncRules fixes and adds none.</summary>
        [Theory]
        [MemberData(nameof(NonCompilingSamples))]
        public async Task Fix_All_over_a_non_compiling_sample_adds_no_compiler_error_and_clears_the_fixable_ones(string fileName)
        {
            var sample = BrokenSample.All(compiling: false).Single(s => s.FileName == fileName);
            using var host = new AnalyzerHost(new[] { (sample.FileName, sample.Text) });
            var before = await host.GetFixableDiagnosticsAsync();
            Assert.Contains(before, d => d.Severity == DiagnosticSeverity.Error);

            var result = await FixAllInSolutionAsync(host);

            Assert.True(result.Problems.Count == 0, string.Join(Environment.NewLine, result.Problems));
            AssertOnlyRulesWithoutAFixRemain(before, result.Remaining);
            Assert.Empty((await host.GetCompilerDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>
        /// The canary: a fixer whose Fix All writes code that does not compile is caught, with the rule named. Without it a
        /// comparison of error lists that never saw a new error would pass for ever.
        /// </summary>
        [Fact]
        public async Task The_check_catches_a_Fix_All_that_breaks_the_build()
        {
            using var host = new AnalyzerHost(new[] { ("Canary.cs", "using System.Threading;\nclass C\n{\n    void M()\n    {\n        Thread.Sleep(1);\n    }\n}\n") }, extraAnalyzers: new[] { new SleepAnalyzer() }, extraCodeFixes: new[] { new BreakingFix() });
            var result = await FixAllInSolutionAsync(host);

            Assert.Contains(result.Problems, p => p.StartsWith($"Fix All for {SleepAnalyzer.Id} added compiler errors", StringComparison.Ordinal));
        }

        /// <summary>
        /// Only diagnostics of rules without a fix remain, and, on the same spot as one of them, the compiler's CS4014: a
        /// dropped async stream (ASYNC022) is also "a call not awaited" to the compiler, whose suggested <c>await</c> a
        /// stream cannot take, so CS4014's fix is not offered there (samples/AsyncDemos.Broken/ASYNC022_TickerDropped.cs).
        /// </summary>
        private static void AssertOnlyRulesWithoutAFixRemain(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> remaining)
        {
            var withoutFix = remaining.Where(d => WithoutFix.ContainsKey(d.Id)).Select(Spot).ToHashSet();
            var unexpected = remaining.Where(d => !WithoutFix.ContainsKey(d.Id) && !(d.Id == "CS4014" && withoutFix.Contains(Spot(d)))).ToList();
            Assert.True(unexpected.Count == 0, $"{unexpected.Count} diagnostics with a fix remain after Fix All: " + string.Join(Environment.NewLine, unexpected.Take(10)));
            foreach (var group in remaining.GroupBy(d => d.Id))
            {
                Assert.True(group.Count() <= before.Count(d => d.Id == group.Key), $"{group.Key}: Fix All left more diagnostics ({group.Count()}) than there were ({before.Count(d => d.Id == group.Key)})");
            }
        }

        private static (string?, int) Spot(Diagnostic d) => (d.Location.SourceTree?.FilePath, d.Location.SourceSpan.Start);

        /// <summary>
        /// Fix All at solution scope for every ID that has diagnostics, in ID order, for a few rounds. After each, the
        /// compiler errors are compared with those before any fix (by ID and message, as a multiset: positions move).
        /// </summary>
        private static async Task<(List<string> Problems, List<string> Applied, ImmutableArray<Diagnostic> Remaining)> FixAllInSolutionAsync(AnalyzerHost host)
        {
            var problems = new List<string>();
            var applied = new List<string>();
            var errorsBefore = Errors(await host.GetCompilerDiagnosticsAsync());
            for (var round = 0; round < Rounds; round++)
            {
                var changed = false;
                var ids = (await host.GetFixableDiagnosticsAsync()).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
                foreach (var id in ids)
                {
                    var diagnostics = await host.GetFixableDiagnosticsAsync();
                    var solution = await host.FixAllAsync(id, FixAllScope.Solution, diagnostics);
                    if (solution is null || solution == host.Project.Solution)
                    {
                        continue;
                    }

                    host.Apply(solution);
                    changed = true;
                    applied.Add(id);
                    var added = Errors(await host.GetCompilerDiagnosticsAsync());
                    foreach (var error in errorsBefore)
                    {
                        added.Remove(error);
                    }

                    if (added.Count > 0)
                    {
                        problems.Add($"Fix All for {id} added compiler errors: {string.Join("; ", added.Take(5))}");
                        errorsBefore = Errors(await host.GetCompilerDiagnosticsAsync()); // blame each error on the rule that caused it
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            problems.AddRange(host.AnalyzerExceptions.Select(e => $"an analyzer threw: {e}"));
            return (problems, applied, await host.GetFixableDiagnosticsAsync());
        }

        private static List<string> Errors(ImmutableArray<Diagnostic> diagnostics)
            => diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{d.Id}: {d.GetMessage()}").ToList();

#pragma warning disable RS1001, RS1036, RS1016, RS2008 // canaries, never loaded by a host
        /// <summary>Reports every <c>Thread.Sleep</c> call, in any code.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class SleepAnalyzer : DiagnosticAnalyzer
        {
            public const string Id = "CANARY2";

            private static readonly DiagnosticDescriptor Rule = new(Id, "Canary", "Canary", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSyntaxNodeAction(
                    c =>
                    {
                        if (c.Node.ToString().StartsWith("Thread.Sleep", StringComparison.Ordinal))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation()));
                        }
                    },
                    Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression);
            }
        }

        /// <summary>The classic broken fix: inserts <c>await</c> in a method that stays synchronous (CS4032).</summary>
        private sealed class BreakingFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SleepAnalyzer.Id);

            public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

            public override Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var diagnostic = context.Diagnostics[0];
                context.RegisterCodeFix(
                    Microsoft.CodeAnalysis.CodeActions.CodeAction.Create(
                        "Await a delay",
                        new Func<System.Threading.CancellationToken, Task<Document>>(async ct =>
                        {
                            var text = await context.Document.GetTextAsync(ct);
                            var replaced = text.Replace(diagnostic.Location.SourceSpan, "await System.Threading.Tasks.Task.Delay(1)");
                            return context.Document.WithText(replaced);
                        }),
                        "BreakingFix"),
                    diagnostic);
                return Task.CompletedTask;
            }
        }
#pragma warning restore RS1001, RS1036, RS1016, RS2008
    }
}
