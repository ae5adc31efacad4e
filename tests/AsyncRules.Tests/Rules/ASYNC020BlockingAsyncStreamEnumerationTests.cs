using System.Threading.Tasks;
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
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Linq.Expressions;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task Foreach_over_ToBlockingEnumerable_becomes_await_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        // read them\n        foreach (var x in {|#0:s.ToBlockingEnumerable()|})\n        {\n            Console.WriteLine(x);\n        }\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        // read them\n        await foreach (var x in s)\n        {\n            Console.WriteLine(x);\n        }\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("ToBlockingEnumerable()"));

        [Fact]
        public Task The_token_given_to_ToBlockingEnumerable_goes_to_WithCancellation()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s, CancellationToken ct)\n    {\n        foreach (int x in [|s.ToBlockingEnumerable(ct)|]) Console.WriteLine(x);\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s, CancellationToken ct)\n    {\n        await foreach (int x in s.WithCancellation(ct)) Console.WriteLine(x);\n    }"));

        [Fact]
        public Task The_relay_in_an_async_iterator_becomes_await_foreach_yield_return()
            => Verify.VerifyCodeFixAsync(
                Code("    async IAsyncEnumerable<int> Relay(IAsyncEnumerable<int> source)\n    {\n        await Task.Yield();\n        foreach (var x in [|source.ToBlockingEnumerable()|])\n            yield return x;\n    }"),
                Code("    async IAsyncEnumerable<int> Relay(IAsyncEnumerable<int> source)\n    {\n        await Task.Yield();\n        await foreach (var x in source)\n            yield return x;\n    }"));

        [Fact]
        public Task The_static_call_form_is_rewritten_too()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        foreach (var x in [|TaskAsyncEnumerableExtensions.ToBlockingEnumerable(s)|]) { }\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await foreach (var x in s) { }\n    }"));

        [Fact]
        public Task Blocking_waits_on_MoveNextAsync_become_await()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await using var e = s.GetAsyncEnumerator();\n        while ({|#0:e.MoveNextAsync().Result|}) { }\n        var more = [|e.MoveNextAsync().GetAwaiter().GetResult()|];\n        [|e.MoveNextAsync().AsTask().Wait()|];\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await using var e = s.GetAsyncEnumerator();\n        while (await e.MoveNextAsync()) { }\n        var more = await e.MoveNextAsync();\n        await e.MoveNextAsync();\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("MoveNextAsync().Result"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task M(IAsyncEnumerable<int> s, IAsyncEnumerator<int> e)\n    {\n        foreach (var x in [|s.ToBlockingEnumerable()|]) { }\n        _ = [|e.MoveNextAsync().Result|];\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async IAsyncEnumerable<string> N(IAsyncEnumerable<string> s)\n    {\n        foreach (var x in [|s.ToBlockingEnumerable()|]) yield return x;\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task M(IAsyncEnumerable<int> s, IAsyncEnumerator<int> e)\n    {\n        await foreach (var x in s) { }\n        _ = await e.MoveNextAsync();\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async IAsyncEnumerable<string> N(IAsyncEnumerable<string> s)\n    {\n        await foreach (var x in s) yield return x;\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered -------------------------------------------------------------------------

        [Fact]
        public Task LINQ_over_ToBlockingEnumerable_is_reported_without_a_fix()
        {
            var source = Code("    async Task<int> M(IAsyncEnumerable<int> s)\n    {\n        await Task.Yield();\n        return [|s.ToBlockingEnumerable()|].Where(x => x > 0).Count();\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task A_stored_blocking_sequence_has_no_fix()
        {
            var source = Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        IEnumerable<int> items = [|s.ToBlockingEnumerable()|];\n        await Task.Yield();\n        foreach (var x in items) { }\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_a_lock_body_has_no_fix()
        {
            var source = Code("    readonly object gate = new object();\n    async Task M(IAsyncEnumerable<int> s)\n    {\n        await Task.Yield();\n        lock (gate)\n        {\n            foreach (var x in [|s.ToBlockingEnumerable()|]) { }\n        }\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task A_wait_with_a_timeout_has_no_fix()
        {
            var source = Code("    async Task M(IAsyncEnumerator<int> e)\n    {\n        await Task.Yield();\n        [|e.MoveNextAsync().AsTask().Wait(100)|];\n    }");
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
            => Blocking.VerifyAnalyzerAsync(Code("    async Task M(IAsyncEnumerator<int> e)\n    {\n        await Task.Yield();\n        _ = e.MoveNextAsync().Result;\n        e.MoveNextAsync().AsTask().Wait();\n        _ = e.MoveNextAsync().GetAwaiter().GetResult();\n    }"));
    }
}
