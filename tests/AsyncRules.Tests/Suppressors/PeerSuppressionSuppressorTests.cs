using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Suppressors;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncRules.Tests.Suppressors
{
    /// <summary>
    /// A line the authors already suppressed under a peer's ID for the same mistake is reported as suppressed, not asked
    /// about again; a peer ID for another mistake, a restored pragma or an inactive one suppress nothing.
    /// </summary>
    [Trait("Rule", "Suppressors")]
    public class PeerSuppressionSuppressorTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System.Diagnostics.CodeAnalysis", "System.Threading.Tasks");

        /// <summary>Every AsyncRules diagnostic of <paramref name="source"/> with the rules and the suppressor run together, suppressed ones included.</summary>
        private static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, AnalyzerConfigOptionsProvider? settings = null, string? noWarn = null)
        {
            var compilation = CSharpCompilation.Create(
                "Peers",
                new[] { CSharpSyntaxTree.ParseText(Usings + source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Peers.cs") },
                TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                    .WithSpecificDiagnosticOptions(noWarn is null ? ImmutableDictionary<string, ReportDiagnostic>.Empty : ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(noWarn, ReportDiagnostic.Suppress)));
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, settings ?? new Settings(ImmutableDictionary<string, string>.Empty)),
                onAnalyzerException: (exception, analyzer, _) => throw new Xunit.Sdk.XunitException($"{analyzer.GetType().Name} threw: {exception}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: true);
            var diagnostics = await compilation.WithAnalyzers(AllRules.RulesAndSuppressors(), options).GetAnalyzerDiagnosticsAsync();
            return diagnostics.Where(d => d.Id.StartsWith("ASYNC")).ToImmutableArray();
        }

        private static async Task<Diagnostic> SingleAsync(string source, string id)
        {
            var diagnostics = await RunAsync(source);
            return Assert.Single(diagnostics, d => d.Id == id);
        }

        private const string WaitInAsyncMethod = """

            class C
            {
                async Task M()
                {
                    await Task.Yield();
            #pragma warning disable CA1849 // deliberate: the task is the cached result
                    Task.Delay(1).Wait();
            #pragma warning restore CA1849
                }
            }
            """;

        [Fact]
        public async Task A_blocking_wait_inside_a_CA1849_pragma_is_reported_as_suppressed()
        {
            var diagnostic = await SingleAsync(WaitInAsyncMethod, "ASYNC010");
            Assert.True(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task The_same_wait_after_the_pragma_is_restored_stays_reported()
        {
            var source = WaitInAsyncMethod.Replace("""
                        Task.Delay(1).Wait();
                #pragma warning restore CA1849
                """, """
                #pragma warning restore CA1849
                        Task.Delay(1).Wait();
                """);
            Assert.NotEqual(WaitInAsyncMethod, source);
            var diagnostic = await SingleAsync(source, "ASYNC010");
            Assert.False(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task A_peer_ID_for_another_mistake_suppresses_nothing()
        {
            // CA2016 (forward the token) is ASYNC040's peer, VSTHRD200 a naming rule: neither says the wait is deliberate.
            var source = WaitInAsyncMethod.Replace("CA1849", "CA2016, VSTHRD200");
            var diagnostic = await SingleAsync(source, "ASYNC010");
            Assert.False(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task A_pragma_in_an_inactive_preprocessor_branch_suppresses_nothing()
        {
            var source = WaitInAsyncMethod
                .Replace("#pragma warning disable CA1849", """
                    #if NEVER_DEFINED
                    #pragma warning disable CA1849
                    #endif
                    """)
                .Replace("#pragma warning restore CA1849", string.Empty);
            var diagnostic = await SingleAsync(source, "ASYNC010");
            Assert.False(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task A_compiler_warning_written_as_a_number_counts_for_its_CS_ID()
        {
            var diagnostic = await SingleAsync("""

                class C
                {
                    void M()
                    {
                #pragma warning disable 4014
                        Task.Delay(1);
                #pragma warning restore 4014
                    }
                }
                """, "ASYNC003");
            Assert.True(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task A_SuppressMessage_with_a_peer_check_ID_and_title_on_the_method_suppresses_its_wait()
        {
            var diagnostics = await RunAsync("""

                class C
                {
                    [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "sync API by contract")]
                    void Deliberate() => Task.Delay(1).Wait();

                    void Other() => Task.Delay(1).Wait();
                }
                """);
            Assert.Equal(2, diagnostics.Count(d => d.Id == "ASYNC011"));
            var suppressed = Assert.Single(diagnostics, d => d.IsSuppressed);
            Assert.Contains("Deliberate", suppressed.Location.SourceTree!.GetText().GetSubText(suppressed.Location.SourceTree.GetText().Lines[suppressed.Location.GetLineSpan().StartLinePosition.Line].Span).ToString());
        }

        [Fact]
        public async Task A_SuppressMessage_on_the_containing_type_covers_its_members_and_lambdas()
        {
            var diagnostic = await SingleAsync("""

                [SuppressMessage("Reliability", "CA2012")]
                class C
                {
                    void M()
                    {
                        System.Action a = () => Task.Delay(1).Wait();
                    }
                }
                """, "ASYNC011");
            Assert.True(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task An_assembly_level_SuppressMessage_covers_only_its_target_member()
        {
            var diagnostics = await RunAsync("""

                [assembly: SuppressMessage("Usage", "VSTHRD002", Scope = "member", Target = "~M:N.C.Deliberate")]
                namespace N
                {
                    class C
                    {
                        void Deliberate() => Task.Delay(1).Wait();
                        void Other() => Task.Delay(2).Wait();
                    }
                }
                """);
            Assert.Equal(2, diagnostics.Count(d => d.Id == "ASYNC011"));
            Assert.Single(diagnostics, d => d.IsSuppressed);
            Assert.False(diagnostics.Single(d => d.GetMessage().Length > 0 && d.Location.GetLineSpan().StartLinePosition.Line == diagnostics.Max(x => x.Location.GetLineSpan().StartLinePosition.Line)).IsSuppressed);
        }

        [Fact]
        public async Task The_editorconfig_switch_turns_the_behaviour_off()
        {
            var off = new Settings(ImmutableDictionary<string, string>.Empty.Add(PeerSuppressionSuppressor.OptionKey, "false"));
            var diagnostic = Assert.Single(await RunAsync(WaitInAsyncMethod, off), d => d.Id == "ASYNC010");
            Assert.False(diagnostic.IsSuppressed);
        }

        [Fact]
        public async Task NoWarn_of_the_suppression_ID_turns_it_off_for_that_rule_only()
        {
            // <NoWarn>ASYNCS010</NoWarn> is /nowarn:ASYNCS010, a compilation option: the ASYNC010 suppression is off.
            var diagnostic = Assert.Single(await RunAsync(WaitInAsyncMethod, noWarn: "ASYNCS010"), d => d.Id == "ASYNC010");
            Assert.False(diagnostic.IsSuppressed);
            var other = Assert.Single(await RunAsync(WaitInAsyncMethod, noWarn: "ASYNCS011"), d => d.Id == "ASYNC010");
            Assert.True(other.IsSuppressed);
        }

        [Fact]
        public async Task A_build_no_longer_shows_a_suppressed_result()
        {
            using var host = new AnalyzerHost(new[] { ("Peers.cs", Usings + WaitInAsyncMethod) });
            Assert.DoesNotContain(await host.GetAnalyzerDiagnosticsAsync(), d => d.Id == "ASYNC010");
            Assert.Empty(host.AnalyzerExceptions);
        }

        [Fact]
        public void Every_suppression_names_an_AsyncRules_rule_and_says_which_peer_IDs_it_honours()
        {
            var suppressor = new PeerSuppressionSuppressor();
            Assert.NotEmpty(suppressor.SupportedSuppressions);
            var ruleIds = AllRules.Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
            foreach (var suppression in suppressor.SupportedSuppressions)
            {
                Assert.Contains(suppression.SuppressedDiagnosticId, ruleIds);
                Assert.Matches("^ASYNCS[0-9]{3}$", suppression.Id);
                Assert.Contains("(", suppression.Justification.ToString());
            }
        }

        /// <summary>The same options for every file, as an <c>.editorconfig</c> section for <c>*.cs</c> would give.</summary>
        private sealed class Settings : AnalyzerConfigOptionsProvider
        {
            private readonly Options options;

            public Settings(ImmutableDictionary<string, string> values) => options = new Options(values);

            public override AnalyzerConfigOptions GlobalOptions => options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => options;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => options;

            private sealed class Options : AnalyzerConfigOptions
            {
                private readonly ImmutableDictionary<string, string> values;

                public Options(ImmutableDictionary<string, string> values) => this.values = values;

                public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
            }
        }
    }
}
