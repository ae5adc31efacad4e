using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC002AsyncLambdaToVoidDelegateAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC002AsyncLambdaToVoidDelegateCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC002")]
    public class ASYNC002AsyncLambdaToVoidDelegateTests
    {
        private static readonly string Usings = TestCode.Usings;

        private static string Code(string members) => TestCode.InClass("    Task SaveAsync(int x) => Task.CompletedTask;\n" + members, Usings);

        [Fact]
        public Task List_ForEach_becomes_foreach_with_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(List<int> items)
                        {
                            items.ForEach({|#0:async x =>|} await SaveAsync(x));
                        }
                    """),
                Code("""
                        async Task M(List<int> items)
                        {
                            foreach (var x in items)
                            {
                                await SaveAsync(x);
                            }
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Action<int>"));

        [Fact]
        public Task List_ForEach_with_a_block_keeps_the_body()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(List<int> items)
                        {
                            items.ForEach([|async (int x) =>|]
                            {
                                // save it
                                await SaveAsync(x);
                            });
                        }
                    """),
                Code("""
                        async Task M(List<int> items)
                        {
                            foreach (int x in items)
                            {
                                // save it
                                await SaveAsync(x);
                            }
                        }
                    """));

        [Fact]
        public Task Parallel_ForEach_becomes_await_Parallel_ForEachAsync()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IEnumerable<int> items)
                        {
                            Parallel.ForEach(items, [|async x =>|] await SaveAsync(x));
                        }
                    """),
                Code("""
                        async Task M(IEnumerable<int> items)
                        {
                            await Parallel.ForEachAsync(items, async (x, cancellationToken) => await SaveAsync(x));
                        }
                    """));

        [Fact]
        public Task Token_parameter_name_avoids_names_the_lambda_uses()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IEnumerable<int> items, CancellationToken cancellationToken)
                        {
                            Parallel.ForEach(items, [|async x =>|] { var ct = x; var token = ct; await SaveAsync(token); });
                        }
                    """),
                Code("""
                        async Task M(IEnumerable<int> items, CancellationToken cancellationToken)
                        {
                            await Parallel.ForEachAsync(items, cancellationToken, async (x, cancellationToken1) => { var ct = x; var token = ct; await SaveAsync(token); });
                        }
                    """));

        [Fact]
        public Task Parallel_ForEach_passes_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IEnumerable<int> items, CancellationToken stopping)
                        {
                            Parallel.ForEach(items, [|async x =>|] await SaveAsync(x));
                        }
                    """),
                Code("""
                        async Task M(IEnumerable<int> items, CancellationToken stopping)
                        {
                            await Parallel.ForEachAsync(items, stopping, async (x, cancellationToken) => await SaveAsync(x));
                        }
                    """));

        [Fact]
        public Task Parallel_ForEach_with_options_keeps_them()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(IEnumerable<int> items, ParallelOptions options, CancellationToken cancellationToken)
                        {
                            Parallel.ForEach(items, options, [|async x =>|] { await SaveAsync(x); });
                        }
                    """),
                Code("""
                        async Task M(IEnumerable<int> items, ParallelOptions options, CancellationToken cancellationToken)
                        {
                            await Parallel.ForEachAsync(items, options, async (x, ct) => { await SaveAsync(x); });
                        }
                    """));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task A1(List<int> a, List<int> b)
                    {
                        a.ForEach([|async x =>|] await SaveAsync(x));
                        b.ForEach([|async y =>|] await SaveAsync(y));
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(IEnumerable<int> c)
                    {
                        Parallel.ForEach(c, [|async z =>|] await Task.Delay(z));
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1(List<int> a, List<int> b)
                    {
                        foreach (var x in a)
                        {
                            await SaveAsync(x);
                        }
                        foreach (var y in b)
                        {
                            await SaveAsync(y);
                        }
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(IEnumerable<int> c)
                    {
                        await Parallel.ForEachAsync(c, async (z, cancellationToken) => await Task.Delay(z));
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered ---------------------------------------------------------------------------

        [Theory]
        [InlineData("""
                void M(List<int> items)
                {
                    items.ForEach([|async x =>|] await SaveAsync(x));
                }
            """)]
        [InlineData("""
                async Task M(List<int> items)
                {
                    items.ForEach([|async x =>|] { if (x < 0) return; await SaveAsync(x); });
                }
            """)]
        [InlineData("""
                async Task M(List<int> items, int x)
                {
                    items.ForEach([|async x =>|] await SaveAsync(x));
                }
            """)]
        [InlineData("""
                async Task M(List<int> items)
                {
                    Action<int> a = [|async x =>|] await SaveAsync(x);
                    items.ForEach(a);
                    await Task.Yield();
                }
            """)]
        [InlineData("""
                void Run(Action work) { }
                void M()
                {
                    Run([|async () =>|] await Task.Yield());
                }
            """)]
        [InlineData("""
                readonly object gate = new object();
                async Task M(List<int> items)
                {
                    await Task.Yield();
                    lock (gate) { items.ForEach([|async x =>|] await SaveAsync(x)); }
                }
            """)]
        [InlineData("""
                void M()
                {
                    Action a = [|async delegate|] { await Task.Yield(); };
                }
            """)]
        [InlineData("""
                async Task M(List<int> items)
                {
                    items.ForEach([|async x =>|] { x++; await SaveAsync(x); });
                }
            """)]
        [InlineData("""
                async Task M(List<int> items)
                {
                    items.ForEach([|async x =>|] { var y = x + 1; await SaveAsync(y); });
                    var y = 0;
                }
            """)]
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
