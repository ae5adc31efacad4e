using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC023AsyncEnumeratorNotDisposedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC023AsyncEnumeratorNotDisposedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC023")]
    public class ASYNC023AsyncEnumeratorNotDisposedTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task The_enumerator_is_declared_with_await_using()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task<int> First(IAsyncEnumerable<int> s)\n    {\n        // take the first\n        var e = {|#0:s.GetAsyncEnumerator()|};\n        return await e.MoveNextAsync() ? e.Current : -1;\n    }"),
                Code("    async Task<int> First(IAsyncEnumerable<int> s)\n    {\n        // take the first\n        await using var e = s.GetAsyncEnumerator();\n        return await e.MoveNextAsync() ? e.Current : -1;\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("e"));

        [Fact]
        public Task A_dispose_only_on_the_happy_path_is_replaced()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s, CancellationToken ct)\n    {\n        IAsyncEnumerator<int> e = [|s.GetAsyncEnumerator(ct)|];\n        while (await e.MoveNextAsync())\n        {\n            Console.WriteLine(e.Current);\n        }\n\n        await e.DisposeAsync();\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s, CancellationToken ct)\n    {\n        await using IAsyncEnumerator<int> e = s.GetAsyncEnumerator(ct);\n        while (await e.MoveNextAsync())\n        {\n            Console.WriteLine(e.Current);\n        }\n    }"));

        [Fact]
        public Task A_configured_enumerator_is_fixed_too()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        var e = [|s.ConfigureAwait(false).GetAsyncEnumerator()|];\n        while (await e.MoveNextAsync()) { }\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await using var e = s.ConfigureAwait(false).GetAsyncEnumerator();\n        while (await e.MoveNextAsync()) { }\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        var a = [|s.GetAsyncEnumerator()|];\n        var b = [|s.GetAsyncEnumerator()|];\n        await a.MoveNextAsync();\n        await b.MoveNextAsync();\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task N(IAsyncEnumerable<string> s)\n    {\n        var e = [|s.GetAsyncEnumerator()|];\n        await e.MoveNextAsync();\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await using var a = s.GetAsyncEnumerator();\n        await using var b = s.GetAsyncEnumerator();\n        await a.MoveNextAsync();\n        await b.MoveNextAsync();\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task N(IAsyncEnumerable<string> s)\n    {\n        await using var e = s.GetAsyncEnumerator();\n        await e.MoveNextAsync();\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered -------------------------------------------------------------------------

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
