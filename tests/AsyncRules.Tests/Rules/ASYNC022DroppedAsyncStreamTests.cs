using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using DroppedTask = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC003DroppedAwaitableCodeFix>;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC022DroppedAsyncStreamAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>ASYNC022 ships without a fix ([NoCodeFix]): these tests check what it reports and what it leaves alone.</summary>
    [Trait("Rule", "ASYNC022")]
    public class ASYNC022DroppedAsyncStreamTests
    {
        private static readonly string Usings = TestCode.Usings;

        private const string Producers =
            "    async IAsyncEnumerable<int> Produce() { await Task.Yield(); yield return 1; }\n"
            + "    IAsyncEnumerable<int> Wrapped() => Produce();\n";

        private static string Code(string members) => TestCode.InClass(Producers + members, Usings);

        [Fact]
        public Task A_dropped_stream_is_reported_with_what_is_really_wrong()
            => Verify.VerifyAnalyzerAsync(
                Code("""
                        void M()
                        {
                            {|#0:Wrapped()|};
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Wrapped"));

        [Theory]
        [InlineData("async Task M() { await Task.Yield(); [|Produce()|]; }")]
        [InlineData("void M() { [|Produce()|]; }")]
        [InlineData("async Task M() { await Task.Yield(); [|Wrapped().ConfigureAwait(false)|]; }")]
        [InlineData("void M(CancellationToken ct) { [|Wrapped().WithCancellation(ct)|]; }")]
        [InlineData("void M() { Action a = () => [|Wrapped()|]; }")]
        [InlineData("void M(System.Threading.Channels.Channel<int> channel) { [|channel.Reader.ReadAllAsync()|]; }")]
        public Task Dropped_streams_are_reported_in_sync_and_async_code(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("void M() { _ = Produce(); }")]
        [InlineData("void M() { var s = Produce(); }")]
        [InlineData("IAsyncEnumerable<int> M() => Produce();")]
        [InlineData("IAsyncEnumerable<int> M() { return Produce().ConfigureAwait(false) is var c ? Produce() : Wrapped(); }")]
        [InlineData("async Task M() { await foreach (var x in Produce()) { } }")]
        [InlineData("void Use(IAsyncEnumerable<int> s) { } void M() { Use(Produce()); }")]
        [InlineData("IEnumerable<int> Sync() { yield return 1; } void M() { Sync(); }")]
        [InlineData("async Task M() { await Task.Delay(1); }")]
        [InlineData("void M(IAsyncEnumerable<int> s) { s.GetAsyncEnumerator(); }")]
        public Task Silent_when_the_stream_is_used_or_discarded_explicitly(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        /// <summary>A project that defines <c>IAsyncEnumerable&lt;T&gt;</c> itself (a polyfill) still has async streams.</summary>
        [Fact]
        public Task A_stream_of_an_IAsyncEnumerable_polyfilled_in_source_is_reported()
            => Verify.VerifyAnalyzerAsync(
                Helpers.KnownSymbolsTests.AsyncStreamPolyfill.Replace("{0}", "public")
                + "class C\n{\n    System.Collections.Generic.IAsyncEnumerable<int> Wrapped() => null!;\n    void M() { [|Wrapped()|]; }\n}\n");

        /// <summary>
        /// The compiler's CS4014 on a dropped call to an async iterator says "consider applying await", which does not compile
        /// for a stream. Our CS4014 fix offers neither await nor a discard there (ASYNC022 says what is wrong).
        /// </summary>
        [Fact]
        public Task The_CS4014_fix_is_not_offered_for_a_dropped_stream()
        {
            var source = Code("""
                    async Task M()
                    {
                        await Task.Yield();
                        {|CS4014:Produce()|};
                    }
                """);
            var test = new DroppedTask.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.Warnings };
            return test.RunAsync(CancellationToken.None);
        }
    }
}
