using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC010BlockingWaitInAsyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC010BlockingWaitInAsyncCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC010")]
    public class ASYNC010BlockingWaitInAsyncCodeTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Linq", "System.Linq.Expressions", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task Result_in_async_method_becomes_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            var x = {|#0:t.Result|};
                            await Task.Yield();
                            return x;
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            var x = await t;
                            await Task.Yield();
                            return x;
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments(".Result").WithSeverity(DiagnosticSeverity.Warning));

        [Fact]
        public Task Result_followed_by_member_access_keeps_parentheses()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task<string> M(Task<int> t) => [|t.Result|].ToString();"),
                Code("    async Task<string> M(Task<int> t) => (await t).ToString();"));

        [Fact]
        public Task Wait_becomes_await_statement()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task t)
                        {
                            {|#0:t.Wait()|};
                        }
                    """),
                Code("""
                        async Task M(Task t)
                        {
                            await t;
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments(".Wait()"));

        [Fact]
        public Task GetAwaiter_GetResult_becomes_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            return {|#0:t.GetAwaiter().GetResult()|};
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            return await t;
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments(".GetAwaiter().GetResult()"));

        [Fact]
        public Task ConfigureAwait_GetAwaiter_GetResult_keeps_ConfigureAwait()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task t)
                        {
                            [|t.ConfigureAwait(false).GetAwaiter().GetResult()|];
                        }
                    """),
                Code("""
                        async Task M(Task t)
                        {
                            await t.ConfigureAwait(false);
                        }
                    """));

        [Fact]
        public Task ValueTask_Result_and_GetResult_become_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async ValueTask<int> M(ValueTask<int> a, ValueTask b)
                        {
                            [|b.GetAwaiter().GetResult()|];
                            return [|a.Result|];
                        }
                    """),
                Code("""
                        async ValueTask<int> M(ValueTask<int> a, ValueTask b)
                        {
                            await b;
                            return await a;
                        }
                    """));

        [Fact]
        public Task WaitAll_becomes_await_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task a, Task b)
                        {
                            {|#0:Task.WaitAll(a, b)|};
                        }
                    """),
                Code("""
                        async Task M(Task a, Task b)
                        {
                            await Task.WhenAll(a, b);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Task.WaitAll"));

        [Fact]
        public Task WaitAll_with_an_array_becomes_await_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task[] tasks)
                        {
                            [|Task.WaitAll(tasks)|];
                        }
                    """),
                Code("""
                        async Task M(Task[] tasks)
                        {
                            await Task.WhenAll(tasks);
                        }
                    """));

        [Fact]
        public Task WaitAny_with_unused_index_becomes_await_WhenAny()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task a, Task b)
                        {
                            [|Task.WaitAny(a, b)|];
                        }
                    """),
                Code("""
                        async Task M(Task a, Task b)
                        {
                            await Task.WhenAny(a, b);
                        }
                    """));

        [Fact]
        public Task Wait_with_token_becomes_WaitAsync()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task t, CancellationToken ct)
                        {
                            [|t.Wait(ct)|];
                        }
                    """),
                Code("""
                        async Task M(Task t, CancellationToken ct)
                        {
                            await t.WaitAsync(ct);
                        }
                    """));

        [Fact]
        public Task WaitAll_with_token_becomes_WhenAll_WaitAsync()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task[] tasks, CancellationToken ct)
                        {
                            [|Task.WaitAll(tasks, ct)|];
                        }
                    """),
                Code("""
                        async Task M(Task[] tasks, CancellationToken ct)
                        {
                            await Task.WhenAll(tasks).WaitAsync(ct);
                        }
                    """));

        [Fact]
        public Task Async_lambda_anonymous_method_and_local_function_are_async_code()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M(Task<int> t)
                        {
                            Func<Task> lambda = async () => { [|t.Wait()|]; };
                            Func<Task<int>> anonymous = async delegate { return [|t.Result|]; };
                            async Task Local() { [|t.Wait()|]; }
                        }
                    """),
                Code("""
                        void M(Task<int> t)
                        {
                            Func<Task> lambda = async () => { await t; };
                            Func<Task<int>> anonymous = async delegate { return await t; };
                            async Task Local() { await t; }
                        }
                    """));

        [Fact]
        public Task Async_iterator_is_async_code()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async IAsyncEnumerable<int> M(Task<int> t)
                        {
                            yield return [|t.Result|];
                        }
                    """),
                Code("""
                        async IAsyncEnumerable<int> M(Task<int> t)
                        {
                            yield return await t;
                        }
                    """));

        [Fact]
        public Task Nested_waits_are_all_fixed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<int> Next(int x) => Task.FromResult(x);
                        async Task<int> M(Task<int> t)
                        {
                            return [|Next([|t.Result|]).Result|];
                        }
                    """),
                Code("""
                        Task<int> Next(int x) => Task.FromResult(x);
                        async Task<int> M(Task<int> t)
                        {
                            return await Next(await t);
                        }
                    """));

        [Fact]
        public Task Comments_and_layout_are_kept()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            // before
                            var x = /* value */ [|t.Result|]; // after
                            return x;
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            // before
                            var x = /* value */ await t; // after
                            return x;
                        }
                    """));

        [Fact]
        public Task Argument_of_a_call_stays_an_argument()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static void Check(int expected, int actual) { }
                        async Task M(Task<int> t)
                        {
                            Check(1, [|t.Result|]);
                        }
                    """),
                Code("""
                        static void Check(int expected, int actual) { }
                        async Task M(Task<int> t)
                        {
                            Check(1, await t);
                        }
                    """));

        [Fact]
        public Task WhenAll_is_added_with_its_using_directive()
            => Verify.VerifyCodeFixAsync(
                """
                    class C
                    {
                        async System.Threading.Tasks.Task M(System.Threading.Tasks.Task a)
                        {
                            [|System.Threading.Tasks.Task.WaitAll(a)|];
                        }
                    }

                    """,
                """
                    using System.Threading.Tasks;

                    class C
                    {
                        async System.Threading.Tasks.Task M(System.Threading.Tasks.Task a)
                        {
                            await Task.WhenAll(a);
                        }
                    }

                    """);

        [Fact]
        public Task Fix_all_fixes_every_variant_across_documents()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task<int> M(Task<int> t, Task u, Task v)
                    {
                        [|u.Wait()|];
                        [|Task.WaitAll(v)|];
                        return [|t.Result|];
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task<int> N(Task<int> t, Task<int> u) => [|t.GetAwaiter().GetResult()|] + [|u.Result|];
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task<int> M(Task<int> t, Task u, Task v)
                    {
                        await u;
                        await Task.WhenAll(v);
                        return await t;
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task<int> N(Task<int> t, Task<int> u) => await t + await u;
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task Top_level_statements_with_await_are_async_code()
            => Verify.VerifyProgramCodeFixAsync(
                """
                    using System.Threading.Tasks;

                    var t = Task.Run(() => 1);
                    await Task.Yield();
                    System.Console.WriteLine([|t.Result|]);

                    """,
                """
                    using System.Threading.Tasks;

                    var t = Task.Run(() => 1);
                    await Task.Yield();
                    System.Console.WriteLine(await t);

                    """);

        // ---- Reported, but no fix offered (fix safety) ----------------------------------------------------------

        [Fact]
        public Task Wait_with_timeout_whose_result_is_used_has_no_fix()
        {
            var source = Code("""
                    async Task<bool> M(Task t)
                    {
                        await Task.Yield();
                        return [|t.Wait(100)|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Wait_with_timeout_as_statement_has_no_fix()
        {
            var source = Code("""
                    async Task M(Task t)
                    {
                        [|t.Wait(TimeSpan.FromSeconds(1))|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task WaitAny_whose_index_is_used_has_no_fix()
        {
            var source = Code("""
                    async Task<int> M(Task a, Task b)
                    {
                        await Task.Yield();
                        return [|Task.WaitAny(a, b)|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task WaitAll_with_timeout_has_no_fix()
        {
            var source = Code("""
                    async Task M(Task[] tasks)
                    {
                        [|Task.WaitAll(tasks, 100)|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_lock_body_has_no_fix()
        {
            var source = Code("""
                    readonly object gate = new object();
                    async Task<int> M(Task<int> t)
                    {
                        await Task.Yield();
                        lock (gate)
                        {
                            return [|t.Result|];
                        }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_unsafe_block_has_no_fix()
        {
            var source = Code("""
                    async Task M(Task t)
                    {
                        await Task.Yield();
                        unsafe
                        {
                            [|t.Wait()|];
                        }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_catch_filter_has_no_fix()
        {
            var source = Code("""
                    async Task M(Task<bool> t)
                    {
                        try { await Task.Yield(); }
                        catch (Exception) when ([|t.Result|]) { }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Conditional_access_has_no_fix()
        {
            var source = Code("""
                    async Task<int?> M(Task<int>? t)
                    {
                        await Task.Yield();
                        return t?[|.Result|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task GetResult_at_the_end_of_a_conditional_access_has_no_fix()
        {
            // 'await .N()' cannot stand inside 'c?...', and awaiting 'c?.N()' whole would await null when c is null.
            var source = Code("""
                    Task<int> N() => Task.FromResult(1);
                    async Task<int?> M(C? c)
                    {
                        await Task.Yield();
                        return c?[|.N().GetAwaiter().GetResult()|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Under_a_catch_of_AggregateException_has_no_fix()
        {
            var source = Code("""
                    async Task<int> M(Task<int> t)
                    {
                        await Task.Yield();
                        try
                        {
                            return [|t.Result|];
                        }
                        catch (AggregateException)
                        {
                            return -1;
                        }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task GetResult_under_a_catch_of_AggregateException_is_fixed_because_it_never_wraps()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            try
                            {
                                return [|t.GetAwaiter().GetResult()|];
                            }
                            catch (AggregateException)
                            {
                                return -1;
                            }
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            try
                            {
                                return await t;
                            }
                            catch (AggregateException)
                            {
                                return -1;
                            }
                        }
                    """));

        [Fact]
        public Task In_finally_before_CSharp_6_has_no_fix()
        {
            var source = """
                using System.Threading.Tasks;
                class C
                {
                    async Task M(Task t)
                    {
                        try { await Task.Yield(); }
                        finally { [|t.Wait()|]; }
                    }
                }

                """;
            var test = new Verify.Test { TestCode = source, FixedCode = source, LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp5 };
            return test.RunAsync();
        }

        [Fact]
        public Task In_unsafe_method_or_type_has_no_fix()
        {
            var source = Code("""
                    unsafe async Task M(Task t)
                    {
                        [|t.Wait()|];
                    }
                    unsafe class Inner
                    {
                        async Task N(Task t)
                        {
                            [|t.Wait()|];
                        }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("int M(Task<int> t) => t.Result;")]
        [InlineData("void M(Task t) { t.Wait(); Task.WaitAll(t); t.GetAwaiter().GetResult(); }")]
        [InlineData("async Task M(Task t) { await Task.Run(() => t.Wait()); }")]
        [InlineData("async Task M(Task<int> t) { Func<int> f = () => t.Result; await Task.Yield(); }")]
        [InlineData("async Task M(Task<int> t) { Expression<Func<int>> e = () => t.Result; await Task.Yield(); }")]
        [InlineData("async Task M(Task<int> t) { var n = nameof(t.Result); await Task.Yield(); }")]
        [InlineData("async Task M(Task<int> t) { async void Local() { await Task.Yield(); } int Sync() => t.Result; await Task.Yield(); }")]
        [InlineData("async Task<int> M() { await Task.Yield(); return Task.FromResult(1).Result; }")]
        [InlineData("async Task M() { await Task.Yield(); Task.CompletedTask.Wait(); Task.CompletedTask.GetAwaiter().GetResult(); }")]
        [InlineData("async Task M() { await Task.Yield(); Task.Yield().GetAwaiter().GetResult(); }")]
        [InlineData("class R { public int Result => 1; public void Wait() { } } async Task<int> M(R r) { await Task.Yield(); r.Wait(); return r.Result; }")]
        [InlineData("async Task M(SemaphoreSlim s) { await Task.Yield(); s.Wait(); }")]
        public Task Silent_outside_async_code_and_on_look_alikes(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task<int> M(Task<int> t) { await t; return t.Result; }")]
        [InlineData("async Task<int> M(Task<int> t) { await t.ConfigureAwait(false); return t.GetAwaiter().GetResult(); }")]
        [InlineData("async Task<int> M(Task<int> a, Task<int> b) { await Task.WhenAll(a, b); return a.Result + b.Result; }")]
        [InlineData("async Task<int> M(Task<int> a, Task<int> b) { var x = await a; Task.WaitAll(a); return x + a.Result; }")]
        [InlineData("async Task<int> M(Task<int>[] tasks) { await Task.WhenAll(tasks); var sum = 0; foreach (var t in tasks) sum += t.Result; return sum; }")]
        [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); return tasks[0].Result; }")]
        [InlineData("async Task<int> M(Task<int> t) { if (t.IsCompleted) return t.Result; return await t; }")]
        [InlineData("async Task<int> M(Task<int> t) { await Task.Yield(); return t.IsCompletedSuccessfully ? t.Result : 0; }")]
        [InlineData("async Task<bool> M(Task<int> t) { await Task.Yield(); return t.IsCompletedSuccessfully && t.Result > 0; }")]
        [InlineData("async Task<int> M(Task<int> t) { if (!t.IsCompleted) await t; return t.Result; }")]
        [InlineData("async Task<int> M(Task<int> t) { if (!t.IsCompleted) { return -1; } await Task.Yield(); return t.Result; }")]
        [InlineData("async Task<int> M(Task<int> t) { await Task.Yield(); if (t.Status == TaskStatus.RanToCompletion) return t.Result; return 0; }")]
        [InlineData("async Task M(Task t) { await Task.Yield(); if (t.IsFaulted) t.Wait(); }")]
        [InlineData("async Task M(Task<int> t) { await t.ContinueWith(async a => { await Task.Yield(); Console.WriteLine(a.Result); }); }")]
        [InlineData("async Task M(Task<int> t) { await t.ContinueWith(async _ => { await Task.Yield(); Console.WriteLine(t.Result); }); }")]
        [InlineData("async Task M(Task[] tasks) { await Task.WhenAll(tasks); Task.WaitAll(tasks); }")]
        [InlineData("async Task M(Task t) { await t; t.ConfigureAwait(false).GetAwaiter().GetResult(); }")]
        [InlineData("async Task<int> M(Task t) { await Task.Yield(); return Task.WaitAny(Task.CompletedTask, t); }")]
        [InlineData("async Task<int> M(Task<int> a, Task<int> b) => (await Task.WhenAny(a, b)).Result;")]
        [InlineData("async Task<int> M(Task<int> a, Task<int> b) { var done = await Task.WhenAny(a, b).ConfigureAwait(false); return done.Result; }")]
        public Task Silent_where_the_task_is_known_complete(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task<int> M(Task<int> t, bool c) { if (c) await t; return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { await t; t = next(); return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t) { Func<Task> f = async () => await t; await Task.Yield(); return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t) { var r = [|t.Result|]; await t; return r; }")]
        [InlineData("async Task<int> M(Task<int> t, Task<int> u) { await u; return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t) { if (t.IsCompleted) { } return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, bool c) { await Task.Yield(); return c && !t.IsCompleted ? [|t.Result|] : 0; }")]
        [InlineData("async Task<int> M(Task<int>[] tasks) { await Task.WhenAll(tasks); tasks = new Task<int>[0]; return [|tasks[0].Result|]; }")]
        [InlineData("Task<int> cached = Task.FromResult(1); async Task<int> M() { await cached; return [|cached.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { await Task.Yield(); if (t.IsCompleted) { t = next(); return [|t.Result|]; } return 0; }")]
        [InlineData("async Task<int> M(Task<int> a, Task<int> b) { var done = await Task.WhenAny(a, b); done = b; return [|done.Result|]; }")]
        [InlineData("async Task<int> M(Task a, Task b) { await Task.Yield(); return [|Task.WaitAny(a, b)|]; }")]
        [InlineData("async Task M(Task[] tasks, Task[] others) { await Task.WhenAll(others); [|Task.WaitAll(tasks)|]; }")]
        public Task Still_reported_where_completion_is_not_proven(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        // ---- Precision learned from real code (issue 14) ----------------------------------------------------------

        [Theory]
        // An await proves the task complete until the variable is assigned again: the read before that is silent.
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { await t; var x = t.Result; t = next(); return x + [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { var sum = 0; for (var i = 0; i < 3; i++) { await t; sum += t.Result; t = next(); } return sum + [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next, bool c) { await t; if (c) t = next(); return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { var sum = 0; while (sum < 3) { sum += [|t.Result|]; await t; t = next(); } return sum; }")]
        public Task A_read_after_the_reassignment_is_reported_and_the_one_before_is_not(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next, bool c) { await t; if (c) { t = next(); await t; } return t.Result; }")]
        [InlineData("async Task<int> M(Task<int> t) { try { await t; } finally { Console.WriteLine(); } return t.Result; }")]
        [InlineData("async Task<int> M(Task<int> a, Task<int> b) { var done = await Task.WhenAny(a, b); var x = done.Result; done = b; await done; return x + done.Result; }")]
        [InlineData("async Task<int> M(Task<int> t) { while (!t.IsCompleted) await Task.Delay(10); return t.Result; }")]
        public Task Silent_where_every_path_proves_the_task_complete(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { try { await t; } finally { t = next(); } return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t) { try { await t; } catch { } return [|t.Result|]; }")]
        [InlineData("async Task<int> M(Task<int> t, Func<Task<int>> next) { await t; Action reset = () => t = next(); reset(); return [|t.Result|]; }")]
        public Task Still_reported_where_some_path_may_replace_or_skip_the_task(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("readonly Task<int> loaded = Task.Run(() => 1); async Task<int> M() { await loaded; return loaded.Result; }")]
        [InlineData("readonly TaskCompletionSource<int> tcs = new(); Task<int> Committed => tcs.Task; async Task<int> M() { await Committed.ConfigureAwait(false); return Committed.Result; }")]
        [InlineData("TaskCompletionSource<int> tcs = new(); Task<int> Committed => tcs.Task; async Task<int> M() { await Task.Yield(); if (Committed.IsCompleted) return Committed.Result; return 0; }")]
        public Task Silent_on_a_field_or_property_of_this_that_is_awaited_or_tested(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        private const string Call = "sealed class Call { public readonly Task<int> Response = Task.Run(() => 1); public Task<int> Pending = Task.Run(() => 2); public Task<int> Current => Response; }\n";

        [Theory]
        // grpc RetryCall: a member of a local, tested in the same &&.
        [InlineData("async Task<bool> M(Func<Call> start) { var current = start(); await Task.Yield(); return current.Pending.IsCompletedSuccessfully && current.Pending.Result == 1; }")]
        // Awaited through links that are all fixed once read (a readonly field, a property without a setter).
        [InlineData("async Task<int> M(Call call) { await call.Response; return call.Response.Result; }")]
        [InlineData("async Task<int> M(Call call) { await call.Current.ConfigureAwait(false); return call.Current.GetAwaiter().GetResult(); }")]
        public Task Silent_on_a_member_chain_of_a_parameter_or_local_that_is_tested_or_awaited(string member)
            => Verify.VerifyAnalyzerAsync(Code(Call + "    " + member));

        [Theory]
        // A mutable field may be replaced by another thread after the await: only a test right before the read is trusted.
        [InlineData("async Task<int> M(Call call) { await call.Pending; return [|call.Pending.Result|]; }")]
        [InlineData("async Task<int> M(Call call, Call other) { await call.Response; call = other; return [|call.Response.Result|]; }")]
        public Task Still_reported_on_a_member_chain_awaited_through_a_mutable_link_or_replaced(string member)
            => Verify.VerifyAnalyzerAsync(Code(Call + "    " + member));

        [Fact]
        public Task A_long_chain_of_operators_between_await_and_read_is_followed_without_running_out_of_stack()
        {
            var sum = string.Join(" + ", System.Linq.Enumerable.Repeat("x", 5000));
            return Verify.VerifyAnalyzerAsync(Code($"    async Task<int> M(Task<int> t, int x) {{ await t; var s = {sum}; return s + t.Result; }}"));
        }

        [Fact]
        public Task Still_reported_where_a_guard_proves_the_opposite_in_a_catch()
            => Verify.VerifyAnalyzerAsync(Code("""
                    // grpc HedgingCall.ClientStreamWriteAsync: the guard ends the catch when the call is committed, so
                    // the later read runs exactly when it is not known complete.
                    readonly object gate = new();
                    readonly TaskCompletionSource<int> committed = new();
                    readonly TaskCompletionSource<bool> written = new();
                    Task<int> CommitedCallTask => committed.Task;
                    async Task WriteAsync(Func<Task> write)
                    {
                        try
                        {
                            await write();
                        }
                        catch
                        {
                            lock (gate)
                            {
                                if (CommitedCallTask.IsCompletedSuccessfully)
                                {
                                    throw;
                                }
                            }

                            var success = await written.Task.ConfigureAwait(false);
                            if (!success)
                            {
                                var call = [|CommitedCallTask.Result|];
                                throw new InvalidOperationException(call.ToString());
                            }
                        }
                    }
                """));

        [Fact]
        public Task Silent_on_a_dual_path_method_entered_with_false_in_async_code()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Read(bool async, CancellationToken ct)
                    {
                        if (!async)
                            return 1;
                        await Task.Delay(1, ct);
                        return 2;
                    }
                    async Task<int> M(CancellationToken ct)
                    {
                        await Task.Yield();
                        return Read(async: false, ct).GetAwaiter().GetResult() + [|Read(async: true, ct).GetAwaiter().GetResult()|];
                    }
                """));
    }
}
