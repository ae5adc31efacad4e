using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Blocking = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC010BlockingWaitInAsyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC010BlockingWaitInAsyncCodeFix>;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC020BlockingAsyncStreamEnumerationAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC020BlockingAsyncStreamEnumerationCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC020")]
    public class ASYNC020BlockingAsyncStreamEnumerationTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Linq", "System.Linq.Expressions", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task Foreach_over_ToBlockingEnumerable_becomes_await_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            // read them
                            foreach (var x in {|#0:s.ToBlockingEnumerable()|})
                            {
                                Console.WriteLine(x);
                            }
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            // read them
                            await foreach (var x in s)
                            {
                                Console.WriteLine(x);
                            }
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("ToBlockingEnumerable()"));

        [Fact]
        public Task The_token_given_to_ToBlockingEnumerable_goes_to_WithCancellation()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s, CancellationToken ct)
                        {
                            foreach (int x in [|s.ToBlockingEnumerable(ct)|]) Console.WriteLine(x);
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s, CancellationToken ct)
                        {
                            await foreach (int x in s.WithCancellation(ct)) Console.WriteLine(x);
                        }
                    """));

        [Fact]
        public Task The_relay_in_an_async_iterator_becomes_await_foreach_yield_return()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async IAsyncEnumerable<int> Relay(IAsyncEnumerable<int> source)
                        {
                            await Task.Yield();
                            foreach (var x in [|source.ToBlockingEnumerable()|])
                                yield return x;
                        }
                    """),
                Code("""
                        async IAsyncEnumerable<int> Relay(IAsyncEnumerable<int> source)
                        {
                            await Task.Yield();
                            await foreach (var x in source)
                                yield return x;
                        }
                    """));

        [Fact]
        public Task The_static_call_form_is_rewritten_too()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            foreach (var x in [|TaskAsyncEnumerableExtensions.ToBlockingEnumerable(s)|]) { }
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            await foreach (var x in s) { }
                        }
                    """));

        [Fact]
        public Task Blocking_waits_on_MoveNextAsync_become_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            await using var e = s.GetAsyncEnumerator();
                            while ({|#0:e.MoveNextAsync().Result|}) { }
                            var more = [|e.MoveNextAsync().GetAwaiter().GetResult()|];
                            [|e.MoveNextAsync().AsTask().Wait()|];
                        }
                    """),
                Code("""
                        async Task M(IAsyncEnumerable<int> s)
                        {
                            await using var e = s.GetAsyncEnumerator();
                            while (await e.MoveNextAsync()) { }
                            var more = await e.MoveNextAsync();
                            await e.MoveNextAsync();
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("MoveNextAsync().Result"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> s, IAsyncEnumerator<int> e)
                    {
                        foreach (var x in [|s.ToBlockingEnumerable()|]) { }
                        _ = [|e.MoveNextAsync().Result|];
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async IAsyncEnumerable<string> N(IAsyncEnumerable<string> s)
                    {
                        foreach (var x in [|s.ToBlockingEnumerable()|]) yield return x;
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M(IAsyncEnumerable<int> s, IAsyncEnumerator<int> e)
                    {
                        await foreach (var x in s) { }
                        _ = await e.MoveNextAsync();
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async IAsyncEnumerable<string> N(IAsyncEnumerable<string> s)
                    {
                        await foreach (var x in s) yield return x;
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered -------------------------------------------------------------------------

        [Fact]
        public Task LINQ_over_ToBlockingEnumerable_is_reported_without_a_fix()
        {
            var source = Code("""
                    async Task<int> M(IAsyncEnumerable<int> s)
                    {
                        await Task.Yield();
                        return [|s.ToBlockingEnumerable()|].Where(x => x > 0).Count();
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task A_stored_blocking_sequence_has_no_fix()
        {
            var source = Code("""
                    async Task M(IAsyncEnumerable<int> s)
                    {
                        IEnumerable<int> items = [|s.ToBlockingEnumerable()|];
                        await Task.Yield();
                        foreach (var x in items) { }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_a_lock_body_has_no_fix()
        {
            var source = Code("""
                    readonly object gate = new object();
                    async Task M(IAsyncEnumerable<int> s)
                    {
                        await Task.Yield();
                        lock (gate)
                        {
                            foreach (var x in [|s.ToBlockingEnumerable()|]) { }
                        }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task A_wait_with_a_timeout_has_no_fix()
        {
            var source = Code("""
                    async Task M(IAsyncEnumerator<int> e)
                    {
                        await Task.Yield();
                        [|e.MoveNextAsync().AsTask().Wait(100)|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("void M(IAsyncEnumerable<int> s) { foreach (var x in s.ToBlockingEnumerable()) { } }")]
        [InlineData("int M(IAsyncEnumerable<int> s) => s.ToBlockingEnumerable().Count();")]
        [InlineData("bool M(IAsyncEnumerator<int> e) => e.MoveNextAsync().Result;")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await Task.Run(() => { foreach (var x in s.ToBlockingEnumerable()) { } }); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { Func<int> f = () => s.ToBlockingEnumerable().Count(); await Task.Yield(); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { Expression<Func<int>> f = () => s.ToBlockingEnumerable(default).Count(); await Task.Yield(); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { var n = nameof(TaskAsyncEnumerableExtensions.ToBlockingEnumerable); await Task.Yield(); }")]
        [InlineData("async Task M(IAsyncEnumerable<int> s) { await foreach (var x in s.ConfigureAwait(false)) { } }")]
        [InlineData("async Task M(IAsyncEnumerator<int> e) { while (await e.MoveNextAsync()) { } }")]
        [InlineData("static class Mine { public static IEnumerable<int> ToBlockingEnumerable(IAsyncEnumerable<int> s) => new int[0]; } async Task M(IAsyncEnumerable<int> s) { await Task.Yield(); foreach (var x in Mine.ToBlockingEnumerable(s)) { } }")]
        public Task Silent_outside_async_code_and_on_look_alikes(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        /// <summary>ASYNC010 leaves a wait on MoveNextAsync() to ASYNC020: one warning, not two.</summary>
        [Fact]
        public Task ASYNC010_does_not_report_the_same_wait_again()
            => Blocking.VerifyAnalyzerAsync(Code("""
                    async Task M(IAsyncEnumerator<int> e)
                    {
                        await Task.Yield();
                        _ = e.MoveNextAsync().Result;
                        e.MoveNextAsync().AsTask().Wait();
                        _ = e.MoveNextAsync().GetAwaiter().GetResult();
                    }
                """));
    }
}
