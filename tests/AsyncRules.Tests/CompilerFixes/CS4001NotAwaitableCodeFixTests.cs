using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
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
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task A_delegate_returning_a_task_is_called()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<string> M(Func<Task<string>> part1)
                        {
                            var p1 = {|CS1061:await part1|};
                            return p1;
                        }
                    """),
                Code("""
                        async Task<string> M(Func<Task<string>> part1)
                        {
                            var p1 = await part1();
                            return p1;
                        }
                    """));

        [Fact]
        public Task A_method_group_is_called()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static Task Work() => Task.CompletedTask;
                        async Task M()
                        {
                            {|CS4001:await Work|};
                        }
                    """),
                Code("""
                        static Task Work() => Task.CompletedTask;
                        async Task M()
                        {
                            await Work();
                        }
                    """));

        [Fact]
        public Task A_plain_value_loses_its_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(int n)
                        {
                            var x = {|CS1061:await n|};
                            await Task.Yield();
                            return x;
                        }
                    """),
                Code("""
                        async Task<int> M(int n)
                        {
                            var x = n;
                            await Task.Yield();
                            return x;
                        }
                    """));

        [Fact]
        public Task A_plain_value_as_a_statement_becomes_a_discard()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(int n)
                        {
                            {|CS1061:await n|};
                            await Task.Yield();
                        }
                    """),
                Code("""
                        async Task M(int n)
                        {
                            _ = n;
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task A_sync_call_as_a_statement_stays_a_call()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Count() => 1;
                        async Task M()
                        {
                            {|CS1061:await Count()|};
                            await Task.Yield();
                        }
                    """),
                Code("""
                        int Count() => 1;
                        async Task M()
                        {
                            Count();
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task Precedence_is_kept()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<string> M(int a, int b)
                        {
                            await Task.Yield();
                            return ({|CS1061:await (a + b)|}).ToString();
                        }
                    """),
                Code("""
                        async Task<string> M(int a, int b)
                        {
                            await Task.Yield();
                            return ((a + b)).ToString();
                        }
                    """));

        [Fact]
        public Task A_collection_of_tasks_is_awaited_with_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(System.Collections.Generic.List<Task> tasks)
                        {
                            {|CS1061:await tasks|};
                        }
                    """),
                Code("""
                        async Task M(System.Collections.Generic.List<Task> tasks)
                        {
                            await Task.WhenAll(tasks);
                        }
                    """));

        [Fact]
        public Task A_tuple_of_tasks_is_awaited_with_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task a, Task<int> b)
                        {
                            {|CS1061:await (a, b)|};
                        }
                    """),
                Code("""
                        async Task M(Task a, Task<int> b)
                        {
                            await Task.WhenAll(a, b);
                        }
                    """));

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
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task A1(Func<Task> f, Func<Task> g)
                    {
                        {|CS1061:await f|};
                        {|CS1061:await g|};
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(Func<Task> h)
                    {
                        {|CS1061:await h|};
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1(Func<Task> f, Func<Task> g)
                    {
                        await f();
                        await g();
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(Func<Task> h)
                    {
                        await h();
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }
    }
}
