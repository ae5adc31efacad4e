using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC040TokenNotForwardedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC040TokenNotForwardedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC040")]
    public class ASYNC040TokenNotForwardedTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task An_overload_with_a_token_gets_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken ct)\n    {\n        await {|#0:Task.Delay(100)|};\n    }"),
                Code("    async Task M(CancellationToken ct)\n    {\n        await Task.Delay(100, cancellationToken: ct);\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("Delay", "ct").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task An_optional_token_parameter_gets_the_token_by_name()
            => Verify.VerifyCodeFixAsync(
                Code("    Task SaveAsync(string path, bool flush = true, CancellationToken cancellationToken = default) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        await [|SaveAsync(\"a\")|];\n    }"),
                Code("    Task SaveAsync(string path, bool flush = true, CancellationToken cancellationToken = default) => Task.CompletedTask;\n    async Task M(CancellationToken ct)\n    {\n        await SaveAsync(\"a\", cancellationToken: ct);\n    }"));

        [Fact]
        public Task A_field_token_is_forwarded_when_no_parameter_is_there()
            => Verify.VerifyCodeFixAsync(
                Code("    readonly CancellationToken stopping;\n    async Task<string> M(string path)\n    {\n        return await [|File.ReadAllTextAsync(path)|];\n    }"),
                Code("    readonly CancellationToken stopping;\n    async Task<string> M(string path)\n    {\n        return await File.ReadAllTextAsync(path, cancellationToken: stopping);\n    }"));

        [Fact]
        public Task A_keyword_named_token_is_escaped()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(CancellationToken @event)\n    {\n        await [|Task.Delay(100)|];\n    }"),
                Code("    async Task M(CancellationToken @event)\n    {\n        await Task.Delay(100, cancellationToken: @event);\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task A1(CancellationToken ct)\n    {\n        await [|Task.Delay(1)|];\n        await [|Task.Delay(2)|];\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(CancellationToken token)\n    {\n        await [|Task.Delay(3)|];\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task A1(CancellationToken ct)\n    {\n        await Task.Delay(1, cancellationToken: ct);\n        await Task.Delay(2, cancellationToken: ct);\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(CancellationToken token)\n    {\n        await Task.Delay(3, cancellationToken: token);\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Theory]
        [InlineData("async Task M(CancellationToken ct) { await Task.Delay(1, ct); }")]
        [InlineData("async Task M(CancellationToken ct) { await Task.Delay(1, CancellationToken.None); }")]
        [InlineData("async Task M() { await Task.Delay(1); }")]
        [InlineData("async Task M(CancellationToken a, CancellationToken b) { await Task.Delay(1); }")]
        [InlineData("void M(CancellationToken ct) { Task.Delay(1).Wait(); }")]
        [InlineData("async Task M(CancellationToken ct) { Func<Task> f = static async () => await Task.Delay(1); await f(); }")]
        [InlineData("async Task M(CancellationToken ct) { Console.WriteLine(1); await Task.Yield(); }")]
        [InlineData("async Task M(CancellationToken ct, Task t, SemaphoreSlim gate) { gate.Wait(); t.Wait(); await Task.Yield(); }")]
        [InlineData("async Task M() { CancellationToken ct; await Task.Delay(1); ct = default; }")]
        [InlineData("class Other { public Task Run() => Task.CompletedTask; private Task Run(CancellationToken t) => Task.CompletedTask; } async Task M(Other o, CancellationToken ct) { await o.Run(); }")]
        [InlineData("class Old { public Task Run() => Task.CompletedTask; [Obsolete] public Task Run(CancellationToken t) => Task.CompletedTask; } async Task M(Old o, CancellationToken ct) { await o.Run(); }")]
        [InlineData("async IAsyncEnumerable<int> Numbers([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; } async Task M(CancellationToken ct) { await foreach (var n in Numbers()) { } await foreach (var n in Numbers().ConfigureAwait(false)) { } }")]
        public Task Silent_where_a_token_is_passed_absent_ambiguous_or_not_ours(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
