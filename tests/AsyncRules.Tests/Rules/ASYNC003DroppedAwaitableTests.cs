using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC003DroppedAwaitableAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC003DroppedAwaitableCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>ASYNC003 (a task dropped in sync code) and the compiler's CS4014 (dropped in async code) share one fixer.</summary>
    [Trait("Rule", "ASYNC003")]
    [Trait("Rule", "CS4014")]
    public class ASYNC003DroppedAwaitableTests
    {
        private const string AwaitKey = "AsyncRules.ASYNC003.Await";
        private const string DiscardKey = "AsyncRules.ASYNC003.Discard";
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Linq.Expressions", "System.Text", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        private static Task Fix(string source, string fixedSource, string key, bool compilerWarnings = false)
        {
            var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = key };
            if (compilerWarnings)
            {
                test.CompilerDiagnostics = CompilerDiagnostics.Warnings;
            }

            return test.RunAsync();
        }

        // ---- ASYNC003: sync code -------------------------------------------------------------------------------------

        [Fact]
        public Task Dropped_task_in_a_void_method_makes_it_async_and_awaits()
            => Fix(
                Code("""
                        void Start()
                        {
                            [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        async Task Start()
                        {
                            await Task.Delay(1);
                        }
                    """),
                AwaitKey);

        [Fact]
        public Task Message_names_the_call()
            => Verify.VerifyAnalyzerAsync(Code("    void Start() { {|#0:Task.Run(() => 1)|}; }"), Verify.Diagnostic().WithLocation(0).WithArguments("Run"));

        [Fact]
        public Task Dropped_task_can_be_discarded_explicitly()
            => Fix(
                Code("""
                        void Start()
                        {
                            // fire and forget
                            [|Task.Run(() => 1)|];
                        }
                    """),
                Code("""
                        void Start()
                        {
                            // fire and forget
                            _ = Task.Run(() => 1);
                        }
                    """),
                DiscardKey);

        [Fact]
        public Task In_a_constructor_only_the_discard_is_offered()
            => Fix(
                Code("""
                        Task SaveAsync() => Task.CompletedTask;
                        C()
                        {
                            [|SaveAsync()|];
                        }
                    """),
                Code("""
                        Task SaveAsync() => Task.CompletedTask;
                        C()
                        {
                            _ = SaveAsync();
                        }
                    """),
                DiscardKey);

        [Fact]
        public Task Expression_bodied_void_method_becomes_async()
            => Fix(
                Code("    void Start() => [|Task.Delay(1)|];"),
                Code("    async Task Start() => await Task.Delay(1);"),
                AwaitKey);

        [Fact]
        public Task Callers_that_use_the_value_are_awaited()
            => Fix(
                Code("""
                        int Get()
                        {
                            [|Task.Delay(1)|];
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
                    """),
                AwaitKey);

        [Theory]
        [InlineData("void M(ValueTask v) { [|v.AsTask()|]; }")]
        [InlineData("ValueTask V() => default; void M() { [|V()|]; }")]
        [InlineData("void M(Task t) { [|t.ConfigureAwait(false)|]; }")]
        [InlineData("class Awaitable { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); } Awaitable Make() => new Awaitable(); void M() { [|Make()|]; }")]
        [InlineData("void M() { Action a = () => [|Task.Delay(1)|]; a(); }")]
        public Task Other_awaitables_and_sync_lambdas_are_reported(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Extension_GetAwaiter_makes_a_type_awaitable()
            => Verify.VerifyAnalyzerAsync(Usings + """

                static class Ext { public static System.Runtime.CompilerServices.TaskAwaiter GetAwaiter(this Lazy<Task> lazy) => lazy.Value.GetAwaiter(); }
                class C
                {
                    Lazy<Task> Make() => new Lazy<Task>(() => Task.CompletedTask);
                    void M() { [|Make()|]; }
                }

                """);

        [Fact]
        public Task Fix_all_awaits_in_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    void A1()
                    {
                        [|Task.Delay(1)|];
                        [|Task.Delay(2)|];
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    void B1()
                    {
                        [|Task.Delay(3)|];
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1()
                    {
                        await Task.Delay(1);
                        await Task.Delay(2);
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1()
                    {
                        await Task.Delay(3);
                    }
                }

                """));
            test.CodeActionEquivalenceKey = AwaitKey;
            // One at a time: once A1 is async its second dropped task is the compiler's CS4014, fixed by the same fixer.
            test.NumberOfIncrementalIterations = 3;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task Sync_lambda_dropping_a_task_gets_only_the_discard()
            => Fix(
                Code("""
                        void M()
                        {
                            Action a = () => [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        void M()
                        {
                            Action a = () => _ = Task.Delay(1);
                        }
                    """),
                DiscardKey);

        [Fact]
        public Task Expression_bodied_interface_member_can_discard()
            => Fix(
                Usings + """
                    class C : IDisposable
                    {
                        Task CloseAsync() => Task.CompletedTask;
                        public void Dispose() => [|CloseAsync()|];
                    }

                    """,
                Usings + """
                    class C : IDisposable
                    {
                        Task CloseAsync() => Task.CompletedTask;
                        public void Dispose() => _ = CloseAsync();
                    }

                    """,
                DiscardKey);

        [Fact]
        public Task Before_CSharp_7_there_is_no_discard()
        {
            var source = Code("""
                    C()
                    {
                        [|Task.Delay(1)|];
                    }
                """);
            var test = new Verify.Test { TestCode = source, FixedCode = source, LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp6 };
            return test.RunAsync();
        }

        [Fact]
        public Task Ref_struct_instance_method_cannot_become_async()
            => Fix(
                Code("""
                        ref struct Span2
                        {
                            public void Start()
                            {
                                [|Task.Delay(1)|];
                            }
                        }
                    """),
                Code("""
                        ref struct Span2
                        {
                            public void Start()
                            {
                                _ = Task.Delay(1);
                            }
                        }
                    """),
                DiscardKey);

        [Fact]
        public Task Silent_in_top_level_statements_where_the_compiler_warns()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    {|CS4014:Task.Delay(1)|};

                    """,
                CompilerDiagnostics = CompilerDiagnostics.Warnings,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Interface_member_cannot_become_async_so_only_the_discard_is_offered()
            => Fix(
                Usings + """
                    interface IStart { void Start(); }
                    class C : IStart
                    {
                        public void Start()
                        {
                            [|Task.Delay(1)|];
                        }
                    }

                    """,
                Usings + """
                    interface IStart { void Start(); }
                    class C : IStart
                    {
                        public void Start()
                        {
                            _ = Task.Delay(1);
                        }
                    }

                    """,
                DiscardKey);

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("void M() { _ = Task.Delay(1); }")]
        [InlineData("void M() { var t = Task.Delay(1); t.Wait(); }")]
        [InlineData("Task M() { return Task.Delay(1); }")]
        [InlineData("Task M() => Task.Delay(1);")]
        [InlineData("void M() { Keep(Task.Delay(1)); } void Keep(Task t) { }")]
        [InlineData("Task? stored; void M() { stored = Task.Delay(1); }")]
        [InlineData("void M() { Func<Task> f = () => Task.Delay(1); }")]
        [InlineData("void M() { Expression<Action> e = () => Task.Delay(1); }")]
        [InlineData("void M(StringBuilder sb) { sb.Append(1); }")]
        [InlineData("async Task M() { await Task.Delay(1); }")]
        public Task Silent_where_the_task_is_kept_or_nothing_is_dropped(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Silent_where_the_compiler_already_warns_CS4014()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                        static async Task SourceAsync() => await Task.Yield();
                        readonly object gate = new object();
                        void Sync() { {|CS4014:SourceAsync()|}; }
                        async Task Async() { {|CS4014:Task.Delay(1)|}; await Task.Yield(); }
                        async Task Locked() { await Task.Yield(); lock (gate) { {|CS4014:SourceAsync()|}; } }
                    """),
                CompilerDiagnostics = CompilerDiagnostics.Warnings,
            };
            return test.RunAsync();
        }

        // ---- Precision learned from real code (docs/rules/ASYNC003.md): nothing is lost --------------------------------

        [Theory]
        [InlineData("void M(Task t) { t.ContinueWith(_ => Console.WriteLine(1)); }")]
        [InlineData("void M(Task t) { t.ContinueWith(x => GC.KeepAlive(x.Exception), TaskContinuationOptions.OnlyOnFaulted); }")]
        [InlineData("void M(Task<int> t) { t.ContinueWith(x => x.Result + 1); }")]
        [InlineData("void M(Task t) { t?.ContinueWith(x => GC.KeepAlive(x.Exception), TaskContinuationOptions.OnlyOnFaulted); }")]
        public Task Silent_on_a_dropped_ContinueWith_whose_continuation_returns_no_task(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("void M(Task t) { [|t.ContinueWith(_ => Task.Delay(1))|]; }")]
        [InlineData("void M(Task t) { [|t.ContinueWith(async _ => await Task.Delay(1))|]; }")]
        [InlineData("void M(Task t) { [|t?.ContinueWith(_ => Task.Delay(1))|]; }")]
        public Task A_dropped_ContinueWith_whose_continuation_returns_a_task_is_reported(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Silent_on_a_helper_that_returns_the_task_it_is_given()
            => Verify.VerifyAnalyzerAsync(Usings + """

                static class TaskExtensions
                {
                    public static Task ObserveErrors(this Task task)
                    {
                        task.ContinueWith(t => GC.KeepAlive(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                        return task;
                    }

                    public static Task<T> Observed<T>(this Task<T> task) => task!;
                }
                class C
                {
                    Task SaveAsync() => Task.CompletedTask;
                    Task<int> CountAsync() => Task.FromResult(1);
                    void M(Task pending)
                    {
                        pending.ObserveErrors();
                        SaveAsync().ObserveErrors();
                        TaskExtensions.ObserveErrors(pending);
                        CountAsync().Observed();
                    }
                }

                """);

        [Fact]
        public Task A_helper_that_returns_another_task_or_reassigns_its_parameter_is_reported()
            => Verify.VerifyAnalyzerAsync(Usings + """

                static class TaskExtensions
                {
                    public static Task Then(this Task task) => task.ContinueWith(_ => { });
                    public static Task OrDelay(this Task task, bool late) { if (late) return Task.Delay(1); return task; }
                    public static Task Replaced(this Task task) { task = Task.Delay(1); return task; }
                }
                class Base { public virtual Task Pass(Task task) => task; }
                class C
                {
                    void M(Task pending, Base other)
                    {
                        [|pending.Then()|];
                        [|pending.OrDelay(true)|];
                        [|pending.Replaced()|];
                        [|other.Pass(pending)|];
                    }
                }

                """);

        // ---- Issue 14: a dropped Task.Run whose work cannot fault its task ---------------------------------------------

        [Fact]
        public Task Silent_on_a_dropped_Task_Run_whose_work_catches_everything()
            => Verify.VerifyAnalyzerAsync(Usings + """

                class C
                {
                    TaskCompletionSource<bool> done = new();
                    void Connect(bool throttle)
                    {
                        Task.Run(TimeoutChecker);
                        Task.Run(() => TimeoutChecker());
                        Task.Run(async () => { try { await Task.Delay(1); } catch { } });
                        Task.Run(FlushRunner);
                        Task.Run(() => { try { Flush(); } catch (Exception e) when (true) { } });

                        void FlushRunner()
                        {
                            try
                            {
                                Flush();
                            }
                            catch (Exception ex)
                            {
                                done.TrySetException(ex);
                            }
                            finally
                            {
                                Flush();
                            }
                        }
                    }

                    async Task TimeoutChecker()
                    {
                        try
                        {
                            await Task.Delay(100);
                        }
                        catch { }
                    }

                    static void Flush() { }
                }

                """);

        [Fact]
        public Task Silent_on_a_dropped_Task_Run_of_async_void_work()
            => Verify.VerifyAnalyzerAsync(Usings + """

                class C
                {
                    bool disposed;
                    void Start()
                    {
                        Task.Run(LaunchWorker);
                        Task.Run(() => LaunchWorker());
                        Task.Run((Action)(async () => await Task.Delay(1)));
                    }

                    async void LaunchWorker()
                    {
                        while (!disposed)
                        {
                            await Task.Delay(1000);
                        }
                    }
                }

                """);

        [Fact]
        public Task A_dropped_Task_Run_whose_work_can_fault_is_reported()
            => Verify.VerifyAnalyzerAsync(Usings + """

                class C
                {
                    bool retry;
                    void Start()
                    {
                        [|Task.Run(Runner)|];
                        [|Task.Run(Checker)|];
                        [|Task.Run(Rethrowing)|];
                        [|Task.Run(Typed)|];
                        [|Task.Run(SyncTask)|];
                        [|Task.Run(Overridable)|];
                        [|Task.Run(async () => { await Task.Delay(1); retry = false; Flush(); })|];
                        [|Task.Run(() => { Flush(); try { Flush(); } catch { } })|];
                    }

                    void Runner() => Flush();
                    async Task Checker() { await Task.Delay(1); try { Flush(); } catch { } }
                    void Rethrowing() { try { Flush(); } catch (Exception) { throw; } }
                    void Typed() { try { Flush(); } catch (InvalidOperationException) { } }
                    Task SyncTask() { try { return Task.Delay(1); } catch { return Task.CompletedTask; } }
                    protected virtual async Task Overridable() { try { await Task.Delay(1); } catch { } }

                    static void Flush() { }
                }

                """);

        [Fact]
        public Task A_task_dropped_through_a_conditional_access_is_reported()
            => Verify.VerifyAnalyzerAsync(
                Code("""
                        class Parent { public Task UnsubscribeAsync(string channel) => Task.CompletedTask; }
                        Parent parent;
                        void Unsubscribe()
                        {
                            var p = parent;
                            parent = null;
                            {|#0:p?.UnsubscribeAsync("x")|};
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("UnsubscribeAsync"));

        [Fact]
        public Task A_task_dropped_through_a_conditional_access_can_be_discarded()
            => Fix(
                Code("""
                        class Parent { public Task UnsubscribeAsync() => Task.CompletedTask; }
                        void Unsubscribe(Parent parent)
                        {
                            [|parent?.UnsubscribeAsync()|];
                        }
                    """),
                Code("""
                        class Parent { public Task UnsubscribeAsync() => Task.CompletedTask; }
                        void Unsubscribe(Parent parent)
                        {
                            _ = parent?.UnsubscribeAsync();
                        }
                    """),
                DiscardKey);

        [Fact]
        public Task A_task_dropped_through_a_conditional_access_is_awaited_with_a_completed_task_when_the_receiver_is_null()
            => Fix(
                Code("""
                        class Parent { public Task<int> UnsubscribeAsync() => Task.FromResult(1); }
                        void Unsubscribe(Parent parent)
                        {
                            [|parent?.UnsubscribeAsync()|];
                        }
                    """),
                Code("""
                        class Parent { public Task<int> UnsubscribeAsync() => Task.FromResult(1); }
                        async Task Unsubscribe(Parent parent)
                        {
                            await (parent?.UnsubscribeAsync() ?? Task.CompletedTask);
                        }
                    """),
                AwaitKey);

        [Fact]
        public Task A_value_task_dropped_through_a_conditional_access_is_awaited_with_default_when_the_receiver_is_null()
            => Fix(
                Code("""
                        class Parent { public ValueTask<int> UnsubscribeAsync() => default; }
                        void Unsubscribe(Parent parent)
                        {
                            [|parent?.UnsubscribeAsync()|];
                        }
                    """),
                Code("""
                        class Parent { public ValueTask<int> UnsubscribeAsync() => default; }
                        async Task Unsubscribe(Parent parent)
                        {
                            await (parent?.UnsubscribeAsync() ?? default);
                        }
                    """),
                AwaitKey);

        [Fact]
        public Task A_configured_awaitable_dropped_through_a_conditional_access_gets_only_the_discard()
        {
            var source = Code("""
                    class Parent { public Task UnsubscribeAsync() => Task.CompletedTask; }
                    void Unsubscribe(Parent parent)
                    {
                        [|parent?.UnsubscribeAsync().ConfigureAwait(false)|];
                    }
                """);
            return Fix(source, source, AwaitKey);
        }

        [Fact]
        public Task In_async_code_a_task_dropped_through_a_conditional_access_is_reported_where_the_compiler_is_silent()
            => Fix(
                Code("""
                        class Parent { public Task UnsubscribeAsync() => Task.CompletedTask; }
                        async Task Unsubscribe(Parent parent)
                        {
                            await Task.Yield();
                            [|parent?.UnsubscribeAsync()|];
                        }
                    """),
                Code("""
                        class Parent { public Task UnsubscribeAsync() => Task.CompletedTask; }
                        async Task Unsubscribe(Parent parent)
                        {
                            await Task.Yield();
                            await (parent?.UnsubscribeAsync() ?? Task.CompletedTask);
                        }
                    """),
                AwaitKey,
                compilerWarnings: true);

        // ---- Issue 14: the call itself asks the API for fire-and-forget (StackExchange.Redis CommandFlags) -------------

        private const string FireAndForgetApi = """

            [Flags]
            enum CommandFlags
            {
                None = 0,
                HighPriority = 1,
                FireAndForget = 2,
                DemandMaster = 4,
                PreferReplica = 8,
            }
            enum Delivery
            {
                Acknowledged,
                FireAndForget,
            }
            interface ITransaction
            {
                Task<bool> KeyExpireAsync(string key, TimeSpan expiry, CommandFlags flags = CommandFlags.None);
                Task<bool> KeyDeleteAsync(string key, CommandFlags flags = CommandFlags.None);
                Task PublishAsync(string channel, string message, Delivery delivery = Delivery.Acknowledged);
                Task<bool> FireAndForgetAsync(string key);
                Task<bool> TouchAsync(string key, CommandFlags flags = CommandFlags.FireAndForget);
            }

            """;

        [Fact]
        public Task Silent_when_an_argument_asks_the_API_for_FireAndForget()
            => Verify.VerifyAnalyzerAsync(Usings + FireAndForgetApi + """

                class C
                {
                    void Build(ITransaction tran, string key, TimeSpan expiry)
                    {
                        tran.KeyExpireAsync(key, expiry, CommandFlags.FireAndForget);
                        tran.KeyDeleteAsync(key, CommandFlags.FireAndForget | CommandFlags.DemandMaster);
                        tran.KeyDeleteAsync(flags: CommandFlags.DemandMaster | CommandFlags.FireAndForget, key: key);
                        tran.KeyDeleteAsync(key, (CommandFlags)3);
                        tran.PublishAsync("news", "hello", Delivery.FireAndForget);
                    }
                }

                """);

        [Fact]
        public Task A_flags_argument_without_FireAndForget_or_not_a_constant_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Usings + FireAndForgetApi + """

                class C
                {
                    void Build(ITransaction tran, string key, TimeSpan expiry, CommandFlags flags)
                    {
                        [|tran.KeyExpireAsync(key, expiry, CommandFlags.None)|];
                        [|tran.KeyExpireAsync(key, expiry)|];
                        [|tran.KeyDeleteAsync(key, flags)|];
                        [|tran.TouchAsync(key)|];
                        [|tran.KeyDeleteAsync(key, CommandFlags.DemandMaster | CommandFlags.PreferReplica)|];
                        [|tran.PublishAsync("news", "hello", Delivery.Acknowledged)|];
                        [|tran.FireAndForgetAsync(key)|];
                    }
                }

                """);

        // ---- Fix safety --------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("""
                [System.Diagnostics.Conditional("DEBUG")]
                static void OnFaulted(Task task)
                {
                    [|Task.Delay(1)|];
                }
            """)]
        [InlineData("""
                void M(Task task)
                {
                    OnFaulted(task);

                    [System.Diagnostics.Conditional("DEBUG")]
                    static void OnFaulted(Task task)
                    {
                        [|Task.Delay(1)|];
                    }
                }
            """)]
        public Task A_Conditional_method_stays_void_so_it_is_not_made_async(string member)
            => Fix(Code(member), Code(member), AwaitKey);

        [Fact]
        public Task A_Conditional_method_can_still_discard()
            => Fix(
                Code("""
                        [System.Diagnostics.Conditional("DEBUG")]
                        static void OnFaulted(Task task)
                        {
                            [|Task.Delay(1)|];
                        }
                    """),
                Code("""
                        [System.Diagnostics.Conditional("DEBUG")]
                        static void OnFaulted(Task task)
                        {
                            _ = Task.Delay(1);
                        }
                    """),
                DiscardKey);

        // ---- CS4014: async code (compiler warning, our fix) -----------------------------------------------------------

        [Fact]
        public Task CS4014_in_async_code_gets_an_await()
            => Fix(
                Code("""
                        async Task M()
                        {
                            {|CS4014:Task.Delay(1)|};
                            await Task.Yield();
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Delay(1);
                            await Task.Yield();
                        }
                    """),
                AwaitKey,
                compilerWarnings: true);

        [Fact]
        public Task CS4014_can_be_discarded()
            => Fix(
                Code("""
                        async Task M()
                        {
                            {|CS4014:Task.Delay(1)|};
                            await Task.Yield();
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            _ = Task.Delay(1);
                            await Task.Yield();
                        }
                    """),
                DiscardKey,
                compilerWarnings: true);

        [Fact]
        public Task CS4014_in_sync_code_on_a_source_async_callee_makes_the_caller_async()
            => Fix(
                Code("""
                        static async Task SourceAsync() => await Task.Yield();
                        void Sync()
                        {
                            {|CS4014:SourceAsync()|};
                        }
                    """),
                Code("""
                        static async Task SourceAsync() => await Task.Yield();
                        async Task Sync()
                        {
                            await SourceAsync();
                        }
                    """),
                AwaitKey,
                compilerWarnings: true);

        [Fact]
        public Task Inside_a_lock_in_async_code_the_compiler_is_silent_so_ASYNC003_reports_with_only_the_discard()
            => Fix(
                Code("""
                        readonly object gate = new object();
                        async Task M()
                        {
                            await Task.Yield();
                            lock (gate)
                            {
                                [|Task.Delay(1)|];
                            }
                        }
                    """),
                Code("""
                        readonly object gate = new object();
                        async Task M()
                        {
                            await Task.Yield();
                            lock (gate)
                            {
                                _ = Task.Delay(1);
                            }
                        }
                    """),
                DiscardKey,
                compilerWarnings: true);

        // ---- The fix edits the statement and nothing around it ----------------------------------------------------------

        private const string Shop = """

            class Shop
            {
                public async Task Start() => await Task.Yield();
            }

            """;

        [Fact]
        public Task Top_level_statement_gets_an_await_and_the_lines_around_it_are_unchanged()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Threading.Tasks;

                    var shop = new Shop();
                    Console.WriteLine("open");
                    {|CS4014:shop.Start()|};
                    Console.WriteLine("closed");

                    """ + Shop,
                FixedCode = """
                    using System;
                    using System.Threading.Tasks;

                    var shop = new Shop();
                    Console.WriteLine("open");
                    await shop.Start();
                    Console.WriteLine("closed");

                    """ + Shop,
                CodeActionEquivalenceKey = AwaitKey,
                CompilerDiagnostics = CompilerDiagnostics.Warnings,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task First_top_level_statement_gets_an_await_and_keeps_its_comment_and_blank_line()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;

                    // start the shop
                    {|CS4014:new Shop().Start()|}; // no wait

                    System.Console.WriteLine(1);

                    """ + Shop,
                FixedCode = """
                    using System.Threading.Tasks;

                    // start the shop
                    await new Shop().Start(); // no wait

                    System.Console.WriteLine(1);

                    """ + Shop,
                CodeActionEquivalenceKey = AwaitKey,
                CompilerDiagnostics = CompilerDiagnostics.Warnings,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task A_top_level_caller_of_the_method_made_async_is_awaited_and_the_lines_around_it_are_unchanged()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Threading.Tasks;

                    Console.WriteLine("open");
                    Shop.Open();
                    Console.WriteLine("closed");

                    static class Shop
                    {
                        public static void Open()
                        {
                            [|Task.Delay(1)|];
                        }
                    }

                    """,
                FixedCode = """
                    using System;
                    using System.Threading.Tasks;

                    Console.WriteLine("open");
                    await Shop.Open();
                    Console.WriteLine("closed");

                    static class Shop
                    {
                        public static async Task Open()
                        {
                            await Task.Delay(1);
                        }
                    }

                    """,
                CodeActionEquivalenceKey = AwaitKey,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Statement_in_a_method_body_gets_an_await_and_the_lines_around_it_are_unchanged()
            => Fix(
                Code("""
                        void M()
                        {
                            Console.WriteLine(1);

                            // go
                            [|Task.Delay(1)|]; // now

                            Console.WriteLine(2);
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            Console.WriteLine(1);

                            // go
                            await Task.Delay(1); // now

                            Console.WriteLine(2);
                        }
                    """),
                AwaitKey);

        [Fact]
        public Task Statement_in_an_async_method_gets_an_await_and_the_lines_around_it_are_unchanged()
            => Fix(
                Code("""
                        async Task M()
                        {
                            Console.WriteLine(1);
                            {|CS4014:Task.Delay(1)|};
                            await Task.Yield();
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            Console.WriteLine(1);
                            await Task.Delay(1);
                            await Task.Yield();
                        }
                    """),
                AwaitKey,
                compilerWarnings: true);
    }
}
