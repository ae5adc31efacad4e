using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC021AsyncStreamWithoutTokenAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC021AsyncStreamWithoutTokenCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC021")]
    public class ASYNC021AsyncStreamWithoutTokenTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Runtime.CompilerServices", "System.Threading", "System.Threading.Tasks");

        private const string Producers =
            "    async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default) { await Task.Yield(); yield return 1; }\n"
            + "    async IAsyncEnumerable<int> Lines(string path, int skip = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default) { await Task.Yield(); yield return 1; }\n"
            + "    IAsyncEnumerable<int> Plain() => Ticks();\n"
            + "    IAsyncEnumerable<int> Read(int n) => Ticks();\n"
            + "    IAsyncEnumerable<int> Read(int n, CancellationToken ct) => Ticks(ct);\n";

        private static string Code(string members) => TestCode.InClass(Producers + members, Usings, "partial class C");

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task The_token_is_passed_to_a_producer_that_accepts_one()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in {|#0:Ticks()|}) { }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in Ticks(ct)) { }
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Ticks", "ct"));

        [Fact]
        public Task A_token_after_skipped_optional_parameters_is_passed_by_name()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in [|Lines("a.txt")|]) { }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in Lines("a.txt", cancellationToken: ct)) { }
                        }
                    """));

        [Fact]
        public Task An_overload_taking_a_token_is_used()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in [|Read(3)|]) { }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in Read(3, ct)) { }
                        }
                    """));

        [Fact]
        public Task Otherwise_WithCancellation_is_added()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in [|Plain()|]) { }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in Plain().WithCancellation(ct)) { }
                        }
                    """));

        [Fact]
        public Task A_ConfigureAwait_chain_is_still_the_stream_and_gets_WithCancellation_after_it()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in [|Plain()|].ConfigureAwait(false)) { }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await foreach (var x in Plain().ConfigureAwait(false).WithCancellation(ct)) { }
                        }
                    """));

        [Fact]
        public Task A_token_field_is_in_scope_too()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M()
                        {
                            await foreach (var x in [|Ticks()|]) { }
                        }
                    """),
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M()
                        {
                            await foreach (var x in Ticks(stopping)) { }
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task M(CancellationToken ct)
                    {
                        await foreach (var x in [|Ticks()|]) { }
                        await foreach (var y in [|Plain()|]) { }
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(C c, CancellationToken token)
                    {
                        await foreach (var x in [|c.Stream()|]) { }
                    }
                }
                partial class C
                {
                    public IAsyncEnumerable<int> Stream() => Plain();
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M(CancellationToken ct)
                    {
                        await foreach (var x in Ticks(ct)) { }
                        await foreach (var y in Plain().WithCancellation(ct)) { }
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(C c, CancellationToken token)
                    {
                        await foreach (var x in c.Stream().WithCancellation(token)) { }
                    }
                }
                partial class C
                {
                    public IAsyncEnumerable<int> Stream() => Plain();
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- A stream in a parameter or local (issue 14: a miss) ---------------------------------------------------

        [Fact]
        public Task A_stream_parameter_gets_WithCancellation()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> source, CancellationToken ct)
                        {
                            await foreach (var x in {|#0:source|}) { }
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> source, CancellationToken ct)
                        {
                            await foreach (var x in source.WithCancellation(ct)) { }
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("source", "ct"));

        [Fact]
        public Task A_stream_parameter_of_an_async_iterator_gets_its_enumerator_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async IAsyncEnumerable<int> Where(IAsyncEnumerable<int> source, Func<int, bool> keep, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            await foreach (var x in [|source|].ConfigureAwait(false))
                            {
                                if (keep(x)) yield return x;
                            }
                        }
                    """),
                Code("""
                        async IAsyncEnumerable<int> Where(IAsyncEnumerable<int> source, Func<int, bool> keep, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            await foreach (var x in source.ConfigureAwait(false).WithCancellation(cancellationToken))
                            {
                                if (keep(x)) yield return x;
                            }
                        }
                    """));

        [Fact]
        public Task A_local_made_by_a_call_without_the_token_gets_WithCancellation()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            var ticks = Ticks();
                            await foreach (var x in {|#0:ticks|}) { }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            var ticks = Ticks();
                            await foreach (var x in ticks.WithCancellation(ct)) { }
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("ticks", "ct"));

        [Fact]
        public Task A_reached_token_is_written_out()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationTokenSource cts = new();
                        async Task M(IAsyncEnumerable<int> source)
                        {
                            await foreach (var x in {|#0:source|}) { }
                        }
                    """),
                Code("""
                        private readonly CancellationTokenSource cts = new();
                        async Task M(IAsyncEnumerable<int> source)
                        {
                            await foreach (var x in source.WithCancellation(cts.Token)) { }
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("source", "cts.Token"));

        [Fact]
        public Task Fix_all_fixes_parameters_and_locals_in_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> a, CancellationToken ct)
                    {
                        await foreach (var x in [|a|]) { }
                        var b = Plain();
                        await foreach (var y in [|b|]) { }
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(IAsyncEnumerable<string> lines, CancellationToken token)
                    {
                        await foreach (var line in [|lines|]) { }
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> a, CancellationToken ct)
                    {
                        await foreach (var x in a.WithCancellation(ct)) { }
                        var b = Plain();
                        await foreach (var y in b.WithCancellation(ct)) { }
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(IAsyncEnumerable<string> lines, CancellationToken token)
                    {
                        await foreach (var line in lines.WithCancellation(token)) { }
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Theory]
        [InlineData("async Task M(IAsyncEnumerable<int> s, CancellationToken ct) { await foreach (var x in s.WithCancellation(ct)) { } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s, CancellationToken ct) { await foreach (var x in s.ConfigureAwait(false).WithCancellation(ct)) { } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s, CancellationToken ct) { var t = s.WithCancellation(ct); await foreach (var x in t) { } }")]
        [InlineData("async Task M(CancellationToken ct) { var s = Lines(\"a\", cancellationToken: ct).ConfigureAwait(false); await foreach (var x in s) { } }")]
        [InlineData("async Task M(bool b, CancellationToken ct) { var s = Plain(); if (b) s = Ticks(ct); await foreach (var x in s) { } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await foreach (var x in s) { } }")]
        [InlineData("readonly IAsyncEnumerable<int> source = Ticks2(); static async IAsyncEnumerable<int> Ticks2() { await Task.Yield(); yield return 1; } async Task M(CancellationToken ct) { await foreach (var x in source) { } }")]
        [InlineData("void Take(out IAsyncEnumerable<int> s) => s = Plain(); async Task M(CancellationToken ct) { var s = Plain(); Take(out s); await foreach (var x in s) { } }")]
        [InlineData("async Task M(IAsyncEnumerable<IAsyncEnumerable<int>> all, CancellationToken ct) { await foreach (var s in all.WithCancellation(ct)) { await foreach (var x in s.WithCancellation(ct)) { } } }")]
        public Task Silent_when_the_stream_in_a_variable_had_the_token_or_is_not_ours(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        // ---- Reported, but no fix offered -------------------------------------------------------------------------

        [Fact]
        public Task No_fix_when_WithCancellation_is_not_in_scope()
        {
            var source = """
                using System.Collections.Generic;
                using System.Threading;
                class C
                {
                    IAsyncEnumerable<int> Plain() => throw null!;
                    async System.Threading.Tasks.Task M(CancellationToken ct)
                    {
                        await foreach (var x in [|Plain()|]) { }
                    }
                }

                """;
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Ticks(ct)) { } }")]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Ticks(cancellationToken: ct)) { } }")]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Ticks(CancellationToken.None)) { } }")]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Plain().WithCancellation(ct)) { } }")]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Plain().WithCancellation(ct).ConfigureAwait(false)) { } }")]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Plain().ConfigureAwait(false).WithCancellation(ct)) { } }")]
        [InlineData("async Task M(CancellationToken ct) { await foreach (var x in Ticks(ct).ConfigureAwait(false)) { } }")]
        [InlineData("async Task M() { await foreach (var x in Ticks()) { } }")]
        [InlineData("async Task M(CancellationToken ct) { var s = Ticks(ct); await foreach (var x in s) { } }")]
        [InlineData("async Task M(CancellationToken a, CancellationToken b) { await foreach (var x in Ticks()) { } }")]
        [InlineData("async Task M(CancellationToken ct) { foreach (var x in new[] { 1 }) { } await Task.Yield(); }")]
        [InlineData("static async Task M() { await foreach (var x in new C().Plain()) { } } CancellationToken stopping;")]
        public Task Silent_when_the_token_is_passed_or_there_is_none(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
