using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC030ThreadSleepInAsyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC030ThreadSleepInAsyncCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC030")]
    public class ASYNC030ThreadSleepInAsyncCodeTests
    {
        private const string Usings = "using System;\nusing System.Linq.Expressions;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task Sleep_becomes_await_Task_Delay()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M()\n    {\n        Console.WriteLine(\"One\");\n        {|#0:Thread.Sleep(1000)|};\n        Console.WriteLine(\"Two\");\n    }"),
                Code("    async Task M()\n    {\n        Console.WriteLine(\"One\");\n        await Task.Delay(1000);\n        Console.WriteLine(\"Two\");\n    }"),
                Verify.Diagnostic().WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));

        [Fact]
        public Task The_token_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken cancellationToken)\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    async Task M(CancellationToken cancellationToken)\n    {\n        await Task.Delay(10, cancellationToken);\n    }"));

        [Fact]
        public Task A_token_field_is_passed_when_no_parameter_is_there()
            => Verify.VerifyCodeFixAsync(
                Code("    private readonly CancellationToken stopping;\n    async Task M()\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    private readonly CancellationToken stopping;\n    async Task M()\n    {\n        await Task.Delay(10, stopping);\n    }"));

        [Fact]
        public Task A_mutable_token_field_is_not_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    private CancellationToken current;\n    async Task M()\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    private CancellationToken current;\n    async Task M()\n    {\n        await Task.Delay(10);\n    }"));

        [Fact]
        public Task Where_the_token_is_already_cancelled_the_delay_gets_no_token()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken ct)\n    {\n        if (ct.IsCancellationRequested)\n        {\n            [|Thread.Sleep(10)|];\n        }\n    }"),
                Code("    async Task M(CancellationToken ct)\n    {\n        if (ct.IsCancellationRequested)\n        {\n            await Task.Delay(10);\n        }\n    }"));

        [Fact]
        public Task A_token_reached_through_a_parameter_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }\n    async Task M(RequestContext context)\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    abstract class RequestContext { public abstract CancellationToken RequestAborted { get; } }\n    async Task M(RequestContext context)\n    {\n        await Task.Delay(10, context.RequestAborted);\n    }"));

        [Fact]
        public Task The_parameter_wins_over_the_field()
            => Verify.VerifyCodeFixAsync(
                Code("    private readonly CancellationToken stopping;\n    async Task M(CancellationToken ct)\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    private readonly CancellationToken stopping;\n    async Task M(CancellationToken ct)\n    {\n        await Task.Delay(10, ct);\n    }"));

        [Fact]
        public Task The_lambdas_own_token_wins_over_the_methods()
            => Verify.VerifyCodeFixAsync(
                Code("    void M(CancellationToken outer)\n    {\n        Func<CancellationToken, Task> f = async inner => { [|Thread.Sleep(10)|]; };\n    }"),
                Code("    void M(CancellationToken outer)\n    {\n        Func<CancellationToken, Task> f = async inner => { await Task.Delay(10, inner); };\n    }"));

        [Fact]
        public Task Two_tokens_at_the_same_distance_are_ambiguous_and_none_is_passed()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken a, CancellationToken b)\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    async Task M(CancellationToken a, CancellationToken b)\n    {\n        await Task.Delay(10);\n    }"));

        [Fact]
        public Task A_local_token_declared_later_is_not_used()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M()\n    {\n        [|Thread.Sleep(10)|];\n        var later = CancellationToken.None;\n        await Task.Delay(1, later);\n    }"),
                Code("    async Task M()\n    {\n        await Task.Delay(10);\n        var later = CancellationToken.None;\n        await Task.Delay(1, later);\n    }"));

        [Fact]
        public Task A_static_lambda_cannot_capture_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("    void M(CancellationToken ct)\n    {\n        Func<Task> f = static async () => { [|Thread.Sleep(10)|]; };\n    }"),
                Code("    void M(CancellationToken ct)\n    {\n        Func<Task> f = static async () => { await Task.Delay(10); };\n    }"));

        [Fact]
        public Task An_instance_token_is_not_used_from_a_static_method()
            => Verify.VerifyCodeFixAsync(
                Code("    private readonly CancellationToken stopping;\n    static async Task M()\n    {\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    private readonly CancellationToken stopping;\n    static async Task M()\n    {\n        await Task.Delay(10);\n    }"));

        [Fact]
        public Task An_outer_types_instance_token_is_not_reachable_from_a_nested_type()
            => Verify.VerifyCodeFixAsync(
                Code("    private readonly CancellationToken stopping;\n    class Inner\n    {\n        async Task M()\n        {\n            [|Thread.Sleep(10)|];\n        }\n    }"),
                Code("    private readonly CancellationToken stopping;\n    class Inner\n    {\n        async Task M()\n        {\n            await Task.Delay(10);\n        }\n    }"));

        [Fact]
        public Task A_field_hidden_by_a_local_of_another_type_is_not_used()
            => Verify.VerifyCodeFixAsync(
                Code("    private readonly CancellationToken stopping;\n    async Task M()\n    {\n        var stopping = 1;\n        [|Thread.Sleep(stopping)|];\n    }"),
                Code("    private readonly CancellationToken stopping;\n    async Task M()\n    {\n        var stopping = 1;\n        await Task.Delay(stopping);\n    }"));

        [Fact]
        public Task A_local_token_declared_earlier_wins_over_the_parameter()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken outer)\n    {\n        using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);\n        var token = linked.Token;\n        [|Thread.Sleep(10)|];\n    }"),
                Code("    async Task M(CancellationToken outer)\n    {\n        using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);\n        var token = linked.Token;\n        await Task.Delay(10, token);\n    }"));

        [Fact]
        public Task Sleep_zero_becomes_Task_Yield()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken ct)\n    {\n        [|Thread.Sleep(0)|];\n        [|Thread.Sleep(TimeSpan.Zero)|];\n    }"),
                Code("    async Task M(CancellationToken ct)\n    {\n        await Task.Yield();\n        await Task.Yield();\n    }"));

        [Fact]
        public Task TimeSpan_and_named_arguments_are_carried_over()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M()\n    {\n        [|Thread.Sleep(TimeSpan.FromSeconds(1))|];\n        [|Thread.Sleep(millisecondsTimeout: 5)|];\n    }"),
                Code("    async Task M()\n    {\n        await Task.Delay(TimeSpan.FromSeconds(1));\n        await Task.Delay(5);\n    }"));

        [Fact]
        public Task Expression_bodied_lambda_local_function_and_void_handler()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M() => [|Thread.Sleep(1)|];\n    async void OnClick(object? sender, EventArgs e) { [|Thread.Sleep(1)|]; }\n    void N()\n    {\n        Func<Task> f = async () => [|Thread.Sleep(1)|];\n        async Task Local() { [|Thread.Sleep(1)|]; }\n    }"),
                Code("    async Task M() => await Task.Delay(1);\n    async void OnClick(object? sender, EventArgs e) { await Task.Delay(1); }\n    void N()\n    {\n        Func<Task> f = async () => await Task.Delay(1);\n        async Task Local() { await Task.Delay(1); }\n    }"));

        [Fact]
        public Task Missing_using_directive_is_added()
            => Verify.VerifyCodeFixAsync(
                "using System.Threading;\n\nclass C\n{\n    async System.Threading.Tasks.Task M()\n    {\n        [|Thread.Sleep(1)|];\n    }\n}\n",
                "using System.Threading;\nusing System.Threading.Tasks;\n\nclass C\n{\n    async System.Threading.Tasks.Task M()\n    {\n        await Task.Delay(1);\n    }\n}\n");

        [Fact]
        public Task Comments_are_kept()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M()\n    {\n        // pause\n        [|Thread.Sleep(/* ms */ 10)|]; // trailing\n    }"),
                Code("    async Task M()\n    {\n        // pause\n        await Task.Delay(/* ms */ 10); // trailing\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task M(CancellationToken ct)\n    {\n        [|Thread.Sleep(1)|];\n        [|Thread.Sleep(0)|];\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task N()\n    {\n        [|Thread.Sleep(2)|];\n        [|Thread.Sleep(3)|];\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task M(CancellationToken ct)\n    {\n        await Task.Delay(1, ct);\n        await Task.Yield();\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task N()\n    {\n        await Task.Delay(2);\n        await Task.Delay(3);\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered (fix safety) ----------------------------------------------------------

        [Fact]
        public Task Inside_lock_body_has_no_fix()
        {
            var source = Code("    readonly object gate = new object();\n    async Task M()\n    {\n        await Task.Yield();\n        lock (gate)\n        {\n            [|Thread.Sleep(10)|];\n        }\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Inside_unsafe_context_has_no_fix()
        {
            var source = Code("    async Task M()\n    {\n        await Task.Yield();\n        unsafe { [|Thread.Sleep(10)|]; }\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task In_unsafe_method_has_no_fix()
        {
            var source = Code("    unsafe async Task M()\n    {\n        [|Thread.Sleep(10)|];\n    }");
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
            => Verify.VerifyAnalyzerAsync(Code("    async Task M()\n    {\n        {|CS4008:await Thread.Sleep(10)|};\n    }"));

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
