using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC006PreferAwaitOverContinueWithAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC006PreferAwaitOverContinueWithCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC006")]
    public class ASYNC006PreferAwaitOverContinueWithTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Linq", "System.Threading", "System.Threading.Tasks");

        private const string Helpers = """

                static Task<string> NextAsync(int n) => Task.FromResult(n.ToString());
                static void Log(object value) { }
            """;

        private static string Code(string members) => TestCode.InClass(members + Helpers, Usings);

        // ---- What is reported ----------------------------------------------------------------------------------------

        [Fact]
        public Task An_awaited_continuation_is_reported_with_what_happens_to_it()
            => Verify.VerifyAnalyzerAsync(
                Code("""
                        async Task<int> M(Task<int> t)
                        {
                            return await t.{|#0:ContinueWith|}(x => x.Result + 1);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("awaited").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task A_returned_continuation_is_reported()
            => Verify.VerifyAnalyzerAsync(
                Code("    Task<int> M(Task<int> t) => t.{|#0:ContinueWith|}(x => x.Result + 1);"),
                Verify.Diagnostic().WithLocation(0).WithArguments("returned").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task A_stored_continuation_is_reported()
            => Verify.VerifyAnalyzerAsync(
                Code("""
                        Task field;
                        void M(Task<int> t)
                        {
                            var local = t.{|#0:ContinueWith|}(x => Log(x.Result));
                            field = t.{|#1:ContinueWith|}(_ => Log(1));
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("stored").WithSeverity(DiagnosticSeverity.Info),
                Verify.Diagnostic().WithLocation(1).WithArguments("stored").WithSeverity(DiagnosticSeverity.Info));

        [Theory]
        [InlineData("    async Task M(Task<int> t) { await t.[|ContinueWith|](x => NextAsync(x.Result)).Unwrap(); }")]
        [InlineData("    async Task M(Task<int> t) { await t.[|ContinueWith|](x => Log(x.Result)).ConfigureAwait(false); }")]
        [InlineData("    Task? M(Task<int>? t) => t?.[|ContinueWith|](x => Log(x.Result));")]
        [InlineData("    void M(Task<int> t) { Func<Task<int>> f = () => t.[|ContinueWith|](x => x.Result + 1); }")]
        [InlineData("    Task Field = Task.CompletedTask.[|ContinueWith|](_ => Log(1));")]
        public Task The_chain_is_seen_through_Unwrap_ConfigureAwait_and_null_conditional_access(string members)
            => Verify.VerifyAnalyzerAsync("#nullable enable\n" + Code(members));

        // ---- What is not reported ------------------------------------------------------------------------------------

        [Theory]
        [InlineData("    void M(Task<int> t) { t.ContinueWith(_ => Log(1)); }")] // a callback registration: nothing waits for it
        [InlineData("    void M(Task<int> t) { _ = t.ContinueWith(x => Log(x.Exception)); }")]
        [InlineData("    void M(Task<int> t) { t.ContinueWith(_ => Log(1), TaskContinuationOptions.OnlyOnFaulted); }")]
        [InlineData("    Task M(Task<int> t) => Task.WhenAll(t.ContinueWith(_ => Log(1)));")] // passed on: the rule judges the chain it ends in
        [InlineData("    int M(Task<int> t) => t.ContinueWith(x => x.Result + 1).Result;")] // blocking on it is ASYNC010/011's
        [InlineData("    System.Linq.Expressions.Expression<Func<Task<int>, Task<int>>> M() => t => t.ContinueWith(x => x.Result + 1);")]
        [InlineData("""
                class Chain { public Chain ContinueWith(Func<Chain, int> f) => this; }
                Chain M(Chain c) => c.ContinueWith(x => 1);
            """)]
        public Task Silent_where_no_task_of_the_chain_is_awaited_returned_or_stored(string members)
            => Verify.VerifyAnalyzerAsync(Code(members));

        // ---- The fix -------------------------------------------------------------------------------------------------

        [Fact]
        public Task An_awaited_transformation_reads_the_awaited_antecedent()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Task<string> t)
                        {
                            var length = await t.[|ContinueWith|](x => x.Result.Length);
                            return await t.[|ContinueWith|](x => int.Parse(x.Result)) + length;
                        }
                    """),
                Code("""
                        async Task<int> M(Task<string> t)
                        {
                            var length = (await t).Length;
                            return int.Parse(await t) + length;
                        }
                    """));

        [Fact]
        public Task An_unwrapped_async_step_is_awaited_in_turn()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<string> M(Task<int> t)
                        {
                            return await t.[|ContinueWith|](x => NextAsync(x.Result)).Unwrap();
                        }
                    """),
                Code("""
                        async Task<string> M(Task<int> t)
                        {
                            return await NextAsync(await t);
                        }
                    """));

        [Fact]
        public Task A_returned_chain_makes_the_method_async()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static Task<int> Part1Async(int n) => Task.FromResult(n);
                        static Task<string> ChainAsync(int n) => Part1Async(n).[|ContinueWith|](p1 => NextAsync(p1.Result)).Unwrap();
                    """),
                Code("""
                        static Task<int> Part1Async(int n) => Task.FromResult(n);
                        static async Task<string> ChainAsync(int n) => await NextAsync(await Part1Async(n));
                    """));

        [Fact]
        public Task A_returned_callback_in_a_Task_method_becomes_a_statement()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task Print(Task<int> t, bool skip)
                        {
                            if (skip)
                            {
                                return Task.CompletedTask;
                            }
                            // print when it is there
                            return t.[|ContinueWith|](x => Log(x.Result));
                        }
                    """),
                Code("""
                        async Task Print(Task<int> t, bool skip)
                        {
                            if (skip)
                            {
                                return;
                            }
                            // print when it is there
                            Log(await t);
                        }
                    """));

        [Fact]
        public Task A_returned_chain_in_a_lambda_makes_the_lambda_async()
            => Verify.VerifyCodeFixAsync(
                Code("    Func<Task<int>> M(Task<int> t) => () => t.[|ContinueWith|](x => x.Result + 1);"),
                Code("    Func<Task<int>> M(Task<int> t) => async () => await t + 1;"));

        [Fact]
        public Task A_block_continuation_takes_the_place_of_the_await_statement()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task<int> t)
                        {
                            // then print twice
                            await t.[|ContinueWith|](x =>
                            {
                                var n = x.Result;
                                Log(n);
                                Log(n * 2);
                            });
                            Log(0);
                        }
                    """),
                Code("""
                        async Task M(Task<int> t)
                        {
                            // then print twice
                            var n = await t;
                            Log(n);
                            Log(n * 2);
                            Log(0);
                        }
                    """));

        [Fact]
        public Task A_continuation_that_waits_on_its_antecedent_first_runs_after_it()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task t)
                        {
                            await t.[|ContinueWith|](x => { x.Wait(); Log("done"); });
                            await t.[|ContinueWith|](x => x.GetAwaiter().GetResult());
                        }
                    """),
                Code("""
                        async Task M(Task t)
                        {
                            await t;
                            Log("done");
                            await t;
                        }
                    """));

        [Fact]
        public Task A_continuation_of_a_delay_runs_after_it()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            await Task.Delay(100).[|ContinueWith|](_ => Log("a second later"));
                        }
                        Task N()
                        {
                            return Task.Delay(100).[|ContinueWith|](_ =>
                            {
                                Log(1);
                                Log(2);
                            });
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Delay(100);
                            Log("a second later");
                        }
                        async Task N()
                        {
                            await Task.Delay(100);
                            Log(1);
                            Log(2);
                        }
                    """));

        [Fact]
        public Task Readonly_fields_constants_and_unchanged_locals_may_come_before_the_read()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        readonly string prefix = "n=";
                        async Task M(Task<int> t, int scale)
                        {
                            await t.[|ContinueWith|](x => Log(prefix + (scale * 2 + x.Result)));
                        }
                    """),
                Code("""
                        readonly string prefix = "n=";
                        async Task M(Task<int> t, int scale)
                        {
                            Log(prefix + (scale * 2 + await t));
                        }
                    """));

        [Fact]
        public Task A_read_in_a_condition_runs_always_and_is_fixed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(Task<int> t)
                        {
                            await t.[|ContinueWith|](x => Log(x.Result > 0 ? "up" : "down"));
                        }
                    """),
                Code("""
                        async Task M(Task<int> t)
                        {
                            Log(await t > 0 ? "up" : "down");
                        }
                    """));

        [Fact]
        public Task A_variable_declared_in_the_continuation_comes_along_when_its_name_is_free()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Task<string> t)
                        {
                            return await t.[|ContinueWith|](x => int.TryParse(x.Result, out var n) ? n : 0);
                        }
                    """),
                Code("""
                        async Task<int> M(Task<string> t)
                        {
                            return int.TryParse(await t, out var n) ? n : 0;
                        }
                    """));

        [Fact]
        public Task A_try_that_catches_other_exceptions_does_not_stop_the_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<int> M(Task<int> t) => t.[|ContinueWith|](x => x.Result + 1);
                        async Task Caller(Task<int> t)
                        {
                            try
                            {
                                Log(await M(t));
                            }
                            catch (InvalidOperationException e)
                            {
                                Log(e.Message);
                            }
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t) => await t + 1;
                        async Task Caller(Task<int> t)
                        {
                            try
                            {
                                Log(await M(t));
                            }
                            catch (InvalidOperationException e)
                            {
                                Log(e.Message);
                            }
                        }
                    """));

        [Fact]
        public Task Two_returned_chains_in_one_method_make_it_async_once()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        Task<int> M(Task<int> t, bool b)
                        {
                            if (b)
                                return t.[|ContinueWith|](x => x.Result + 1);
                            return t.[|ContinueWith|](x => x.Result + 2);
                        }
                    """),
                Code("""
                        async Task<int> M(Task<int> t, bool b)
                        {
                            if (b)
                                return await t + 1;
                            return await t + 2;
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task<int> A(Task<int> t) => await t.[|ContinueWith|](x => x.Result * 2) + await t.[|ContinueWith|](x => x.Result);")));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    Task<string> B(Task<int> t) => t.[|ContinueWith|](x => x.Result.ToString());
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task<int> A(Task<int> t) => await t * 2 + await t;")));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task<string> B(Task<int> t) => (await t).ToString();
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task A_chain_of_two_is_fixed_link_by_link()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                        async Task<string> M(Task<int> t)
                        {
                            return await t.ContinueWith(x => x.Result + 1).[|ContinueWith|](y => y.Result.ToString());
                        }
                    """),
                FixedCode = Code("""
                        async Task<string> M(Task<int> t)
                        {
                            return (await t + 1).ToString();
                        }
                    """),
                NumberOfIncrementalIterations = 2,
                NumberOfFixAllIterations = 2,
            };
            return test.RunAsync();
        }

        // ---- No fix where the caller would observe a different behaviour, or the code would not compile ------------------

        [Theory]
        [InlineData("await t.[|ContinueWith|](x => Log(x.Result), TaskContinuationOptions.OnlyOnRanToCompletion);")]
        [InlineData("await t.[|ContinueWith|](x => Log(x.Result), TaskScheduler.Default);")]
        [InlineData("await t.[|ContinueWith|](x => Log(x.Result), CancellationToken.None);")]
        [InlineData("await t.[|ContinueWith|]((x, state) => Log(x.Result), null);")]
        [InlineData("await t.[|ContinueWith|](x => Log(x.Status));")]
        [InlineData("await t.[|ContinueWith|](x => Log(x.IsFaulted ? x.Exception : null));")]
        [InlineData("await t.[|ContinueWith|](x => Log(x));")]
        [InlineData("await t.[|ContinueWith|](_ => Log(1));")] // runs even when t failed, and swallows the failure
        [InlineData("await Task.Delay(100, CancellationToken.None).[|ContinueWith|](_ => Log(1));")] // a delay with a token can be cancelled
        [InlineData("var r = await Task.Delay(100).[|ContinueWith|](_ => 5); Log(r);")] // the value would need a statement of its own
        [InlineData("await t.[|ContinueWith|](x => Log(DateTime.Now.Ticks + x.Result));")] // DateTime.Now would be read before t finishes
        [InlineData("await t.[|ContinueWith|](x => Log(counter + x.Result));")] // a mutable field: read earlier, it may differ
        [InlineData("await t.[|ContinueWith|](x => Log(quick || x.Result > 0));")] // read under a condition
        [InlineData("await t.[|ContinueWith|](x => Log(quick ? x.Result : 0));")]
        [InlineData("await t.[|ContinueWith|](x => Log(Enumerable.Range(0, 2).Select(i => i + x.Result).Sum()));")] // read in a nested lambda
        [InlineData("await t.[|ContinueWith|](x => { try { Log(x.Result); } catch (AggregateException) { } });")]
        [InlineData("await t.[|ContinueWith|](x => { var n = x.Result; if (n < 0) return; Log(n); });")] // return would leave M
        [InlineData("await t.[|ContinueWith|](x => x.Result + 1);")] // `await t + 1;` is not a statement
        [InlineData("await t.[|ContinueWith|](x => NextAsync(x.Result));")] // awaits only the outer task: ASYNC004's
        [InlineData("await t.[|ContinueWith|](async x => Log(await NextAsync(x.Result))).Unwrap();")]
        [InlineData("await t.[|ContinueWith|](x => Log(x.Result)).ConfigureAwait(false);")]
        [InlineData("await t.[|ContinueWith|](Print);")]
        [InlineData("var c = t.[|ContinueWith|](x => Log(x.Result)); await c;")]
        [InlineData("try { await t.[|ContinueWith|](x => Log(x.Result)); } catch (AggregateException e) { Log(e.InnerExceptions.Count); }")]
        [InlineData("try { await t.[|ContinueWith|](x => Log(x.Result)); } catch (Exception e) when (e is AggregateException) { }")]
        [InlineData("var n = 1; Log(n); await t.[|ContinueWith|](x => { var n = x.Result; Log(n); Log(n); });")] // `n` is taken
        [InlineData("var n = 1; Log(n); await t.[|ContinueWith|](x => Log(int.TryParse(x.Result.ToString(), out var n) ? n : 0));")]
        public Task No_fix_where_the_continuation_is_more_than_a_step_after_the_result(string statements)
        {
            var source = Code("    int counter;\n    readonly bool quick;\n    static void Print(Task<int> t) { }\n    async Task M(Task<int> t)\n    {\n        " + statements + "\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Theory]
        [InlineData("""
                Task<int> P => t.[|ContinueWith|](x => x.Result + 1);
                Task<int> t = Task.FromResult(1);
            """)] // a property cannot be async
        [InlineData("    Task<int> M(Task<int> t, ref int n) => t.[|ContinueWith|](x => x.Result + 1);")]
        [InlineData("""
                Task<int> M(Task<int> t) => t.[|ContinueWith|](x => x.Result + 1);
                void Caller(Task<int> t) { try { M(t).Wait(); } catch (AggregateException) { } }
            """)] // a caller relies on the wrapping
        [InlineData("    Task M(Task<int> t) => t.[|ContinueWith|](x => { var n = x.Result; Log(n); });")] // statements cannot stand in an expression body
        [InlineData("    Task M(Task<int> t) { return t.[|ContinueWith|](x => x.Result + 1); }")] // `await t + 1;` is not a statement
        public Task No_fix_where_the_returning_function_cannot_take_the_rewrite(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));
    }
}
