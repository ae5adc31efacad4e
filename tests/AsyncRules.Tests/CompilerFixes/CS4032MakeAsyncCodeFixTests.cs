using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS4032MakeAsyncCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS4032, CS4033, CS4034: await outside async code. The fix makes the enclosing function async.</summary>
    [Trait("Rule", "CS4032")]
    [Trait("Rule", "CS4033")]
    [Trait("Rule", "CS4034")]
    public class CS4032MakeAsyncCodeFixTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Linq.Expressions", "System.Runtime.CompilerServices", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- Methods and local functions (CS4032 / CS4033) ---------------------------------------------------------

        [Fact]
        public Task Void_method_becomes_async_Task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            {|CS4033:await Task.Delay(1)|};
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Delay(1);
                        }
                    """));

        [Fact]
        public Task Value_method_becomes_async_Task_of_T()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        public static int M()
                        {
                            {|CS4032:await Task.Delay(1)|};
                            return 1;
                        }
                    """),
                Code("""
                        public static async Task<int> M()
                        {
                            await Task.Delay(1);
                            return 1;
                        }
                    """));

        [Fact]
        public Task Main_becomes_async_Task_Main()
            => Verify.VerifyProgramCodeFixAsync(
                Usings + """
                    static class Program
                    {
                        static void Main(string[] args)
                        {
                            {|CS4033:await Task.Delay(1)|};
                        }
                    }

                    """,
                Usings + """
                    static class Program
                    {
                        static async Task Main(string[] args)
                        {
                            await Task.Delay(1);
                        }
                    }

                    """);

        [Fact]
        public Task Int_Main_becomes_async_Task_of_int_Main()
            => Verify.VerifyProgramCodeFixAsync(
                Usings + """
                    static class Program
                    {
                        static int Main()
                        {
                            {|CS4032:await Task.Delay(1)|};
                            return 0;
                        }
                    }

                    """,
                Usings + """
                    static class Program
                    {
                        static async Task<int> Main()
                        {
                            await Task.Delay(1);
                            return 0;
                        }
                    }

                    """);

        [Fact]
        public Task Task_method_keeps_its_type_and_drops_the_completed_task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task M()
                        {
                            {|CS4032:await Task.Delay(1)|};
                            return Task.CompletedTask;
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Delay(1);
                        }
                    """));

        [Fact]
        public Task Task_of_T_method_returns_the_value_instead_of_FromResult()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<int> M(Task<int> t)
                        {
                            var x = {|CS4032:await t|};
                            return Task.FromResult(x + 1);
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            var x = await t;
                            return x + 1;
                        }
                    """));

        [Fact]
        public Task Task_method_awaits_the_task_it_returned()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task Other() => Task.CompletedTask;
                        Task M(bool c)
                        {
                            {|CS4032:await Task.Delay(1)|};
                            if (c)
                            {
                                return Other();
                            }
                            return Task.CompletedTask;
                        }
                    """),
                Code("""
                        Task Other() => Task.CompletedTask;
                        async Task M(bool c)
                        {
                            await Task.Delay(1);
                            if (c)
                            {
                                await Other();
                                return;
                            }
                        }
                    """));

        [Fact]
        public Task Null_or_default_from_a_Task_method_becomes_a_plain_return()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task M(bool c)
                        {
                            {|CS4032:await Task.Yield()|};
                            if (c)
                            {
                                return null;
                            }
                            return default;
                        }
                    """),
                Code("""
                        async Task M(bool c)
                        {
                            await Task.Yield();
                            if (c)
                            {
                                return;
                            }
                        }
                    """));

        [Fact]
        public Task Iterator_becomes_async_iterator()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        IEnumerable<int> Numbers()
                        {
                            yield return {|CS4032:await Task.FromResult(1)|};
                        }
                    """),
                Code("""
                        async IAsyncEnumerable<int> Numbers()
                        {
                            yield return await Task.FromResult(1);
                        }
                    """));

        [Fact]
        public Task Local_function_becomes_async()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void Outer()
                        {
                            Local();
                            void Local()
                            {
                                {|CS4033:await Task.Delay(1)|};
                            }
                        }
                    """),
                Code("""
                        void Outer()
                        {
                            Local();
                            async Task Local()
                            {
                                await Task.Delay(1);
                            }
                        }
                    """));

        [Fact]
        public Task Callers_in_async_code_await_the_new_task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Get()
                        {
                            {|CS4032:await Task.Delay(1)|};
                            return 1;
                        }
                        async Task<int> Use() => Get() + 1;
                    """),
                Code("""
                        async Task<int> Get()
                        {
                            await Task.Delay(1);
                            return 1;
                        }
                        async Task<int> Use() => await Get() + 1;
                    """));

        [Fact]
        public Task Recursive_calls_are_awaited()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Count(int n)
                        {
                            {|CS4032:await Task.Yield()|};
                            return n == 0 ? 0 : Count(n - 1) + 1;
                        }
                    """),
                Code("""
                        async Task<int> Count(int n)
                        {
                            await Task.Yield();
                            return n == 0 ? 0 : await Count(n - 1) + 1;
                        }
                    """));

        [Fact]
        public Task A_call_whose_value_is_unused_still_compiles()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Get()
                        {
                            {|CS4032:await Task.Delay(1)|};
                            return 1;
                        }
                        void Use() { Get(); }
                    """),
                Code("""
                        async Task<int> Get()
                        {
                            await Task.Delay(1);
                            return 1;
                        }
                        void Use() { Get(); }
                    """));

        [Fact]
        public Task Expression_bodied_method_with_attributes_and_comments()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        // Counts.
                        [Obsolete]
                        int M() => {|CS4032:await Task.FromResult(1)|};
                    """),
                Code("""
                        // Counts.
                        [Obsolete]
                        async Task<int> M() => await Task.FromResult(1);
                    """));

        [Fact]
        public Task Calls_used_as_statements_in_async_code_are_awaited_so_the_caller_still_waits()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void Log()
                        {
                            {|CS4033:await Task.Delay(1)|};
                        }
                        async Task Run()
                        {
                            Log();
                            await Task.Yield();
                        }
                        void SyncRun() { Log(); }
                    """),
                Code("""
                        async Task Log()
                        {
                            await Task.Delay(1);
                        }
                        async Task Run()
                        {
                            await Log();
                            await Task.Yield();
                        }
                        void SyncRun() { Log(); }
                    """));

        [Fact]
        public Task Explicit_interface_implementation_that_already_returns_Task_gets_async()
            => Verify.VerifyCodeFixAsync(
                Usings + """
                    interface I { Task M(); }
                    class D : I
                    {
                        Task I.M()
                        {
                            {|CS4032:await Task.Yield()|};
                            return Task.CompletedTask;
                        }
                    }

                    """,
                Usings + """
                    interface I { Task M(); }
                    class D : I
                    {
                        async Task I.M()
                        {
                            await Task.Yield();
                        }
                    }

                    """);

        [Fact]
        public Task Lambda_for_a_non_generic_Task_awaits_its_expression_body()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M(Task<int> t)
                        {
                            Func<Task> f = () => Task.FromResult(1 + {|CS4034:await t|});
                        }
                    """),
                Code("""
                        void M(Task<int> t)
                        {
                            Func<Task> f = async () => await Task.FromResult(1 + await t);
                        }
                    """));

        [Fact]
        public Task Async_Main_before_CSharp_7_1_has_no_fix()
        {
            var source = Usings + """
                static class Program
                {
                    static void Main()
                    {
                        {|CS4033:await Task.Delay(1)|};
                    }
                }

                """;
            var test = new Verify.Test { TestCode = source, FixedCode = source, LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7, OutputKind = OutputKind.ConsoleApplication };
            return test.RunAsync();
        }

        // ---- Lambdas and anonymous methods (CS4034) ------------------------------------------------------------------

        [Fact]
        public Task Lambda_becomes_async()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            Action a = () => { {|CS4034:await Task.Delay(1)|}; };
                        }
                    """),
                Code("""
                        void M()
                        {
                            Action a = async () => { await Task.Delay(1); };
                        }
                    """));

        [Fact]
        public Task Anonymous_method_becomes_async()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            Action a = delegate { {|CS4034:await Task.Delay(1)|}; };
                        }
                    """),
                Code("""
                        void M()
                        {
                            Action a = async delegate { await Task.Delay(1); };
                        }
                    """));

        [Fact]
        public Task Lambda_returning_a_task_awaits_what_it_returned()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            Func<int, Task<int>> f = x => Task.FromResult(x + {|CS4034:await Task.FromResult(1)|});
                        }
                    """),
                Code("""
                        void M()
                        {
                            Func<int, Task<int>> f = async x => x + await Task.FromResult(1);
                        }
                    """));

        [Fact]
        public Task Fix_all_makes_every_function_async_once()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    void M()
                    {
                        {|CS4033:await Task.Delay(1)|};
                        {|CS4033:await Task.Delay(2)|};
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    int N()
                    {
                        {|CS4032:await Task.Delay(1)|};
                        return 2;
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M()
                    {
                        await Task.Delay(1);
                        await Task.Delay(2);
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task<int> N()
                    {
                        await Task.Delay(1);
                        return 2;
                    }
                }

                """));
            test.NumberOfIncrementalIterations = 2;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task Missing_using_directive_is_added()
            => Verify.VerifyCodeFixAsync(
                """
                    class C
                    {
                        int M(System.Threading.Tasks.Task<int> t)
                        {
                            return {|CS4032:await t|};
                        }
                    }

                    """,
                """
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task<int> M(System.Threading.Tasks.Task<int> t)
                        {
                            return await t;
                        }
                    }

                    """);

        // ---- Refusals: the signature cannot change, or the result would not compile -----------------------------------

        [Theory]
        [InlineData("class B { public virtual int M() => 0; } class D : B { public override int M() { {|CS4032:await Task.Yield()|}; return 1; } }")]
        [InlineData("interface I { void M(); } class D : I { public void M() { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("interface I { void M(); } class D : I { void I.M() { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { public virtual void M() { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { void M(ref int x) { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { void M(out int x) { x = 1; {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { void M(in int x) { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { void M(Span<int> s) { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { int f; ref int M() { {|CS4032:await Task.Yield()|}; return ref f; } }")]
        [InlineData("class D { unsafe void M() { {|CS4004:{|CS4033:await Task.Yield()|}|}; } }")]
        [InlineData("class D { [MethodImpl(MethodImplOptions.Synchronized)] void M() { {|CS4033:await Task.Yield()|}; } }")]
        [InlineData("class D { int Get() { {|CS4032:await Task.Yield()|}; return 1; } int Use() => Get() + 1; }")]
        [InlineData("class D { void Handler() { {|CS4033:await Task.Yield()|}; } void Wire() { Action a = Handler; } }")]
        [InlineData("class D { IEnumerable<int> Numbers() { yield return {|CS4032:await Task.FromResult(1)|}; } void Use() { foreach (var n in Numbers()) { } } }")]
        [InlineData("class D { int P { get { {|CS4032:await Task.Yield()|}; return 1; } } }")]
        [InlineData("class D { void M() { Func<int> f = () => { {|CS4034:await Task.Yield()|}; return 1; }; } }")]
        [InlineData("class D { Task<string> M() { {|CS4032:await Task.Yield()|}; return null; } }")]
        [InlineData("class D { Task<string> M() { {|CS4032:await Task.Yield()|}; return default; } }")]
        [InlineData("class MyTask : Task { public MyTask() : base(() => { }) { } } class D { MyTask M() { {|CS4032:await Task.Yield()|}; return new MyTask(); } }")]
        [InlineData("class D { void M(object gate) { lock (gate) { {|CS1996:{|CS4033:await Task.Yield()|}|}; } } }")]
        public Task No_fix_where_the_result_would_not_compile(string code)
        {
            var source = Usings + code + "\n";
            return Verify.VerifyCodeFixAsync(source, source);
        }
    }
}
