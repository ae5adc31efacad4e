using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS8414AwaitForeachCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS8414, foreach over an async stream: await foreach, making the function async when it is not.</summary>
    [Trait("Rule", "CS8414")]
    public class CS8414AwaitForeachCodeFixTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task In_async_code_the_loop_becomes_await_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        // each tick\n        foreach (var x in {|CS8414:s|})\n        {\n            Console.WriteLine(x);\n        }\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        // each tick\n        await foreach (var x in s)\n        {\n            Console.WriteLine(x);\n        }\n    }"));

        [Fact]
        public Task A_sync_void_method_is_made_async()
            => Verify.VerifyCodeFixAsync(
                Code("    void M(IAsyncEnumerable<int> s)\n    {\n        foreach (var x in {|CS8414:s|}) Console.WriteLine(x);\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await foreach (var x in s) Console.WriteLine(x);\n    }"));

        [Fact]
        public Task A_sync_method_returning_a_value_gets_a_task_and_its_async_callers_await()
            => Verify.VerifyCodeFixAsync(
                Code("    int Sum(IAsyncEnumerable<int> s)\n    {\n        var total = 0;\n        foreach (var x in {|CS8414:s|}) total += x;\n        return total;\n    }\n    async Task<int> Caller(IAsyncEnumerable<int> s) => Sum(s) + 1;"),
                Code("    async Task<int> Sum(IAsyncEnumerable<int> s)\n    {\n        var total = 0;\n        await foreach (var x in s) total += x;\n        return total;\n    }\n    async Task<int> Caller(IAsyncEnumerable<int> s) => await Sum(s) + 1;"));

        [Fact]
        public Task A_relaying_iterator_becomes_an_async_iterator()
            => Verify.VerifyCodeFixAsync(
                Code("    IEnumerable<int> Relay(IAsyncEnumerable<int> source)\n    {\n        foreach (var x in {|CS8414:source|})\n            yield return x;\n    }"),
                Code("    async IAsyncEnumerable<int> Relay(IAsyncEnumerable<int> source)\n    {\n        await foreach (var x in source)\n            yield return x;\n    }"));

        [Fact]
        public Task A_ConfigureAwait_chain_and_a_deconstruction_are_still_streams()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IAsyncEnumerable<int> s, IAsyncEnumerable<(int, int)> pairs)\n    {\n        foreach (var x in {|CS8414:s.ConfigureAwait(false)|}) { }\n        foreach (var ({|CS8130:a|}, {|CS8130:b|}) in {|CS8414:pairs|}) { }\n    }"),
                Code("    async Task M(IAsyncEnumerable<int> s, IAsyncEnumerable<(int, int)> pairs)\n    {\n        await foreach (var x in s.ConfigureAwait(false)) { }\n        await foreach (var (a, b) in pairs) { }\n    }"));

        [Fact]
        public Task An_async_lambda_body_is_fixed_in_place()
            => Verify.VerifyCodeFixAsync(
                Code("    void M(IAsyncEnumerable<int> s)\n    {\n        Func<Task> f = async () => { foreach (var x in {|CS8414:s|}) { } };\n    }"),
                Code("    void M(IAsyncEnumerable<int> s)\n    {\n        Func<Task> f = async () => { await foreach (var x in s) { } };\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document_and_makes_each_method_async_once()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    void M(IAsyncEnumerable<int> s)\n    {\n        foreach (var x in {|CS8414:s|}) { }\n        foreach (var y in {|CS8414:s|}) { }\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task N(IAsyncEnumerable<string> s)\n    {\n        foreach (var x in {|CS8414:s|}) { }\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task M(IAsyncEnumerable<int> s)\n    {\n        await foreach (var x in s) { }\n        await foreach (var y in s) { }\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task N(IAsyncEnumerable<string> s)\n    {\n        await foreach (var x in s) { }\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- No fix where the result would not compile -------------------------------------------------------------

        [Theory]
        [InlineData("    readonly object gate = new object();\n    async Task M(IAsyncEnumerable<int> s)\n    {\n        await Task.Yield();\n        lock (gate) { foreach (var x in {|CS8414:s|}) { } }\n    }")]
        [InlineData("    void M(IAsyncEnumerable<int> s, ref int n)\n    {\n        foreach (var x in {|CS8414:s|}) n += x;\n    }")]
        [InlineData("    void M(IAsyncEnumerable<int> s)\n    {\n        Action a = () => { foreach (var x in {|CS8414:s|}) { } };\n    }")]
        [InlineData("    int Count { get { foreach (var x in {|CS8414:Source|}) { } return 0; } }\n    IAsyncEnumerable<int> Source => throw null!;")]
        [InlineData("    IEnumerable<int> Relay(IAsyncEnumerable<int> s) { foreach (var x in {|CS8414:s|}) yield return x; }\n    void Use(IAsyncEnumerable<int> s) { foreach (var x in Relay(s)) { } }")]
        [InlineData("    interface IReader { int Read(IAsyncEnumerable<int> s); }\n    class Reader : IReader { public int Read(IAsyncEnumerable<int> s) { foreach (var x in {|CS8414:s|}) { } return 0; } }")]
        public Task No_fix_where_it_would_not_compile(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));
    }
}
