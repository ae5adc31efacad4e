using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC023AsyncEnumeratorNotDisposedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC023AsyncEnumeratorNotDisposedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC023")]
    public class ASYNC023AsyncEnumeratorNotDisposedTests
    {
        private static readonly string Usings = TestCode.Usings;

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task The_enumerator_is_declared_with_await_using()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> First(IAsyncEnumerable<int> s)
                        {
                            // take the first
                            var e = {|#0:s.GetAsyncEnumerator()|};
                            return await e.MoveNextAsync() ? e.Current : -1;
                        }
                    """),
                Code("""
                        async Task<int> First(IAsyncEnumerable<int> s)
                        {
                            // take the first
                            await using var e = s.GetAsyncEnumerator();
                            return await e.MoveNextAsync() ? e.Current : -1;
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("e"));

        [Fact]
        public Task A_dispose_only_on_the_happy_path_is_replaced()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s, CancellationToken ct)
                        {
                            IAsyncEnumerator<int> e = [|s.GetAsyncEnumerator(ct)|];
                            while (await e.MoveNextAsync())
                            {
                                Console.WriteLine(e.Current);
                            }

                            await e.DisposeAsync();
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s, CancellationToken ct)
                        {
                            await using IAsyncEnumerator<int> e = s.GetAsyncEnumerator(ct);
                            while (await e.MoveNextAsync())
                            {
                                Console.WriteLine(e.Current);
                            }
                        }
                    """));

        [Fact]
        public Task A_configured_enumerator_is_fixed_too()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            var e = [|s.ConfigureAwait(false).GetAsyncEnumerator()|];
                            while (await e.MoveNextAsync()) { }
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            await using var e = s.ConfigureAwait(false).GetAsyncEnumerator();
                            while (await e.MoveNextAsync()) { }
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> s)
                    {
                        var a = [|s.GetAsyncEnumerator()|];
                        var b = [|s.GetAsyncEnumerator()|];
                        await a.MoveNextAsync();
                        await b.MoveNextAsync();
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(IAsyncEnumerable<string> s)
                    {
                        var e = [|s.GetAsyncEnumerator()|];
                        await e.MoveNextAsync();
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> s)
                    {
                        await using var a = s.GetAsyncEnumerator();
                        await using var b = s.GetAsyncEnumerator();
                        await a.MoveNextAsync();
                        await b.MoveNextAsync();
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N(IAsyncEnumerable<string> s)
                    {
                        await using var e = s.GetAsyncEnumerator();
                        await e.MoveNextAsync();
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered -------------------------------------------------------------------------

        [Fact]
        public Task An_enumerator_stored_in_an_async_iterator_that_overrides_the_stream_is_declared_with_await_using()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Rows : IAsyncEnumerable<int> { public virtual async IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken ct = default) { await Task.Yield(); yield return 1; } }
                        sealed class SecondRow : Rows
                        {
                            public override async IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken ct = default)
                            {
                                var enumerator = [|base.GetAsyncEnumerator(ct)|];
                                await Task.Yield();
                                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                                    yield return enumerator.Current;
                            }
                        }
                    """),
                Code("""
                        class Rows : IAsyncEnumerable<int> { public virtual async IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken ct = default) { await Task.Yield(); yield return 1; } }
                        sealed class SecondRow : Rows
                        {
                            public override async IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken ct = default)
                            {
                                await using var enumerator = base.GetAsyncEnumerator(ct);
                                await Task.Yield();
                                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                                    yield return enumerator.Current;
                            }
                        }
                    """));

        // ---- An enumerator that is never stored: reported, no fix ------------------------------------------------

        [Theory]
        [InlineData("async Task<bool> Any(IAsyncEnumerable<int> s) => await {|#0:s.GetAsyncEnumerator()|}.MoveNextAsync();")]
        [InlineData("async Task M(IAsyncEnumerable<int> s, CancellationToken ct) { if (await {|#0:s.GetAsyncEnumerator(ct)|}.MoveNextAsync().ConfigureAwait(false)) { } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { while (await {|#0:s.GetAsyncEnumerator()|}.MoveNextAsync()) { } }")]
        [InlineData("bool M(IAsyncEnumerable<int> s) => {|#0:s.GetAsyncEnumerator()|}.MoveNextAsync().AsTask().Result;")]
        public Task An_enumerator_that_is_never_stored_is_reported_without_a_fix(string member)
        {
            var source = Code("    " + member);
            return Verify.VerifyCodeFixAsync(source, source, Verify.Diagnostic(AsyncRules.Analyzers.Rules.ASYNC023AsyncEnumeratorNotDisposedAnalyzer.NeverStoredRule).WithLocation(0));
        }

        [Theory]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await s.GetAsyncEnumerator().DisposeAsync(); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await using (s.GetAsyncEnumerator()) { } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await using var e = s.GetAsyncEnumerator(); await e.MoveNextAsync(); }")]
        public Task Silent_on_an_unstored_enumerator_that_is_disposed_or_handed_on(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Silent_on_an_unstored_enumerator_handed_to_an_extension_method()
            => Verify.VerifyAnalyzerAsync(Usings + """
                static class Ext
                {
                    public static IAsyncEnumerator<int> Owned(this IAsyncEnumerator<int> e) => e;
                }

                """
                + Code("    IAsyncEnumerator<int> M(IAsyncEnumerable<int> s) => s.GetAsyncEnumerator().Owned();").Substring(Usings.Length));

        [Theory]
        [InlineData("bool M(IAsyncEnumerable<int> s) { var e = [|s.GetAsyncEnumerator()|]; return e.MoveNextAsync().AsTask().Result; }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { var e = [|s.GetAsyncEnumerator()|]; await e.MoveNextAsync(); e = null!; }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s, int k) { switch (k) { case 1: var e = [|s.GetAsyncEnumerator()|]; await e.MoveNextAsync(); break; } }")]
        [InlineData("readonly object gate = new object(); async Task M(IAsyncEnumerable<int> s) { await Task.Yield(); lock (gate) { var e = [|s.GetAsyncEnumerator()|]; } }")]
        public Task No_fix_where_await_using_cannot_be_written(string member)
        {
            var source = Code("    " + member);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await using var e = s.GetAsyncEnumerator(); await e.MoveNextAsync(); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await using (var e = s.GetAsyncEnumerator()) { await e.MoveNextAsync(); } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { var e = s.GetAsyncEnumerator(); try { await e.MoveNextAsync(); } finally { await e.DisposeAsync(); } }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { var e = s.GetAsyncEnumerator(); try { await e.MoveNextAsync(); } finally { await e.DisposeAsync().ConfigureAwait(false); } }")]
        [InlineData("IAsyncEnumerator<int> M(IAsyncEnumerable<int> s) { var e = s.GetAsyncEnumerator(); return e; }")]
        [InlineData("void Own(IAsyncEnumerator<int> e) { } void M(IAsyncEnumerable<int> s) { var e = s.GetAsyncEnumerator(); Own(e); }")]
        [InlineData("IAsyncEnumerator<int>? kept; void M(IAsyncEnumerable<int> s) { var e = s.GetAsyncEnumerator(); kept = e; }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await using var e = s.GetAsyncEnumerator(); Func<Task> f = async () => await e.DisposeAsync(); await f(); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await foreach (var x in s) { } }")]
        [InlineData("class Bag { public IEnumerator<int> GetAsyncEnumerator() => null!; } void M(Bag b) { var e = b.GetAsyncEnumerator(); }")]
        public Task Silent_when_disposed_or_handed_on(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
