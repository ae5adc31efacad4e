using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS4001NotAwaitableCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS4001 and CS1061-on-GetAwaiter: awaiting something that is not awaitable.</summary>
    [Trait("Rule", "CS4001")]
    [Trait("Rule", "CS1061")]
    public class CS4001NotAwaitableCodeFixTests
    {
        private const string Usings = "using System;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task A_delegate_returning_a_task_is_called()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task<string> M(Func<Task<string>> part1)\n    {\n        var p1 = {|CS1061:await part1|};\n        return p1;\n    }"),
                Code("    async Task<string> M(Func<Task<string>> part1)\n    {\n        var p1 = await part1();\n        return p1;\n    }"));

        [Fact]
        public Task A_method_group_is_called()
            => Verify.VerifyCodeFixAsync(
                Code("    static Task Work() => Task.CompletedTask;\n    async Task M()\n    {\n        {|CS4001:await Work|};\n    }"),
                Code("    static Task Work() => Task.CompletedTask;\n    async Task M()\n    {\n        await Work();\n    }"));

        [Fact]
        public Task A_plain_value_loses_its_await()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task<int> M(int n)\n    {\n        var x = {|CS1061:await n|};\n        await Task.Yield();\n        return x;\n    }"),
                Code("    async Task<int> M(int n)\n    {\n        var x = n;\n        await Task.Yield();\n        return x;\n    }"));

        [Fact]
        public Task A_plain_value_as_a_statement_becomes_a_discard()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(int n)\n    {\n        {|CS1061:await n|};\n        await Task.Yield();\n    }"),
                Code("    async Task M(int n)\n    {\n        _ = n;\n        await Task.Yield();\n    }"));

        [Fact]
        public Task A_sync_call_as_a_statement_stays_a_call()
            => Verify.VerifyCodeFixAsync(
                Code("    int Count() => 1;\n    async Task M()\n    {\n        {|CS1061:await Count()|};\n        await Task.Yield();\n    }"),
                Code("    int Count() => 1;\n    async Task M()\n    {\n        Count();\n        await Task.Yield();\n    }"));

        [Fact]
        public Task Precedence_is_kept()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task<string> M(int a, int b)\n    {\n        await Task.Yield();\n        return ({|CS1061:await (a + b)|}).ToString();\n    }"),
                Code("    async Task<string> M(int a, int b)\n    {\n        await Task.Yield();\n        return ((a + b)).ToString();\n    }"));

        [Fact]
        public Task A_collection_of_tasks_is_awaited_with_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(System.Collections.Generic.List<Task> tasks)\n    {\n        {|CS1061:await tasks|};\n    }"),
                Code("    async Task M(System.Collections.Generic.List<Task> tasks)\n    {\n        await Task.WhenAll(tasks);\n    }"));

        [Fact]
        public Task A_tuple_of_tasks_is_awaited_with_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(Task a, Task<int> b)\n    {\n        {|CS1061:await (a, b)|};\n    }"),
                Code("    async Task M(Task a, Task<int> b)\n    {\n        await Task.WhenAll(a, b);\n    }"));

        [Theory]
        [InlineData("async Task M(Func<int> f) { var x = {|CS1061:await f|}; }")]
        [InlineData("async Task M((Task, Task) pair) { {|CS1061:await pair|}; }")]
        [InlineData("async Task M() { {|CS4001:await (() => Task.CompletedTask)|}; }")]
        [InlineData("async Task M(string s) { var n = s.{|CS1061:Lenght|}; await Task.Yield(); }")]
        public Task No_fix_for_a_lambda_or_an_unrelated_missing_member(string member)
        {
            var source = Code("    " + member);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task A1(Func<Task> f, Func<Task> g)\n    {\n        {|CS1061:await f|};\n        {|CS1061:await g|};\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(Func<Task> h)\n    {\n        {|CS1061:await h|};\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task A1(Func<Task> f, Func<Task> g)\n    {\n        await f();\n        await g();\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(Func<Task> h)\n    {\n        await h();\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }
    }
}
