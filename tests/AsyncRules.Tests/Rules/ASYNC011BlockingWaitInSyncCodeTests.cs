using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC011BlockingWaitInSyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC011BlockingWaitInSyncCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC011")]
    public class ASYNC011BlockingWaitInSyncCodeTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Linq", "System.Linq.Expressions", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- The analyzer: every blocking wait in sync code --------------------------------------------------------

        [Theory]
        [InlineData("int M(Task<int> t) => {|#0:t.Result|};", ".Result")]
        [InlineData("void M(Task t) => {|#0:t.Wait()|};", ".Wait()")]
        [InlineData("void M(Task t) => {|#0:t.Wait(1000)|};", ".Wait()")]
        [InlineData("int M(Task<int> t) => {|#0:t.GetAwaiter().GetResult()|};", ".GetAwaiter().GetResult()")]
        [InlineData("int M(ValueTask<int> t) => {|#0:t.Result|};", ".Result")]
        [InlineData("void M(Task a, Task b) => {|#0:Task.WaitAll(a, b)|};", "Task.WaitAll")]
        [InlineData("int M(Task[] all) => {|#0:Task.WaitAny(all)|};", "Task.WaitAny")]
        [InlineData("C(Task<int> t) { var x = {|#0:t.Result|}; }", ".Result")]
        [InlineData("int P => {|#0:Task.FromResult(1).ContinueWith(t => t.Result + 1).Result|};", ".Result")]
        [InlineData("async Task M(Task<int> t) { Func<int> f = () => {|#0:t.Result|}; await Task.Yield(); }", ".Result")]
        public Task Blocking_waits_in_sync_code_are_reported(string member, string display)
            => Verify.VerifyAnalyzerAsync(Code("    " + member), Verify.Diagnostic().WithLocation(0).WithArguments(display).WithSeverity(DiagnosticSeverity.Info));

        [Theory]
        [InlineData("async Task<int> M(Task<int> t) { await Task.Yield(); return t.Result + 1; }")] // async code: ASYNC010's
        [InlineData("int M(Task<int> t) => t.IsCompleted ? t.Result : 0;")]
        [InlineData("int M(Task<int> t) { if (!t.IsCompletedSuccessfully) return 0; return t.Result; }")]
        [InlineData("int M() => Task.FromResult(1).Result;")]
        [InlineData("void M() => Task.CompletedTask.Wait();")]
        [InlineData("Task<int> M(Task<int> t) => t.ContinueWith(a => a.Result + 1);")]
        [InlineData("string M(Task<int> t) => nameof(t.Result);")]
        [InlineData("Expression<Func<Task<int>, int>> M() => t => t.Result;")]
        [InlineData("int M(Lazy<int> l) => l.Value;")]
        [InlineData("int M(KeyValuePair<int, Task<int>> p) => p.Key;")]
        public Task Look_alikes_and_finished_tasks_stay_silent(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        // ---- Wait primitives: a sync method whose job is to wait on a task its caller hands it ------------------------

        [Theory]
        [InlineData("static void Wait(Task task) { if (!task.Wait(1000)) throw new TimeoutException(); } static void Caller() => Wait(Task.Delay(5000));")] // the caller is a plain call
        [InlineData("static bool TryWait(Task task, TimeSpan timeout) => task.Wait(timeout);")]
        [InlineData("static T Wait<T>(Task<T> task, int timeout) { if (!task.Wait(timeout, CancellationToken.None)) throw new TimeoutException(); return task.Result; }")]
        [InlineData("static void WaitAll(params Task[] tasks) { if (!Task.WaitAll(tasks, TimeSpan.FromSeconds(5))) throw new TimeoutException(); } static void Caller() => WaitAll(Task.Delay(1), Task.Delay(2));")]
        [InlineData("static void Wait(Task task) { try { task.Wait(); } catch (AggregateException e) when (e.InnerExceptions.Count == 1) { throw e.InnerExceptions[0]; } }")]
        [InlineData("static T GetResult<T>(ValueTask<T> task) { try { return task.AsTask().GetAwaiter().GetResult(); } catch (AggregateException e) { throw e.Flatten(); } }")]
        [InlineData("void M() { Wait(Task.Delay(1)); void Wait(Task task) { if (!task.Wait(1000)) throw new TimeoutException(); } }")]
        public Task Silent_inside_a_wait_primitive_and_at_its_callers(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("static void Wait() { var task = Task.Delay(1); if (!{|#0:task.Wait(1000)|}) throw new TimeoutException(); }", ".Wait()")]
        [InlineData("static bool TryWait(Func<Task> start) => {|#0:start().Wait(1000)|};", ".Wait()")]
        [InlineData("static void Wait(Task task) { {|#0:task.Wait(1000)|}; }", ".Wait()")]
        [InlineData("static void Wait(Task task) { _ = {|#0:task.Wait(1000)|}; }", ".Wait()")]
        [InlineData("static void Wait(Task task) { try { {|#0:task.Wait()|}; } catch (InvalidOperationException) { } }", ".Wait()")]
        [InlineData("static void Save(Task<string> text) { try { } catch (AggregateException) { } Console.WriteLine({|#0:text.Result|}); }", ".Result")]
        [InlineData("static bool TryWait(Task task, Task other) { if (!task.Wait(1000)) return false; {|#0:other.Wait()|}; return true; }", ".Wait()")]
        [InlineData("static Action<Task> Waiter => task => { if (!{|#0:task.Wait(1000)|}) throw new TimeoutException(); };", ".Wait()")]
        public Task A_wait_on_a_task_it_creates_or_that_is_no_wait_primitive_is_still_reported(string member, string display)
            => Verify.VerifyAnalyzerAsync(Code("    " + member), Verify.Diagnostic().WithLocation(0).WithArguments(display).WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task A_bounded_wait_in_a_nested_lambda_does_not_make_the_method_a_wait_primitive()
            => Verify.VerifyAnalyzerAsync(Code("    static void Wait(Task task) { Func<bool> f = () => [|task.Wait(1000)|]; [|task.Wait()|]; }"));

        // ---- The fix, in one document ------------------------------------------------------------------------------

        [Fact]
        public Task A_chain_becomes_async_up_to_Main()
            => Verify.VerifyCodeFixAsync(
                """
                using System;
                using System.Threading.Tasks;
                class Program
                {
                    static Task<int> FetchAsync() => Task.FromResult(42);

                    static int Load()
                    {
                        return {|#0:FetchAsync().Result|};
                    }

                    static void Run()
                    {
                        Console.WriteLine(Load() + 1);
                    }

                    static void Main()
                    {
                        Run();
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;
                class Program
                {
                    static Task<int> FetchAsync() => Task.FromResult(42);

                    static async Task<int> LoadAsync()
                    {
                        return await FetchAsync();
                    }

                    static async Task RunAsync()
                    {
                        Console.WriteLine(await LoadAsync() + 1);
                    }

                    static async Task Main()
                    {
                        await RunAsync();
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments(".Result").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task Every_wait_of_the_function_becomes_an_await_and_the_name_is_kept_when_Async_is_taken()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Sum(Task<int> a, Task b)
                        {
                            [|b.Wait()|];
                            return [|a.GetAwaiter().GetResult()|];
                        }

                        Task<int> SumAsync(Task<int> a) => a;
                    """),
                Code("""
                        async Task<int> Sum(Task<int> a, Task b)
                        {
                            await b;
                            return await a;
                        }

                        Task<int> SumAsync(Task<int> a) => a;
                    """));

        [Fact]
        public Task A_task_returning_sync_method_keeps_its_signature_and_its_callers()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<int> Next(Task<int> t)
                        {
                            var x = [|t.Result|];
                            return Task.FromResult(x + 1);
                        }

                        int Use(Task<int> t) => Next(t).GetHashCode();
                    """),
                Code("""
                        async Task<int> Next(Task<int> t)
                        {
                            var x = await t;
                            return x + 1;
                        }

                        int Use(Task<int> t) => Next(t).GetHashCode();
                    """));

        [Fact]
        public Task Callers_that_cannot_be_async_keep_a_visible_wait_and_their_own_diagnostic()
        {
            var test = new Verify.Test
            {
                TestCode = """
                using System;
                using System.Threading.Tasks;
                interface ICounter { int Count(); }
                class Counter : ICounter
                {
                    readonly object gate = new object();

                    int Read(Task<int> t) => {|#0:t.Result|};

                    public int Count() => Read(Task.FromResult(1));

                    public int Total => Read(Task.FromResult(2));

                    int Locked()
                    {
                        lock (gate)
                        {
                            return Read(Task.FromResult(3));
                        }
                    }

                    void Later() => Task.Run(() => Read(Task.FromResult(4)));

                    void Maybe(Counter? other) => other?.Read(Task.FromResult(5));
                }
                """,
                FixedCode = """
                using System;
                using System.Threading.Tasks;
                interface ICounter { int Count(); }
                class Counter : ICounter
                {
                    readonly object gate = new object();

                    async Task<int> ReadAsync(Task<int> t) => await t;

                    public int Count() => {|#1:ReadAsync(Task.FromResult(1)).GetAwaiter().GetResult()|};

                    public int Total => {|#2:ReadAsync(Task.FromResult(2)).GetAwaiter().GetResult()|};

                    int Locked()
                    {
                        lock (gate)
                        {
                            return {|#3:ReadAsync(Task.FromResult(3)).GetAwaiter().GetResult()|};
                        }
                    }

                    void Later() => Task.Run(() => {|#4:ReadAsync(Task.FromResult(4)).GetAwaiter().GetResult()|});

                    void Maybe(Counter? other) => other?{|#5:.ReadAsync(Task.FromResult(5)).GetAwaiter().GetResult()|};
                }
                """,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(".Result"));
            for (var i = 1; i <= 5; i++)
            {
                test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(i).WithArguments(".GetAwaiter().GetResult()"));
            }

            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Event_handlers_become_async_void_and_tests_async_Task_without_renaming()
            => Verify.VerifyCodeFixAsync(
                """
                using System;
                using System.Threading.Tasks;
                class FactAttribute : Attribute { }
                class Button { public event EventHandler? Click; }
                class Page
                {
                    readonly Button button = new Button();

                    Page() => button.Click += OnClick;

                    void OnClick(object? sender, EventArgs e) => Save();

                    void OnLoaded(object? sender, EventArgs e) => Save(); // wired up by a designer: no reference in code

                    void Save() => {|#0:Task.Delay(1).Wait()|};

                    [Fact]
                    public void Saves() => Save();
                }
                """,
                """
                using System;
                using System.Threading.Tasks;
                class FactAttribute : Attribute { }
                class Button { public event EventHandler? Click; }
                class Page
                {
                    readonly Button button = new Button();

                    Page() => button.Click += OnClick;

                    async void OnClick(object? sender, EventArgs e) => await SaveAsync();

                    async void OnLoaded(object? sender, EventArgs e) => await SaveAsync(); // wired up by a designer: no reference in code

                    async Task SaveAsync() => await Task.Delay(1);

                    [Fact]
                    public async Task Saves() => await SaveAsync();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments(".Wait()"));

        [Fact]
        public Task Recursion_nameof_and_cref_follow_the_rename()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        /// <summary>Calls <see cref="Walk(int)"/>.</summary>
                        int Walk(int depth)
                        {
                            if (depth == 0) return [|Task.FromResult(0).ContinueWith(t => 1).Result|];
                            Console.WriteLine(nameof(Walk));
                            return Walk(depth - 1) + 1;
                        }
                    """),
                Code("""
                        /// <summary>Calls <see cref="WalkAsync(int)"/>.</summary>
                        async Task<int> WalkAsync(int depth)
                        {
                            if (depth == 0) return await Task.FromResult(0).ContinueWith(t => 1);
                            Console.WriteLine(nameof(WalkAsync));
                            return await WalkAsync(depth - 1) + 1;
                        }
                    """));

        [Fact]
        public Task A_local_function_is_made_async_with_its_enclosing_method()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Outer(Task<int> t)
                        {
                            return Inner() * 2;

                            int Inner() => [|t.Result|];
                        }
                    """),
                Code("""
                        async Task<int> OuterAsync(Task<int> t)
                        {
                            return await InnerAsync() * 2;

                            async Task<int> InnerAsync() => await t;
                        }
                    """));

        [Fact]
        public Task Top_level_statements_await_in_place()
            => Verify.VerifyProgramCodeFixAsync(
                """
                    using System.Threading.Tasks;
                    var x = [|Task.Run(() => 1).Result|];
                    System.Console.WriteLine(x);

                    """,
                """
                    using System.Threading.Tasks;
                    var x = await Task.Run(() => 1);
                    System.Console.WriteLine(x);

                    """);

        [Fact]
        public Task A_task_returning_lambda_becomes_async()
            => Verify.VerifyCodeFixAsync(
                Code("    Func<Task<int>> M(Task<int> t) => () => Task.FromResult([|t.Result|] + 1);"),
                Code("    Func<Task<int>> M(Task<int> t) => async () => await t + 1;"));

        [Fact]
        public Task Fix_All_converts_a_caller_shared_by_two_chains_once()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int A(Task<int> t) => [|t.Result|];

                        int B(Task<int> t) => [|t.GetAwaiter().GetResult()|];

                        int Both(Task<int> t)
                        {
                            return A(t) + B(t);
                        }
                    """),
                Code("""
                        async Task<int> AAsync(Task<int> t) => await t;

                        async Task<int> BAsync(Task<int> t) => await t;

                        async Task<int> BothAsync(Task<int> t)
                        {
                            return await AAsync(t) + await BAsync(t);
                        }
                    """));

        [Fact]
        public Task Generic_extension_and_qualified_calls_are_renamed_and_awaited()
            => Verify.VerifyCodeFixAsync(
                """
                using System.Threading.Tasks;
                static class TaskReading
                {
                    public static T Read<T>(this Task<T> task) => [|task.Result|];
                }
                class User
                {
                    static int Twice(Task<int> t) => t.Read() + TaskReading.Read<int>(t);

                    void Run(Task<int> t)
                    {
                        Twice(t);
                    }
                }
                """,
                """
                using System.Threading.Tasks;
                static class TaskReading
                {
                    public static async Task<T> ReadAsync<T>(this Task<T> task) => await task;
                }
                class User
                {
                    static async Task<int> TwiceAsync(Task<int> t) => await t.ReadAsync() + await TaskReading.ReadAsync<int>(t);

                    async Task RunAsync(Task<int> t)
                    {
                        await TwiceAsync(t);
                    }
                }
                """);

        [Fact]
        public Task Task_returning_callers_await_inside_and_keep_their_signature()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        int Load(Task<int> t) => [|t.Result|];

                        Task<int> Next(Task<int> t) => Task.FromResult(Load(t) + 1);

                        Task Touch(Task<int> t)
                        {
                            Load(t);
                            return Task.CompletedTask;
                        }
                    """),
                Code("""
                        async Task<int> LoadAsync(Task<int> t) => await t;

                        async Task<int> Next(Task<int> t) => await LoadAsync(t) + 1;

                        async Task Touch(Task<int> t)
                        {
                            await LoadAsync(t);
                        }
                    """));

        [Fact]
        public Task A_name_a_caller_would_see_differently_is_kept()
            => Verify.VerifyCodeFixAsync(
                """
                using System.Threading.Tasks;
                class Base
                {
                    protected int Load(Task<int> t) => [|t.Result|];
                }
                class Derived : Base
                {
                    readonly int LoadAsync = 0;

                    int Use(Task<int> t) => Load(t) + LoadAsync;
                }
                """,
                """
                using System.Threading.Tasks;
                class Base
                {
                    protected async Task<int> Load(Task<int> t) => await t;
                }
                class Derived : Base
                {
                    readonly int LoadAsync = 0;

                    async Task<int> UseAsync(Task<int> t) => await Load(t) + LoadAsync;
                }
                """);

        [Fact]
        public Task A_caller_in_a_query_clause_keeps_a_visible_wait()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                        int Load(int x) => [|Task.Run(() => x).Result|];

                        List<int> All(int[] xs) => (from x in xs select Load(x)).ToList();
                    """),
                FixedCode = Code("""
                        async Task<int> LoadAsync(int x) => await Task.Run(() => x);

                        List<int> All(int[] xs) => (from x in xs select {|#0:LoadAsync(x).GetAwaiter().GetResult()|}).ToList();
                    """),
            };
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(".GetAwaiter().GetResult()"));
            return test.RunAsync(CancellationToken.None);
        }

        // ---- Where no fix is offered (docs/rules/ASYNC011.md) -----------------------------------------------------

        [Theory]
        [InlineData("int M(Task<int> t, ref int x) => [|t.Result|];")] // ref parameter
        [InlineData("unsafe int M(Task<int> t) => [|t.Result|];")] // unsafe context
        [InlineData("readonly object gate = new object();\n    int M(Task<int> t) { lock (gate) { return [|t.Result|]; } }")] // await in lock: CS1996
        [InlineData("int M(Task<int> t) { try { return [|t.Result|]; } catch (AggregateException) { return 0; } }")] // await throws another exception
        [InlineData("bool M(Func<Task> start) => [|start().Wait(100)|];")] // a timeout has no await form (on a parameter task it would be a wait primitive, not reported)
        [InlineData("readonly Task<string> name = Task.Run(() => \"c\");\n    public override string ToString() => [|name.Result|];")] // return type fixed by the override
        [InlineData("IEnumerable<int> M(Task<int> t) { yield return [|t.Result|]; }")] // iterator: its callers would need await foreach
        [InlineData("int M(Task<int> t) => [|t.Result|];\n    Func<Task<int>, int> F() => M;")] // used as a delegate: CS0407
        [InlineData("int P => [|Task.FromResult(1).ContinueWith(t => 2).Result|];")] // a property cannot be async
        [InlineData("C(Task t) { [|t.Wait()|]; }")] // nor a constructor
        [InlineData("void M(Task t) { Action a = () => [|t.Wait()|]; a(); }")] // a void lambda would become async void
        [InlineData("[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.Synchronized)]\n    int M(Task<int> t) => [|t.Result|];")]
        public Task No_fix_where_the_result_would_not_compile_or_would_change_behaviour(string members)
            => Verify.VerifyCodeFixAsync(Code("    " + members), Code("    " + members));

        // ---- Across projects: a chain of three callers, an interface boundary and an event handler --------------

        [Fact]
        public Task Callers_in_another_project_are_updated_and_the_chain_stops_at_the_boundaries()
        {
            const string Data = """
                using System.Threading.Tasks;
                namespace Data
                {
                    public class Store
                    {
                        public static Task<string> FetchAsync(string key) => Task.FromResult(key);

                        public string Read(string key) => {|#0:FetchAsync(key).Result|};
                    }
                }
                """;
            const string DataFixed = """
                using System.Threading.Tasks;
                namespace Data
                {
                    public class Store
                    {
                        public static Task<string> FetchAsync(string key) => Task.FromResult(key);

                        public async Task<string> ReadAsync(string key) => await FetchAsync(key);
                    }
                }
                """;
            const string AppWindow = """
                using System;
                namespace App
                {
                    public class Window
                    {
                        public event EventHandler? Opened;

                        public Window() => Opened += OnOpened;

                        void OnOpened(object? sender, EventArgs e) => Console.WriteLine(new Service().Length("w"));
                    }
                }
                """;
            const string App = """
                using System;
                using Data;
                namespace App
                {
                    public interface IReport { string Render(); }

                    public class Repository
                    {
                        readonly Store store = new Store();

                        public string Find(string key) => store.Read(key).Trim();
                    }

                    public class Service
                    {
                        readonly Repository repository = new Repository();

                        public int Length(string key)
                        {
                            var found = repository.Find(key);
                            return found.Length;
                        }
                    }

                    public class Report : IReport
                    {
                        public string Render() => new Service().Length("r").ToString();
                    }

                }
                """;
            const string AppFixedWindow = """
                using System;
                namespace App
                {
                    public class Window
                    {
                        public event EventHandler? Opened;

                        public Window() => Opened += OnOpened;

                        async void OnOpened(object? sender, EventArgs e) => Console.WriteLine(await new Service().LengthAsync("w"));
                    }
                }
                """;
            const string AppFixed = """
                using System;
                using System.Threading.Tasks;
                using Data;
                namespace App
                {
                    public interface IReport { string Render(); }

                    public class Repository
                    {
                        readonly Store store = new Store();

                        public async Task<string> FindAsync(string key) => (await store.ReadAsync(key)).Trim();
                    }

                    public class Service
                    {
                        readonly Repository repository = new Repository();

                        public async Task<int> LengthAsync(string key)
                        {
                            var found = await repository.FindAsync(key);
                            return found.Length;
                        }
                    }

                    public class Report : IReport
                    {
                        public string Render() => {|#1:new Service().LengthAsync("r").GetAwaiter().GetResult()|}.ToString();
                    }

                }
                """;
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/App.cs", App));
            test.TestState.Sources.Add(("/0/Window.cs", AppWindow));
            test.TestState.AdditionalProjectReferences.Add("Data");
            test.TestState.AdditionalProjects["Data"].Sources.Add(("/Data/Store.cs", Data));
            test.TestState.AdditionalProjects["Data"].AdditionalReferences.AddRange(TestReferences.All);
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(".Result"));
            test.FixedState.Sources.Add(("/0/App.cs", AppFixed));
            test.FixedState.Sources.Add(("/0/Window.cs", AppFixedWindow));
            test.FixedState.AdditionalProjects["Data"].Sources.Add(("/Data/Store.cs", DataFixed));
            test.FixedState.AdditionalProjects["Data"].AdditionalReferences.AddRange(TestReferences.All);
            test.FixedState.AdditionalProjectReferences.Add("Data");
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments(".GetAwaiter().GetResult()"));
            return test.RunAsync(CancellationToken.None);
        }

        // ---- Precision learned from real code: tasks proven complete (issue 14) ------------------------------------

        // Dual-path methods: the sync API enters the shared body with the literal false.
        private const string DualPath = """
                static Task<int> Done(int n) => Task.FromResult(n);
                async Task<int> ReadCore(bool async, Stream s, CancellationToken ct)
                {
                    if (async)
                        await s.FlushAsync(ct).ConfigureAwait(false);
                    var n = async ? await Done(1) : 1;
                    await Inner(async, ct).ConfigureAwait(false);
                    if (!async)
                        return n;
                    await Task.Delay(1, ct);
                    return n + 1;
                }
                async ValueTask Inner(bool async, CancellationToken ct)
                {
                    if (async)
                    {
                        await foreach (var x in Items(ct)) { }
                    }
                    await Fill(async, ct);
                }
                ValueTask Fill(bool async, CancellationToken ct)
                {
                    if (async)
                        return new ValueTask(Task.Delay(1, ct));
                    return new ValueTask();
                }
                async IAsyncEnumerable<int> Items([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct) { await Task.Yield(); yield return 1; }
            """;

        [Theory]
        [InlineData("int Read(Stream s) => ReadCore(async: false, s, CancellationToken.None).GetAwaiter().GetResult();")]
        [InlineData("int Read(Stream s) => ReadCore(false, s, default).Result;")]
        [InlineData("void Flush() => Inner(async: false, default).GetAwaiter().GetResult();")]
        [InlineData("void Flush() { var pending = Fill(false, default); pending.GetAwaiter().GetResult(); }")]
        // npgsql's local functions: handed the flag, or reading the flag of the method around them.
        [InlineData("int Read() => Core(false).Result; static async Task<int> Core(bool async) { await Next(async); return 1; static async Task Next(bool async) { if (async) await Task.Yield(); } }")]
        [InlineData("int Read() => Core(false).Result; async Task<int> Core(bool async) { await Next(); return 1; async Task Next() { if (async) await Task.Yield(); } }")]
        // Recursion: each call that returns has run its own sync path.
        [InlineData("int Read(int n) => Core(false, n).Result; async Task<int> Core(bool async, int n) { if (async) await Task.Yield(); return n == 0 ? 0 : await Core(async, n - 1); }")]
        // npgsql NpgsqlBinaryImporter: an argument with a ?: makes the graph capture the flag argument before it.
        [InlineData("int Read() => Core(false).Result; static int Pick(int n) => n; async Task<int> Core(bool async) { await Next(async, Pick(async ? 1 : 2)).ConfigureAwait(false); return 1; } static async Task Next(bool async, int n) { if (async) await Task.Delay(n); }")]
        // npgsql NpgsqlDataReader.NextResult: one of two dual-path methods, each entered with false.
        [InlineData("bool Next(bool schemaOnly) => (schemaOnly ? Step(false) : Step2(false)).GetAwaiter().GetResult(); async Task<bool> Step(bool async) { if (async) await Task.Yield(); return true; } Task<bool> Step2(bool async) => async ? Task.Run(() => true) : Task.FromResult(false);")]
        public Task Silent_on_a_dual_path_method_entered_with_false(string member)
            => Verify.VerifyAnalyzerAsync(Code(DualPath + "    " + member).Replace("using System;\n", "using System;\nusing System.IO;\n"));

        [Theory]
        // Its sync path awaits something else (npgsql SendDeriveParameters: a scheduler awaitable under !async).
        [InlineData("async Task<int> Send(bool async) { var sync = !async; if (sync) await Task.Yield(); return 1; } int M() => [|Send(async: false).Result|];")]
        // The flag is assigned (ShouldSchedule(ref async, i)): nothing is known about it afterwards.
        [InlineData("static bool Flip(ref bool b) { b = true; return b; } async Task<int> Send(bool async) { if (Flip(ref async) && async) await Task.Yield(); return 1; } int M() => [|Send(false).Result|];")]
        // A callee handed the flag whose own sync path awaits something pending.
        [InlineData("async Task Inner(bool async) => await Task.Delay(async ? 1 : 2); async Task<int> Send(bool async) { await Inner(async); return 1; } int M() => [|Send(false).Result|];")]
        // A callee handed the opposite of the flag.
        [InlineData("async Task Inner(bool async) { if (async) await Task.Yield(); } async Task<int> Send(bool async) { await Inner(!async); return 1; } int M() => [|Send(false).Result|];")]
        // A local function reading the flag of the method around it, whose own path awaits something else.
        [InlineData("async Task<int> Send(bool async) { await Next(); return 1; async Task Next() { if (!async) await Task.Yield(); } } int M() => [|Send(false).Result|];")]
        // Recursion does not hide an await on the sync path.
        [InlineData("async Task<int> Send(bool async, int n) { if (n == 0) { await Task.Yield(); return 0; } return await Send(async, n - 1); } int M() => [|Send(false, 3).Result|];")]
        // A virtual method: an override may await on any path (here one in the compilation does).
        [InlineData("protected virtual async Task<int> Send(bool async) { if (async) await Task.Yield(); return 1; } class D : C { protected override async Task<int> Send(bool async) { await Task.Yield(); return 2; } } int M() => [|Send(false).Result|];")]
        // Entered with true, or a non-async method returning a task it did not make.
        [InlineData("async Task<int> Send(bool async) { if (async) await Task.Yield(); return 1; } int M() => [|Send(true).Result|];")]
        [InlineData("Task<int> pending = Task.FromResult(1); Task<int> Send(bool async) => async ? Task.FromResult(2) : pending; int M() => [|Send(false).Result|];")]
        [InlineData("static int Pick(int n) => n; async Task<int> Core(bool async) { await Next(!async, Pick(async ? 1 : 2)); return 1; } static async Task Next(bool async, int n) { if (async) await Task.Delay(n); } int M() => [|Core(false).Result|];")]
        [InlineData("async Task<bool> Step(bool async) { if (async) await Task.Yield(); return true; } bool Next(bool c) => [|(c ? Step(false) : Task.Run(() => true)).GetAwaiter().GetResult()|];")]
        public Task Still_reported_when_the_sync_path_may_await(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        // The answer is cached per compilation, per method and the flags it is entered with: each call below asks the same
        // method, and only the entries with the same flags false share an answer.
        [Fact]
        public Task A_cached_answer_holds_only_for_calls_entering_with_the_same_flags_false()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Send(bool async, bool retry)
                    {
                        if (async) await Task.Yield();
                        if (retry) await Task.Delay(1);
                        return 1;
                    }
                    int Plain() => Send(false, false).Result;
                    int Again() => Send(async: false, retry: false).GetAwaiter().GetResult();
                    int Async() => [|Send(true, false).Result|];
                    int Retry() => [|Send(false, true).Result|];
                    int Passed(bool async) => [|Send(async, false).Result|];
                    int Local() { var async = false; return [|Send(async, false).Result|]; }
                """));

        // Two dual-path methods that call each other: the cycle proves nothing against the entry, and each entry has its
        // own answer.
        [Fact]
        public Task Silent_on_two_dual_path_methods_that_call_each_other()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Ping(bool async, int n) { if (async) await Task.Yield(); return n == 0 ? 0 : await Pong(async, n - 1); }
                    async Task<int> Pong(bool async, int n) { if (async) await Task.Yield(); return n == 0 ? 0 : await Ping(async, n - 1); }
                    int Read(int n) => Ping(false, n).Result;
                    int ReadBack(int n) => Pong(false, n).Result;
                """));

        [Fact]
        public Task Still_reported_when_one_of_two_dual_path_methods_that_call_each_other_awaits_on_its_sync_path()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Ping(bool async, int n) { if (async) await Task.Yield(); return n == 0 ? 0 : await Pong(async, n - 1); }
                    async Task<int> Pong(bool async, int n) { if (n == 1) await Task.Yield(); return n == 0 ? 0 : await Ping(async, n - 1); }
                    int Read(int n) => [|Ping(false, n).Result|];
                    int ReadBack(int n) => [|Pong(false, n).Result|];
                """));

        // The method entered is declared in another file of a partial class: its body is read in that file's tree.
        private const string PartialCallee = """
            using System.Threading.Tasks;

            partial class C
            {
                async Task<int> Send(bool async)
                {
                    if (async)
                        await Task.Yield();
                    return await Inner(async);
                }
            }
            """;

        [Theory]
        [InlineData("async Task<int> Inner(bool async) { if (async) await Task.Delay(1); return 1; }", "int Read() => Send(false).Result;")]
        [InlineData("async Task<int> Inner(bool async) { await Task.Delay(1); return 1; }", "int Read() => [|Send(false).Result|];")]
        public Task A_dual_path_method_in_another_file_of_a_partial_class_is_read_there(string inner, string member)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Read.cs", Usings + "partial class C\n{\n    " + inner + "\n    " + member + "\n}\n"));
            test.TestState.Sources.Add(("/0/Send.cs", PartialCallee));
            return test.RunAsync(CancellationToken.None);
        }

        // npgsql converters: the shared body awaits a call it cannot read (abstract, an interface member, a virtual) and
        // hands it its own flag.
        private const string Converters = """
                abstract class Converter { public abstract ValueTask<object> ReadAsObject(bool async, CancellationToken ct); }
                interface IWriter { ValueTask Flush(bool async, CancellationToken ct); }
                class Handler
                {
                    public virtual Task Negotiate(bool async) => throw new NotSupportedException();
                    public virtual async Task Pending(bool async) => await Task.Yield();
                    public virtual async Task Choose(bool async) { if (async) await Task.Yield(); }
                }
                readonly Converter inner = null!;
                readonly IWriter writer = null!;
                readonly Handler handler = new();

            """;

        [Theory]
        [InlineData("async ValueTask<int> Read(bool async, CancellationToken ct) { var o = await inner.ReadAsObject(async, ct); return o.GetHashCode(); } int Read() => Read(async: false, default).GetAwaiter().GetResult();")]
        [InlineData("async Task Write(bool async, CancellationToken ct) { await writer.Flush(async, ct).ConfigureAwait(false); await handler.Choose(async); } void Write() => Write(false, default).Wait();")]
        [InlineData("async Task Open(bool async) { if (!async) await handler.Negotiate(async); } void Open() => Open(false).Wait();")]
        // npgsql NpgsqlReadBuffer.ReadNullTerminatedString: a finished value task kept in a local, then returned.
        [InlineData("ValueTask<string> Read(bool async, int n) { var result = new ValueTask<string>(\"x\"); if (n > 0) return result; return Long(async); async ValueTask<string> Long(bool async) { if (async) await Task.Yield(); return \"y\"; } } string Read() => Read(false, 1).GetAwaiter().GetResult();")]
        [InlineData("async Task<int> Read(bool async) { var t = Task.FromResult(1); if (async) await Task.Yield(); return await t; } int Read() => Read(false).Result;")]
        public Task Silent_on_a_dual_path_method_that_hands_its_flag_to_a_call_it_cannot_read(string member)
            => Verify.VerifyAnalyzerAsync(Code(Converters + "    " + member));

        [Theory]
        // A constant false is no flag handed on: nothing says the callee is dual-path.
        [InlineData("async ValueTask<int> Read(bool async, CancellationToken ct) { var o = await inner.ReadAsObject(false, ct); return o.GetHashCode(); } int Read() => [|Read(async: false, default).GetAwaiter().GetResult()|];")]
        // A virtual method's own body is read: it awaits on its sync path.
        [InlineData("async Task Open(bool async) { await handler.Pending(async); } void Open() => [|Open(false).Wait()|];")]
        // The entry itself must be readable: an abstract method entered with false proves nothing.
        [InlineData("int Read() => [|inner.ReadAsObject(false, default).Result|].GetHashCode();")]
        // A local that may hold a pending task on the sync path.
        [InlineData("ValueTask<string> Read(bool async, int n) { var result = new ValueTask<string>(\"x\"); if (n > 1) result = new ValueTask<string>(Task.Run(() => \"z\")); if (n > 0) return result; return new ValueTask<string>(\"y\"); } string Read() => [|Read(false, 1).GetAwaiter().GetResult()|];")]
        [InlineData("async Task<int> Read(bool async) { var t = Task.FromResult(1); Action later = () => t = Task.Run(() => 2); later(); if (async) await Task.Yield(); return await t; } int Read() => [|Read(false).Result|];")]
        public Task Still_reported_when_a_call_it_cannot_read_or_a_local_may_be_pending(string member)
            => Verify.VerifyAnalyzerAsync(Code(Converters + "    " + member));

        // npgsql PgConverter.ReadAsObject / NpgsqlCommand.ExecuteReader: the method entered with false is abstract or virtual,
        // and no code outside the compilation can override it, so every body the call may run is here to be read.
        private const string Hierarchy = """
            public abstract class Converter
            {
                private protected Converter() { }
                public object ReadAsObject() => ReadAsObject(async: false, default).Result;
                public void WriteAsObject(object value) => WriteAsObject(async: false, value, default).GetAwaiter().GetResult();
                internal abstract ValueTask<object> ReadAsObject(bool async, CancellationToken ct);
                internal abstract ValueTask WriteAsObject(bool async, object value, CancellationToken ct);
            }
            public sealed class Buffered : Converter
            {
                internal override ValueTask<object> ReadAsObject(bool async, CancellationToken ct) => new(1);
                internal override ValueTask WriteAsObject(bool async, object value, CancellationToken ct) => new();
            }
            public abstract class Streaming : Converter
            {
                internal sealed override async ValueTask<object> ReadAsObject(bool async, CancellationToken ct) { if (async) await Task.Yield(); return 2; }
                internal sealed override ValueTask WriteAsObject(bool async, object value, CancellationToken ct) => async ? new ValueTask(Task.Delay(1, ct)) : new ValueTask();
            }
            public sealed class Casting : Converter
            {
                readonly Converter inner = new Buffered();
                internal override ValueTask<object> ReadAsObject(bool async, CancellationToken ct) => inner.ReadAsObject(async, ct);
                internal override ValueTask WriteAsObject(bool async, object value, CancellationToken ct) => inner.WriteAsObject(async, value, ct);
            }
            public class Command
            {
                public int ExecuteReader() => ExecuteReader(async: false, default).GetAwaiter().GetResult();
                internal virtual async ValueTask<int> ExecuteReader(bool async, CancellationToken ct) { if (async) await Task.Yield(); return 1; }
            }
            public sealed class SourceCommand : Command
            {
                internal override async ValueTask<int> ExecuteReader(bool async, CancellationToken ct)
                {
                    await Open(async);
                    return await base.ExecuteReader(async, ct).ConfigureAwait(false);
                }
                static Task Open(bool async) => async ? Task.Delay(1) : Task.CompletedTask;
            }
            public abstract class Sealed
            {
                private protected Sealed() { }
                public int Run() => Run(false).Result;
                public abstract Task<int> Run(bool async);
            }
            public sealed class SealedImpl : Sealed
            {
                public override Task<int> Run(bool async) => async ? Task.Run(() => 1) : Task.FromResult(2);
            }
            """;

        [Fact]
        public Task Silent_on_an_abstract_or_virtual_dual_path_method_whose_every_override_is_here_and_proven()
            => Verify.VerifyAnalyzerAsync(Usings + Hierarchy);

        [Theory]
        // An override in the compilation whose sync path awaits something real.
        [InlineData("public sealed class Slow : Converter { internal override async ValueTask<object> ReadAsObject(bool async, CancellationToken ct) { await Task.Delay(1, ct); return 3; } internal override ValueTask WriteAsObject(bool async, object value, CancellationToken ct) => new(); }", "ReadAsObject(async: false, default).Result")]
        // A public abstract method of a type outside code can derive from (a protected constructor): its overrides are not all here.
        [InlineData("public abstract class Open { protected Open() { } public int Run() => Run(false).Result; public abstract Task<int> Run(bool async); } public sealed class OpenImpl : Open { public override Task<int> Run(bool async) => Task.FromResult(1); }", "Run(false).Result")]
        // The base hides its constructor, but a derived public class with a public constructor leaves the override open.
        [InlineData("public class Leaky : Sealed { public override Task<int> Run(bool async) => Task.FromResult(3); }", "Run(false).Result")]
        public Task Still_reported_when_an_override_may_await_or_be_written_outside(string extra, string wait)
        {
            // The wait is in the extra code when it has one, else in the hierarchy.
            var source = Usings + Hierarchy + extra;
            var at = extra.Contains(wait) ? source.LastIndexOf(wait, System.StringComparison.Ordinal) : source.IndexOf(wait, System.StringComparison.Ordinal);
            return Verify.VerifyAnalyzerAsync(source.Substring(0, at) + "[|" + wait + "|]" + source.Substring(at + wait.Length));
        }

        // npgsql NpgsqlDataReader.Read(): TryRead()?.Result, where TryRead returns static Task.FromResult fields or null.
        [Theory]
        [InlineData("static readonly Task<bool> TrueTask = Task.FromResult(true); static readonly Task<bool> FalseTask = Task.FromResult(false); int state; Task<bool> TryRead() { if (state == 0) return TrueTask; if (state == 1) return null; return state > 2 ? TrueTask : FalseTask; } bool Read() => TryRead()?.Result ?? false;")]
        [InlineData("static readonly Task<bool> TrueTask = Task.FromResult(true); bool Read() => TrueTask.Result;")]
        [InlineData("static readonly ValueTask Done = default; static readonly Task Completed = Task.CompletedTask; async ValueTask Write(bool async) { if (!async) { await Done; await Completed; return; } await Task.Yield(); } void Write() => Write(false).GetAwaiter().GetResult();")]
        public Task Silent_on_a_static_readonly_field_initialised_with_a_finished_task(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        // Not readonly: anything may have replaced it.
        [InlineData("static Task<bool> TrueTask = Task.FromResult(true); bool Read() => [|TrueTask.Result|];")]
        // A static constructor assigns it again.
        [InlineData("static readonly Task<bool> TrueTask = Task.FromResult(true); static C() { TrueTask = Task.Run(() => true); } bool Read() => [|TrueTask.Result|];")]
        // One return of the plain method is a task that may be running.
        [InlineData("static readonly Task<bool> TrueTask = Task.FromResult(true); int state; Task<bool> TryRead() { if (state == 0) return TrueTask; return Task.Run(() => false); } bool Read() => TryRead()?[|.Result|] ?? false;")]
        // A plain method that makes a finished task stands in for one that does real work: no proof without a flag.
        [InlineData("Task<bool> TryRead() => Task.FromResult(true); bool Read() => [|TryRead().Result|];")]
        [InlineData("static readonly Task<bool> Pending = Task.Run(() => true); Task<bool> TryRead() => Pending; bool Read() => [|TryRead().Result|];")]
        public Task Still_reported_when_the_field_or_a_return_may_hold_a_running_task(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        // npgsql NestedReadScope.Dispose(): the flag is a readonly field, known false after `if (_async) throw`.
        private const string Scope = """
            public readonly struct Scope
            {
                readonly bool _async;
                readonly Stream _stream;
                public Scope(bool async, Stream stream) { _async = async; _stream = stream; }
                public void Dispose()
                {
                    if (_async)
                        Throw("Cannot synchronously dispose async scopes");
                    DisposeAsync().GetAwaiter().GetResult();
                }
                public void Close()
                {
                    if (!_async)
                        DisposeAsync().GetAwaiter().GetResult();
                }
                public ValueTask DisposeAsync()
                {
                    if (_stream.Length > 0)
                    {
                        if (_async)
                            return Core(_stream);
                        _stream.Flush();
                    }
                    return Finish();
                    static async ValueTask Core(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);
                }
                ValueTask Finish() => _async ? new(Task.Delay(1)) : default;
                [System.Diagnostics.CodeAnalysis.DoesNotReturn]
                static void Throw(string message) => throw new InvalidOperationException(message);
            """;

        [Fact]
        public Task Silent_on_a_call_whose_flag_is_a_readonly_field_known_false_there()
            => Verify.VerifyAnalyzerAsync(Usings + "using System.IO;\n" + Scope + "}\n");

        [Theory]
        // No guard: the field may be true.
        [InlineData("public void Plain() => [|DisposeAsync().GetAwaiter().GetResult()|];")]
        // The guard's true side goes on (it does not end the path).
        [InlineData("public void Logged() { if (_async) Console.WriteLine(); [|DisposeAsync().GetAwaiter().GetResult()|]; }")]
        // Known false, but the sync path awaits something real.
        [InlineData("public void Late() { if (!_async) [|Slow().GetAwaiter().GetResult()|]; } async ValueTask Slow() { if (_async) return; await Task.Delay(1); }")]
        public Task Still_reported_when_the_field_may_be_true_or_the_sync_path_awaits(string member)
            => Verify.VerifyAnalyzerAsync(Usings + "using System.IO;\n" + Scope + "    " + member + "\n}\n");

        // The sync branch of a dual-path method is sync code: the sync API runs it (npgsql NpgsqlDataSource.GetPassword,
        // NpgsqlCommand's send task). A wait there on a task that may be running is sync-over-async.
        private const string SyncBranch = """
                Task refresh = Task.Run(() => { });
                async ValueTask<int> Password(bool async, Task<int> send)
                {
                    if (async)
                        await refresh.ConfigureAwait(false);
                    else
                        [|refresh.GetAwaiter().GetResult()|];
                    var n = async ? await send : [|send.Result|];
                    if (async)
                        await send;
                    else if (send.IsCompleted)
                        n += send.Result;
                    return n;
                }
            """;

        [Fact]
        public Task A_wait_in_the_sync_branch_of_a_dual_path_method_is_reported_without_a_fix()
            => Verify.VerifyCodeFixAsync(Code(SyncBranch), Code(SyncBranch));

        [Fact]
        public Task A_wait_in_the_sync_branch_of_a_dual_path_lambda_gets_no_fix()
        {
            const string Lambda = """
                    Task refresh = Task.Run(() => { });
                    Func<bool, Task> Open() => async (bool async) => { if (async) await refresh; else [|refresh.Wait()|]; };
                """;
            return Verify.VerifyCodeFixAsync(Code(Lambda), Code(Lambda));
        }

        [Fact]
        public Task A_wait_on_the_shared_or_async_path_of_a_dual_path_method_is_left_to_ASYNC010()
            => Verify.VerifyAnalyzerAsync(Code("""
                    Task refresh = Task.Run(() => { });
                    async ValueTask<int> Length(bool async, Task<int> send)
                    {
                        if (async)
                            await refresh.ConfigureAwait(false);
                        else
                            [|refresh.Wait(100)|];
                        var n = async ? await refresh.ContinueWith(_ => 1) + send.Result : 0;
                        return n + send.Result;
                    }
                """));

        [Theory]
        [InlineData(AsyncRules.Analyzers.Helpers.DualPathCalls.MaxBodies, false)]
        [InlineData(AsyncRules.Analyzers.Helpers.DualPathCalls.MaxBodies + 1, true)]
        public Task A_dual_path_proof_reads_a_bounded_number_of_bodies(int bodies, bool reported)
        {
            // A chain of dual-path methods, each awaiting the next with the flag: provable, but only within the bound.
            var chain = string.Concat(Enumerable.Range(0, bodies).Select(i => i == bodies - 1
                ? $"    async Task Step{i}(bool async) {{ if (async) await Task.Yield(); }}\n"
                : $"    async Task Step{i}(bool async) => await Step{i + 1}(async);\n"));
            var wait = reported ? "[|Step0(false).Wait()|]" : "Step0(false).Wait()";
            return Verify.VerifyAnalyzerAsync(Code(chain + $"    void M() => {wait};"));
        }

        // A completion test behind a helper, looked into one level (grpc's IsCompletedSuccessfully() for netstandard).
        private const string Helpers = """
            static class TaskHelpers
            {
                public static bool IsCompletedSuccessfully(this Task task)
                {
            #if NETSTANDARD2_0
                    return task.IsCompletedSuccessfully;
            #else
                    return task.Status == TaskStatus.RanToCompletion;
            #endif
                }
                public static bool IsDone(this Task task) => task != null && task.IsCompleted;
                public static bool LooksDone(this Task task) => task != null;
                public static bool IsDoneTwice(this Task task) => task.IsDone();
            }
            """;

        [Theory]
        [InlineData("int M(Task<int> t) => t.IsCompletedSuccessfully() ? t.Result : 0;")]
        [InlineData("int M(Task<int> t) { if (!t.IsDone()) return 0; return t.Result; }")]
        public Task Silent_behind_a_helper_whose_body_tests_completion(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member) + Helpers);

        [Theory]
        [InlineData("int M(Task<int> t) => t.LooksDone() ? [|t.Result|] : 0;")]
        [InlineData("int M(Task<int> t) => t.IsDoneTwice() ? [|t.Result|] : 0;")]
        [InlineData("int M(Task<int> t, Task<int> u) => u.IsCompletedSuccessfully() ? [|t.Result|] : 0;")]
        public Task Still_reported_behind_a_helper_that_proves_nothing_about_this_task(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member) + Helpers);

        [Theory]
        [InlineData("int M(Task<int> t) => t.Status is TaskStatus.RanToCompletion ? t.Result : 0;")]
        [InlineData("int M(Task<int> t) => TaskStatus.RanToCompletion == t.Status ? t.Result : 0;")]
        [InlineData("int M(Task<int> t) { if (t.Status != TaskStatus.RanToCompletion) return 0; return t.Result; }")]
        [InlineData("int M(Task<int> t) { switch (t.Status) { case TaskStatus.RanToCompletion: return t.Result; default: return 0; } }")]
        [InlineData("int M(Task<int> t) => t.Status switch { TaskStatus.RanToCompletion => t.Result, _ => 0 };")]
        [InlineData("int M(Task<int> t) => t.Status is TaskStatus.Faulted or TaskStatus.Canceled ? t.GetAwaiter().GetResult() : 0;")]
        // StackExchange.Redis ConnectionMultiplexer.ExportConfiguration: the status in a local, the task cast back.
        [InlineData("string M(Task task) { TaskStatus status = task.Status; switch (status) { case TaskStatus.RanToCompletion: return ((Task<int>)task).Result.ToString(); case TaskStatus.Faulted: return string.Join(\", \", task.Exception!.InnerExceptions.Select(x => x.Message)); default: return status.ToString(); } }")]
        public Task Silent_where_the_status_says_complete(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("int M(Task<int> t) { switch (t.Status) { case TaskStatus.Running: return [|t.Result|]; default: return 0; } }")]
        [InlineData("int M(Task<int> t) => t.Status is not TaskStatus.RanToCompletion ? [|t.Result|] : 0;")]
        [InlineData("int M(Task<int> t) => t.Status switch { TaskStatus.WaitingForActivation => [|t.Result|], _ => 0 };")]
        // The status read before the task was replaced says nothing about the new one.
        [InlineData("int M(Task<int> t, Func<Task<int>> next) { var status = t.Status; t = next(); return status == TaskStatus.RanToCompletion ? [|t.Result|] : 0; }")]
        [InlineData("int M(Task<int> t, bool c) { var status = t.Status; if (c) status = TaskStatus.RanToCompletion; return status == TaskStatus.RanToCompletion ? [|t.Result|] : 0; }")]
        [InlineData("int M(Task<int> t) { var status = t.Status; Action pretend = () => status = TaskStatus.RanToCompletion; pretend(); return status == TaskStatus.RanToCompletion ? [|t.Result|] : 0; }")]
        public Task Still_reported_where_the_status_is_not_final(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("int M(Func<Task<int>> start) { var t = start(); return {|#0:t.Wait(100)|} ? t.Result : -1; }")]
        [InlineData("int M(Func<Task<int>> start) { var t = start(); if (!{|#0:t.Wait(TimeSpan.FromSeconds(1))|}) throw new TimeoutException(); return t.Result; }")]
        [InlineData("int M(Task<int> t) { {|#0:t.Wait()|}; return t.Result + t.GetAwaiter().GetResult(); }")]
        [InlineData("int M(Func<Task<int>> start) { var t = start(); while (!{|#0:t.Wait(10)|}) { } return t.Result; }")]
        // StackExchange.Redis ConnectionMultiplexer.Wait<T>: the timed wait inside a try whose catch rethrows.
        [InlineData("int M(Func<Task<int>> start) { var t = start(); try { if (!{|#0:t.Wait(1000)|}) throw new TimeoutException(); } catch (AggregateException e) when (e.InnerExceptions.Count == 1) { throw e.InnerExceptions[0]; } return t.Result; }")]
        public Task Silent_after_a_successful_blocking_wait(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member), Verify.Diagnostic().WithLocation(0).WithArguments(".Wait()"));

        [Fact]
        public Task Silent_after_a_wait_helper_and_a_method_that_always_throws()
            => Verify.VerifyAnalyzerAsync(Code("""
                    // StackExchange.Redis CursorEnumerable: the wait is in a helper; the timeout is thrown by a method.
                    // The helper itself is a wait primitive (a bounded wait on its task parameter whose result it returns).
                    sealed class Redis { public bool TryWait(Task task) => task.Wait(1000); }
                    readonly Redis redis = new Redis();
                    static void ThrowTimeout(string message)
                    {
                        try { throw new TimeoutException(message); }
                        catch (Exception) { throw; }
                    }
                    int M(Task<int> pending)
                    {
                        if (!redis.TryWait(pending)) ThrowTimeout("timeout");
                        return pending.Result;
                    }
                """));

        [Fact]
        public Task Silent_after_a_wait_in_a_try_whose_catch_cannot_return()
            => Verify.VerifyAnalyzerAsync(Code("""
                    // Polly TimeoutEngine: the catch unwraps and rethrows through a [DoesNotReturn] call.
                    static int M(Func<int> action, CancellationToken token)
                    {
                        var task = Task.Run(action);
                        try
                        {
                            {|#0:task.Wait(token)|};
                        }
                        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                        {
                            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
                        }

                        return task.Result;
                    }
                """), Verify.Diagnostic().WithLocation(0).WithArguments(".Wait()"));

        [Fact]
        public Task Still_reported_after_a_wait_in_a_try_whose_catch_may_go_on()
            => Verify.VerifyAnalyzerAsync(Code("""
                    static void Log(Exception e) { }
                    static int M(Func<int> action, CancellationToken token)
                    {
                        var task = Task.Run(action);
                        try
                        {
                            {|#0:task.Wait(token)|};
                        }
                        catch (AggregateException e)
                        {
                            Log(e);
                        }

                        return [|task.Result|];
                    }
                """), Verify.Diagnostic().WithLocation(0).WithArguments(".Wait()"));

        [Theory]
        [InlineData("int M(Task<int> t) { {|#0:t.Wait(100)|}; return [|t.Result|]; }")]
        [InlineData("int M(Func<Task<int>> start) { var t = start(); if ({|#0:t.Wait(100)|}) { } return [|t.Result|]; }")]
        [InlineData("int M(Task<int> t, Func<Task<int>> next) { {|#0:t.Wait(100)|}; if (!t.IsCompleted) return 0; t = next(); return [|t.Result|]; }")]
        [InlineData("static void Log(string m) { } int M(Func<Task<int>> start) { var t = start(); if (!{|#0:t.Wait(100)|}) Log(\"slow\"); return [|t.Result|]; }")]
        public Task Still_reported_where_the_wait_may_have_timed_out(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member), Verify.Diagnostic().WithLocation(0).WithArguments(".Wait()"));

        [Theory]
        // grpc RetryCallBase: a property of this, tested then read.
        [InlineData("TaskCompletionSource<int> tcs = new(); Task<int> Committed => tcs.Task; int M() => Committed.IsCompleted ? Committed.Result : 0;")]
        [InlineData("Task<int> task = Task.Run(() => 1); int M() { if (!this.task.IsCompleted) return 0; return task.Result; }")]
        // grpc GrpcCall and AsyncUnaryCall: reached through a readonly field of this.
        [InlineData("readonly TaskCompletionSource<int> tcs = new(); bool M() => tcs.Task.IsCompletedSuccessfully && tcs.Task.Result == 1;")]
        [InlineData("sealed class Call { public Task<int> Response = Task.Run(() => 1); } readonly Call call = new(); int M() => call.Response.Status == TaskStatus.RanToCompletion ? call.Response.Result : 0;")]
        public Task Silent_on_a_tested_field_or_property_of_this(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        private const string Call = "sealed class Call { public Task<int> Response = Task.Run(() => 1); public Call Next = null!; }\n";

        [Theory]
        // grpc StreamExtensions.TryCreateCallCompleteException: a member of a parameter, tested then read.
        [InlineData("int M(Call call) => call.Response.IsCompleted ? call.Response.Result : 0;")]
        // grpc RetryCall: a member of a local, in the same &&.
        [InlineData("int M(Func<Call> start) { var current = start(); return current.Response.IsCompletedSuccessfully && current.Response.Result == 1 ? 1 : 0; }")]
        // grpc HttpContentClientStreamReader: reached through a field of this that is not readonly.
        [InlineData("Call call = new(); int M() { if (!call.Response.IsCompleted) return 0; return call.Response.Result; }")]
        // Two links, and the guard as a status test.
        [InlineData("int M(Call call) => call.Next.Response.Status == TaskStatus.RanToCompletion ? call.Next.Response.Result : 0;")]
        // Written after the read: the read itself is proven.
        [InlineData("int M(Call call, Call other) { if (!call.Response.IsCompleted) return 0; var r = call.Response.Result; call = other; return r; }")]
        public Task Silent_on_a_tested_member_chain_from_a_parameter_a_local_or_this(string member)
            => Verify.VerifyAnalyzerAsync(Code(Call + "    " + member));

        [Theory]
        // Another root: nothing ties the two reads to one task.
        [InlineData("int M(Call a, Call b) => a.Response.IsCompleted ? [|b.Response.Result|] : 0;")]
        // The same chain, another last link.
        [InlineData("int M(Call call) => call.Response.IsCompleted ? [|call.Next.Response.Result|] : 0;")]
        // Through a call or an element: each read may give another object.
        [InlineData("Call Get() => new(); int M() => Get().Response.IsCompleted ? [|Get().Response.Result|] : 0;")]
        [InlineData("int M(Call[] calls) => calls[0].Response.IsCompleted ? [|calls[0].Response.Result|] : 0;")]
        [InlineData("int M(List<Call> calls) => calls[0].Response.IsCompleted ? [|calls[0].Response.Result|] : 0;")]
        // The root, a link on the way or the task itself assigned between the test and the read.
        [InlineData("int M(Call call, Call other) { if (!call.Response.IsCompleted) return 0; call = other; return [|call.Response.Result|]; }")]
        [InlineData("int M(Call call) { if (!call.Next.Response.IsCompleted) return 0; call.Next = new Call(); return [|call.Next.Response.Result|]; }")]
        [InlineData("int M(Call call) { if (!call.Response.IsCompleted) return 0; call.Response = Task.Run(() => 2); return [|call.Response.Result|]; }")]
        [InlineData("Call call = new(); int M() { if (!call.Response.IsCompleted) return 0; call = new Call(); return [|call.Response.Result|]; }")]
        [InlineData("Task<int> task = Task.Run(() => 1); int M() { if (!task.IsCompleted) return 0; task = Task.Run(() => 2); return [|task.Result|]; }")]
        // The root assigned by a lambda that may run at any time.
        [InlineData("int M(Call call, Call other) { Action reset = () => call = other; if (!call.Response.IsCompleted) return 0; reset(); return [|call.Response.Result|]; }")]
        // Another field.
        [InlineData("Task<int> a = Task.Run(() => 1), b = Task.Run(() => 2); int M() => a.IsCompleted ? [|b.Result|] : 0;")]
        // Longer than a place may be.
        [InlineData("int M(Call c) => c.Next.Next.Next.Next.Response.IsCompleted ? [|c.Next.Next.Next.Next.Response.Result|] : 0;")]
        public Task Still_reported_on_a_chain_that_may_not_be_the_same_task(string member)
            => Verify.VerifyAnalyzerAsync(Code(Call + "    " + member));

        // ---- Broken input: never a throw, never a broken fix ------------------------------------------------------

        [Theory]
        [InlineData("int M(Task<int> t) => t.Result")]
        [InlineData("int M(Task<int> t) { return t.Result; ")]
        [InlineData("int M(Task<int> t) => t.Result; void N() => M(")]
        [InlineData("int M(Task<int> t) => t.Result; void N() { var x = M(null!) + ; }")]
        public async Task Half_typed_code_neither_throws_nor_breaks(string members)
        {
            using var host = new AnalyzerHost(new[] { ("Half.cs", Code("    " + members)) });
            var errorsBefore = (await host.GetCompilerDiagnosticsAsync()).Count(d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(await host.GetAnalyzerDiagnosticsAsync(), d => d.Id == "ASYNC011");
            await host.ApplyAllFixesAsync();
            Assert.Empty(host.AnalyzerExceptions);
            Assert.True((await host.GetCompilerDiagnosticsAsync()).Count(d => d.Severity == DiagnosticSeverity.Error) <= errorsBefore);
        }
    }
}
