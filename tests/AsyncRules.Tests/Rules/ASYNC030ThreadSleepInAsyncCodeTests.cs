using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC030ThreadSleepInAsyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC030ThreadSleepInAsyncCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC030")]
    public class ASYNC030ThreadSleepInAsyncCodeTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Linq.Expressions", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task Sleep_becomes_await_Task_Delay()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            Console.WriteLine("One");
                            {|#0:Thread.Sleep(1000)|};
                            Console.WriteLine("Two");
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            Console.WriteLine("One");
                            await Task.Delay(1000);
                            Console.WriteLine("Two");
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));

        [Fact]
        public Task The_token_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken cancellationToken)
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken cancellationToken)
                        {
                            await Task.Delay(10, cancellationToken);
                        }
                    """));

        [Fact]
        public Task A_token_field_is_passed_when_no_parameter_is_there()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M()
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M()
                        {
                            await Task.Delay(10, stopping);
                        }
                    """));

        [Fact]
        public Task A_mutable_token_field_is_not_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private CancellationToken current;
                        async Task M()
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        private CancellationToken current;
                        async Task M()
                        {
                            await Task.Delay(10);
                        }
                    """));

        [Fact]
        public Task Where_the_token_is_already_cancelled_the_delay_gets_no_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            if (ct.IsCancellationRequested)
                            {
                                [|Thread.Sleep(10)|];
                            }
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            if (ct.IsCancellationRequested)
                            {
                                await Task.Delay(10);
                            }
                        }
                    """));

        [Fact]
        public Task A_token_reached_through_a_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }
                        async Task M(RequestContext context)
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }
                        async Task M(RequestContext context)
                        {
                            await Task.Delay(10, context.RequestAborted);
                        }
                    """));

        [Fact]
        public Task The_parameter_wins_over_the_field()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M(CancellationToken ct)
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M(CancellationToken ct)
                        {
                            await Task.Delay(10, ct);
                        }
                    """));

        [Fact]
        public Task The_lambdas_own_token_wins_over_the_methods()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M(CancellationToken outer)
                        {
                            Func<CancellationToken, Task> f = async inner => { [|Thread.Sleep(10)|]; };
                        }
                    """),
                Code("""
                        void M(CancellationToken outer)
                        {
                            Func<CancellationToken, Task> f = async inner => { await Task.Delay(10, inner); };
                        }
                    """));

        [Fact]
        public Task Two_tokens_at_the_same_distance_are_ambiguous_and_none_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken a, CancellationToken b)
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken a, CancellationToken b)
                        {
                            await Task.Delay(10);
                        }
                    """));

        [Fact]
        public Task A_local_token_declared_later_is_not_used()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            [|Thread.Sleep(10)|];
                            var later = CancellationToken.None;
                            await Task.Delay(1, later);
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Delay(10);
                            var later = CancellationToken.None;
                            await Task.Delay(1, later);
                        }
                    """));

        [Fact]
        public Task A_static_lambda_cannot_capture_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M(CancellationToken ct)
                        {
                            Func<Task> f = static async () => { [|Thread.Sleep(10)|]; };
                        }
                    """),
                Code("""
                        void M(CancellationToken ct)
                        {
                            Func<Task> f = static async () => { await Task.Delay(10); };
                        }
                    """));

        [Fact]
        public Task An_instance_token_is_not_used_from_a_static_method()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationToken stopping;
                        static async Task M()
                        {
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        private readonly CancellationToken stopping;
                        static async Task M()
                        {
                            await Task.Delay(10);
                        }
                    """));

        [Fact]
        public Task An_outer_types_instance_token_is_not_reachable_from_a_nested_type()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationToken stopping;
                        class Inner
                        {
                            async Task M()
                            {
                                [|Thread.Sleep(10)|];
                            }
                        }
                    """),
                Code("""
                        private readonly CancellationToken stopping;
                        class Inner
                        {
                            async Task M()
                            {
                                await Task.Delay(10);
                            }
                        }
                    """));

        [Fact]
        public Task A_field_hidden_by_a_local_of_another_type_is_not_used()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M()
                        {
                            var stopping = 1;
                            [|Thread.Sleep(stopping)|];
                        }
                    """),
                Code("""
                        private readonly CancellationToken stopping;
                        async Task M()
                        {
                            var stopping = 1;
                            await Task.Delay(stopping);
                        }
                    """));

        [Fact]
        public Task A_local_token_declared_earlier_wins_over_the_parameter()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken outer)
                        {
                            using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                            var token = linked.Token;
                            [|Thread.Sleep(10)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken outer)
                        {
                            using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                            var token = linked.Token;
                            await Task.Delay(10, token);
                        }
                    """));

        [Fact]
        public Task Sleep_zero_becomes_Task_Yield()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            [|Thread.Sleep(0)|];
                            [|Thread.Sleep(TimeSpan.Zero)|];
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await Task.Yield();
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task TimeSpan_and_named_arguments_are_carried_over()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            [|Thread.Sleep(TimeSpan.FromSeconds(1))|];
                            [|Thread.Sleep(millisecondsTimeout: 5)|];
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Delay(TimeSpan.FromSeconds(1));
                            await Task.Delay(5);
                        }
                    """));

        [Fact]
        public Task Expression_bodied_lambda_local_function_and_void_handler()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M() => [|Thread.Sleep(1)|];
                        async void OnClick(object? sender, EventArgs e) { [|Thread.Sleep(1)|]; }
                        void N()
                        {
                            Func<Task> f = async () => [|Thread.Sleep(1)|];
                            async Task Local() { [|Thread.Sleep(1)|]; }
                        }
                    """),
                Code("""
                        async Task M() => await Task.Delay(1);
                        async void OnClick(object? sender, EventArgs e) { await Task.Delay(1); }
                        void N()
                        {
                            Func<Task> f = async () => await Task.Delay(1);
                            async Task Local() { await Task.Delay(1); }
                        }
                    """));

        [Fact]
        public Task Missing_using_directive_is_added()
            => Verify.VerifyCodeFixAsync(
                """
                    using System.Threading;

                    class C
                    {
                        async System.Threading.Tasks.Task M()
                        {
                            [|Thread.Sleep(1)|];
                        }
                    }

                    """,
                """
                    using System.Threading;
                    using System.Threading.Tasks;

                    class C
                    {
                        async System.Threading.Tasks.Task M()
                        {
                            await Task.Delay(1);
                        }
                    }

                    """);

        [Fact]
        public Task Comments_are_kept()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            // pause
                            [|Thread.Sleep(/* ms */ 10)|]; // trailing
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            // pause
                            await Task.Delay(/* ms */ 10); // trailing
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task M(CancellationToken ct)
                    {
                        [|Thread.Sleep(1)|];
                        [|Thread.Sleep(0)|];
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N()
                    {
                        [|Thread.Sleep(2)|];
                        [|Thread.Sleep(3)|];
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task M(CancellationToken ct)
                    {
                        await Task.Delay(1, ct);
                        await Task.Yield();
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task N()
                    {
                        await Task.Delay(2);
                        await Task.Delay(3);
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered (fix safety) ----------------------------------------------------------

        [Fact]
        public Task Inside_lock_body_has_no_fix()
        {
            var source = Code("""
                    readonly object gate = new object();
                    async Task M()
                    {
                        await Task.Yield();
                        lock (gate)
                        {
                            [|Thread.Sleep(10)|];
                        }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_unsafe_context_has_no_fix()
        {
            var source = Code("""
                    async Task M()
                    {
                        await Task.Yield();
                        unsafe { [|Thread.Sleep(10)|]; }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task In_unsafe_method_has_no_fix()
        {
            var source = Code("""
                    unsafe async Task M()
                    {
                        [|Thread.Sleep(10)|];
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        /// <summary>
        /// A referenced library with its own internal <c>System.Threading.Thread</c> (the shape of an internal polyfill): the code
        /// still calls the real one, and the rule still finds it (a raw type lookup finds two and gives up).
        /// </summary>
        [Fact]
        public Task Sleep_is_reported_when_a_reference_has_an_internal_Thread_of_its_own()
        {
            var test = new Verify.Test
            {
                TestCode = Code("    async Task M()\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                FixedCode = Code("    async Task M()\n    {\n        await Task.Delay(10);\n    }"),
            };
            var polyfill = Helpers.KnownSymbolsTests.Reference("InternalPolyfill", "namespace System.Threading { internal class Thread { } }");
            test.TestState.AdditionalReferences.Add(polyfill); // the fixed state inherits it
            return test.RunAsync(System.Threading.CancellationToken.None);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Fact]
        public Task Silent_on_await_Thread_Sleep_which_is_the_compilers_CS4008()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task M()
                    {
                        {|CS4008:await Thread.Sleep(10)|};
                    }
                """));

        [Theory]
        [InlineData("void M() { Thread.Sleep(10); }")]
        [InlineData("async Task M() { await Task.Run(() => Thread.Sleep(10)); }")]
        [InlineData("async Task M() { Action a = () => Thread.Sleep(10); await Task.Yield(); a(); }")]
        [InlineData("async Task M() { Expression<Action> e = () => Thread.Sleep(10); await Task.Yield(); }")]
        [InlineData("async Task M() { var n = nameof(Thread.Sleep); await Task.Yield(); }")]
        [InlineData("async Task M() { void Local() => Thread.Sleep(1); await Task.Yield(); }")]
        [InlineData("static class Clock { public static void Sleep(int ms) { } } async Task M() { Clock.Sleep(1); await Task.Yield(); }")]
        [InlineData("Task M() { Thread.Sleep(1); return Task.CompletedTask; }")]
        public Task Silent_outside_async_code_and_on_look_alikes(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
