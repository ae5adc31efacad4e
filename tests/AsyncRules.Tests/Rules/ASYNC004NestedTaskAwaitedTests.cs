using System.Threading.Tasks;
using AsyncRules.Analyzers.Rules;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC004NestedTaskAwaitedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC004NestedTaskAwaitedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC004")]
    public class ASYNC004NestedTaskAwaitedTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task StartNew_with_an_async_lambda_becomes_Task_Run()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            {|#0:await Task.Factory.StartNew(async () => await Task.Delay(1))|};
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Run(async () => await Task.Delay(1));
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Task<Task>"));

        [Fact]
        public Task StartNew_with_a_token_becomes_Task_Run_with_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            [|await Task.Factory.StartNew(async () => { await Task.Delay(1); return 1; }, ct)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await Task.Run(async () => { await Task.Delay(1); return 1; }, ct);
                        }
                    """));

        [Fact]
        public Task StartNew_with_options_keeps_them_and_unwraps()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            [|await Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|];
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning).Unwrap();
                        }
                    """));

        [Fact]
        public Task A_custom_factory_is_unwrapped_not_replaced()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(TaskFactory factory)
                        {
                            [|await factory.StartNew(async () => await Task.Delay(1))|];
                        }
                    """),
                Code("""
                        async Task M(TaskFactory factory)
                        {
                            await factory.StartNew(async () => await Task.Delay(1)).Unwrap();
                        }
                    """));

        [Fact]
        public Task Any_nested_task_is_unwrapped()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<Task<int>> Make() => Task.FromResult(Task.FromResult(1));
                        async Task M()
                        {
                            [|await Make().ConfigureAwait(false)|];
                            [|await Make()|];
                        }
                    """),
                Code("""
                        Task<Task<int>> Make() => Task.FromResult(Task.FromResult(1));
                        async Task M()
                        {
                            await Make().Unwrap().ConfigureAwait(false);
                            await Make().Unwrap();
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task A1() { [|await Task.Factory.StartNew(async () => await Task.Yield())|]; }")));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1() { [|await Task.Factory.StartNew(async () => await Task.Yield())|]; }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task A1() { await Task.Run(async () => await Task.Yield()); }")));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1() { await Task.Run(async () => await Task.Yield()); }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task Unwrap_brings_its_using_directive()
            => Verify.VerifyCodeFixAsync(
                """
                    class C
                    {
                        System.Threading.Tasks.Task<System.Threading.Tasks.Task> Make() => null!;
                        async System.Threading.Tasks.Task M()
                        {
                            [|await Make()|];
                        }
                    }

                    """,
                """
                    using System.Threading.Tasks;

                    class C
                    {
                        System.Threading.Tasks.Task<System.Threading.Tasks.Task> Make() => null!;
                        async System.Threading.Tasks.Task M()
                        {
                            await TaskExtensions.Unwrap(Make());
                        }
                    }

                    """);

        [Fact]
        public Task A_derived_inner_task_is_reported_without_a_fix()
        {
            var source = Code("""
                    class MyTask : Task { public MyTask() : base(() => { }) { } }
                    Task<MyTask> Make() => Task.FromResult(new MyTask());
                    async Task M()
                    {
                        [|await Make()|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- A nested task converted to Task: whoever waits for it waits for the outer task only ----------------------

        [Fact]
        public Task Nested_task_assigned_to_a_Task_variable_becomes_Task_Run()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task FooAsync() => Task.Delay(1);
                        void M()
                        {
                            Task t = {|#0:Task.Factory.StartNew(() => FooAsync())|};
                            t.Wait();
                        }
                    """),
                Code("""
                        Task FooAsync() => Task.Delay(1);
                        void M()
                        {
                            Task t = Task.Run(() => FooAsync());
                            t.Wait();
                        }
                    """),
                Verify.Diagnostic(ASYNC004NestedTaskAwaitedAnalyzer.ConvertedRule).WithLocation(0).WithArguments("Task<Task>"));

        [Fact]
        public Task Nested_task_returned_as_Task_with_options_is_unwrapped()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<int> FooAsync() => Task.FromResult(1);
                        Task M() => {|#0:Task.Factory.StartNew(() => FooAsync(), TaskCreationOptions.LongRunning)|};
                    """),
                Code("""
                        Task<int> FooAsync() => Task.FromResult(1);
                        Task M() => Task.Factory.StartNew(() => FooAsync(), TaskCreationOptions.LongRunning).Unwrap();
                    """),
                Verify.Diagnostic(ASYNC004NestedTaskAwaitedAnalyzer.ConvertedRule).WithLocation(0).WithArguments("Task<Task<int>>"));

        [Fact]
        public Task Nested_tasks_passed_as_Task_arguments_are_all_fixed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(System.Collections.Generic.List<Task> tasks, CancellationToken ct)
                        {
                            tasks.Add({|#0:Task.Factory.StartNew(async () => await Task.Delay(1))|});
                            await Task.WhenAll({|#1:Task.Factory.StartNew(async () => await Task.Delay(2), ct)|}, Task.Delay(3));
                        }
                    """),
                Code("""
                        async Task M(System.Collections.Generic.List<Task> tasks, CancellationToken ct)
                        {
                            tasks.Add(Task.Run(async () => await Task.Delay(1)));
                            await Task.WhenAll(Task.Run(async () => await Task.Delay(2), ct), Task.Delay(3));
                        }
                    """),
                Verify.Diagnostic(ASYNC004NestedTaskAwaitedAnalyzer.ConvertedRule).WithLocation(0).WithArguments("Task<Task>"),
                Verify.Diagnostic(ASYNC004NestedTaskAwaitedAnalyzer.ConvertedRule).WithLocation(1).WithArguments("Task<Task>"));

        [Fact]
        public Task A_derived_inner_task_converted_to_Task_is_reported_without_a_fix()
        {
            var source = Code("""
                    class MyTask : Task { public MyTask() : base(() => { }) { } }
                    Task<MyTask> Make() => Task.FromResult(new MyTask());
                    Task M() => {|#0:Make()|};
                """);
            return Verify.VerifyCodeFixAsync(source, source, Verify.Diagnostic(ASYNC004NestedTaskAwaitedAnalyzer.ConvertedRule).WithLocation(0).WithArguments("Task<MyTask>"));
        }

        [Theory]
        [InlineData("Task M(Task a, Task b) { Task first = Task.WhenAny(a, b); return Task.WhenAny(a, b); }")]
        [InlineData("Task M(Task a, Task b, CancellationToken ct) => Task.WhenAll(Task.WhenAny(a, b).WaitAsync(ct), a);")]
        [InlineData("Task M() { Task<Task> outer = Task.Factory.StartNew(async () => await Task.Yield()); return outer.Unwrap(); }")]
        [InlineData("Task M() { Task t = Task.Run(async () => await Task.Yield()); return t; }")]
        [InlineData("Task M() => Task.Factory.StartNew(() => 1);")]
        [InlineData("object M() => Task.Factory.StartNew(async () => await Task.Yield());")]
        [InlineData("Task M() => (Task)Task.Factory.StartNew(async () => await Task.Yield());")]
        public Task Silent_on_WhenAny_kept_or_unwrapped_nested_tasks_and_casts(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task M(Task a, Task b, CancellationToken ct) { await Task.WhenAny(a, b).WaitAsync(ct); await Task.WhenAny(a, b).ConfigureAwait(false); }")]
        [InlineData("async Task M() { await await Task.Factory.StartNew(async () => await Task.Yield()); }")]
        [InlineData("async Task M() { var inner = await Task.Factory.StartNew(async () => await Task.Yield()); await inner; }")]
        [InlineData("async Task M(Task a, Task b) { await Task.WhenAny(a, b); }")]
        [InlineData("async Task M() { await Task.Run(async () => await Task.Yield()); }")]
        [InlineData("async Task M() { await Task.Factory.StartNew(() => 1); }")]
        [InlineData("async Task<Task> M() => await Task.Factory.StartNew(async () => await Task.Yield());")]
        public Task Silent_when_the_inner_task_is_used_or_there_is_none(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
