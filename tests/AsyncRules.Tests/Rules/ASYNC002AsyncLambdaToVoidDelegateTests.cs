using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC002AsyncLambdaToVoidDelegateAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC002AsyncLambdaToVoidDelegateCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC002")]
    public class ASYNC002AsyncLambdaToVoidDelegateTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n    Task SaveAsync(int x) => Task.CompletedTask;\n" + members + "\n}\n";

        [Fact]
        public Task List_ForEach_becomes_foreach_with_await()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(List<int> items)\n    {\n        items.ForEach({|#0:async x =>|} await SaveAsync(x));\n    }"),
                Code("    async Task M(List<int> items)\n    {\n        foreach (var x in items)\n        {\n            await SaveAsync(x);\n        }\n    }"),
                Verify.Diagnostic().WithLocation(0).WithArguments("Action<int>"));

        [Fact]
        public Task List_ForEach_with_a_block_keeps_the_body()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(List<int> items)\n    {\n        items.ForEach([|async (int x) =>|]\n        {\n            // save it\n            await SaveAsync(x);\n        });\n    }"),
                Code("    async Task M(List<int> items)\n    {\n        foreach (int x in items)\n        {\n            // save it\n            await SaveAsync(x);\n        }\n    }"));

        [Fact]
        public Task Parallel_ForEach_becomes_await_Parallel_ForEachAsync()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IEnumerable<int> items)\n    {\n        Parallel.ForEach(items, [|async x =>|] await SaveAsync(x));\n    }"),
                Code("    async Task M(IEnumerable<int> items)\n    {\n        await Parallel.ForEachAsync(items, async (x, cancellationToken) => await SaveAsync(x));\n    }"));

        [Fact]
        public Task Token_parameter_name_avoids_names_the_lambda_uses()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IEnumerable<int> items, CancellationToken cancellationToken)\n    {\n        Parallel.ForEach(items, [|async x =>|] { var ct = x; var token = ct; await SaveAsync(token); });\n    }"),
                Code("    async Task M(IEnumerable<int> items, CancellationToken cancellationToken)\n    {\n        await Parallel.ForEachAsync(items, cancellationToken, async (x, cancellationToken1) => { var ct = x; var token = ct; await SaveAsync(token); });\n    }"));

        [Fact]
        public Task Parallel_ForEach_passes_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IEnumerable<int> items, CancellationToken stopping)\n    {\n        Parallel.ForEach(items, [|async x =>|] await SaveAsync(x));\n    }"),
                Code("    async Task M(IEnumerable<int> items, CancellationToken stopping)\n    {\n        await Parallel.ForEachAsync(items, stopping, async (x, cancellationToken) => await SaveAsync(x));\n    }"));

        [Fact]
        public Task Parallel_ForEach_with_options_keeps_them()
            => Verify.VerifyCodeFixAsync(
                Code("    async Task M(IEnumerable<int> items, ParallelOptions options, CancellationToken cancellationToken)\n    {\n        Parallel.ForEach(items, options, [|async x =>|] { await SaveAsync(x); });\n    }"),
                Code("    async Task M(IEnumerable<int> items, ParallelOptions options, CancellationToken cancellationToken)\n    {\n        await Parallel.ForEachAsync(items, options, async (x, ct) => { await SaveAsync(x); });\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    async Task A1(List<int> a, List<int> b)\n    {\n        a.ForEach([|async x =>|] await SaveAsync(x));\n        b.ForEach([|async y =>|] await SaveAsync(y));\n    }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(IEnumerable<int> c)\n    {\n        Parallel.ForEach(c, [|async z =>|] await Task.Delay(z));\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async Task A1(List<int> a, List<int> b)\n    {\n        foreach (var x in a)\n        {\n            await SaveAsync(x);\n        }\n        foreach (var y in b)\n        {\n            await SaveAsync(y);\n        }\n    }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async Task B1(IEnumerable<int> c)\n    {\n        await Parallel.ForEachAsync(c, async (z, cancellationToken) => await Task.Delay(z));\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered ---------------------------------------------------------------------------

        [Theory]
        [InlineData("    void M(List<int> items)\n    {\n        items.ForEach([|async x =>|] await SaveAsync(x));\n    }")]
        [InlineData("    async Task M(List<int> items)\n    {\n        items.ForEach([|async x =>|] { if (x < 0) return; await SaveAsync(x); });\n    }")]
        [InlineData("    async Task M(List<int> items, int x)\n    {\n        items.ForEach([|async x =>|] await SaveAsync(x));\n    }")]
        [InlineData("    async Task M(List<int> items)\n    {\n        Action<int> a = [|async x =>|] await SaveAsync(x);\n        items.ForEach(a);\n        await Task.Yield();\n    }")]
        [InlineData("    void Run(Action work) { }\n    void M()\n    {\n        Run([|async () =>|] await Task.Yield());\n    }")]
        [InlineData("    readonly object gate = new object();\n    async Task M(List<int> items)\n    {\n        await Task.Yield();\n        lock (gate) { items.ForEach([|async x =>|] await SaveAsync(x)); }\n    }")]
        [InlineData("    void M()\n    {\n        Action a = [|async delegate|] { await Task.Yield(); };\n    }")]
        [InlineData("    async Task M(List<int> items)\n    {\n        items.ForEach([|async x =>|] { x++; await SaveAsync(x); });\n    }")]
        [InlineData("    async Task M(List<int> items)\n    {\n        items.ForEach([|async x =>|] { var y = x + 1; await SaveAsync(y); });\n        var y = 0;\n    }")]
        public Task No_faithful_fix(string members)
        {
            var source = Code(members);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("event EventHandler? Clicked; void M() { Clicked += async (s, e) => await Task.Yield(); }")]
        [InlineData("event Action? Ticked; void M() { Ticked += async () => await Task.Yield(); }")]
        [InlineData("void M() { EventHandler h = async (object? s, EventArgs e) => await Task.Yield(); }")]
        [InlineData("void M() { Func<Task> f = async () => await Task.Yield(); }")]
        [InlineData("async Task M(List<int> items) { await Task.WhenAll(items.ConvertAll(async x => await SaveAsync(x))); }")]
        [InlineData("void M() { Task.Run(async () => await Task.Yield()); }")]
        [InlineData("void M(List<int> items) { items.ForEach(x => SaveAsync(x).Wait()); }")]
        public Task Silent_on_handlers_and_task_returning_lambdas(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));
    }
}
