using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC030ThreadSleepInAsyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC030ThreadSleepInAsyncCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>Dual-path methods: the sync branch pauses the way the sync API does, with <c>Thread.Sleep</c>.</summary>
    [Trait("Rule", "ASYNC030")]
    public class ASYNC030DualPathTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading", "System.Threading.Tasks");

        // Members here end with their own line break (the blank line before each closing """), so no line break is added before the brace.
        private static string Code(string members) => Usings + "class C\n{\n" + members + "}\n";

        [Fact]
        public Task Sleep_in_the_sync_branch_is_silent()
            => Verify.VerifyAnalyzerAsync(Code("""
                    private readonly bool useAsync;
                    async Task Backoff(int attempt, bool async, CancellationToken ct)
                    {
                        if (!async)
                        {
                            Thread.Sleep(attempt * 100);
                        }
                        else
                        {
                            await Task.Delay(attempt * 100, ct);
                        }

                        if (useAsync) await Task.Yield(); else Thread.Sleep(0);
                    }

                """));

        [Fact]
        public Task Sleep_chosen_against_an_awaited_Task_Delay_is_silent_whatever_the_condition()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Backoff(int attempt, CancellationToken ct)
                    {
                        if (attempt < 2)
                            Thread.Sleep(1);
                        else
                            await Task.Delay(attempt * 100, ct);
                    }

                """));

        [Fact]
        public Task Sleep_on_the_shared_path_or_in_the_async_branch_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Backoff(int attempt, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await Task.Delay(attempt * 100, ct);
                            [|Thread.Sleep(10)|];
                        }
                        else
                        {
                            Thread.Sleep(attempt * 100);
                        }

                        [|Thread.Sleep(5)|];
                    }

                """));

        [Fact]
        public Task Sleep_under_a_flag_whose_other_branch_awaits_nothing_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Poll(bool slow, CancellationToken ct)
                    {
                        await Task.Yield();
                        if (slow)
                            [|Thread.Sleep(1000)|];
                        else
                            Console.WriteLine("fast");
                    }

                """));

        // ---- The fix honours the flag on the shared path: the sync API runs that code too ------------------------------

        [Fact]
        public Task Sleep_on_the_shared_path_becomes_an_if_else_on_the_flag()
            => new Verify.Test
            {
                TestCode = Code("""
                    async Task Backoff(int attempt, bool async, CancellationToken ct)
                    {
                        if (async)
                            await Task.Delay(attempt * 100, ct);
                        else
                            Thread.Sleep(attempt * 100);
                        [|Thread.Sleep(5)|]; // settle
                    }

                """),
                FixedCode = Code("""
                    async Task Backoff(int attempt, bool async, CancellationToken ct)
                    {
                        if (async)
                            await Task.Delay(attempt * 100, ct);
                        else
                            Thread.Sleep(attempt * 100);
                        if (async)
                            await Task.Delay(5, ct);
                        else
                            Thread.Sleep(5); // settle
                    }

                """),
                CodeActionVerifier = (action, verifier) => verifier.Equal("Await Task.Delay when 'async' is true", action.Title),
            }.RunAsync(System.Threading.CancellationToken.None);

        [Fact]
        public Task Fix_All_gives_each_sleep_on_the_shared_path_its_own_if_else()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    private readonly bool useAsync;
                    async Task Poll(Func<bool> done, CancellationToken ct)
                    {
                        if (!useAsync)
                            Thread.Sleep(100);
                        else
                            await Task.Delay(100, ct);
                        while (!done())
                        {
                            [|Thread.Sleep(0)|];
                            [|Thread.Sleep(TimeSpan.FromMilliseconds(10))|];
                        }
                    }

                """),
                Code("""
                    private readonly bool useAsync;
                    async Task Poll(Func<bool> done, CancellationToken ct)
                    {
                        if (!useAsync)
                            Thread.Sleep(100);
                        else
                            await Task.Delay(100, ct);
                        while (!done())
                        {
                            if (useAsync)
                                await Task.Yield();
                            else
                                Thread.Sleep(0);
                            if (useAsync)
                                await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
                            else
                                Thread.Sleep(TimeSpan.FromMilliseconds(10));
                        }
                    }

                """));

        [Fact]
        public Task Sleep_in_a_method_with_two_candidate_flags_gets_the_plain_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Backoff(int attempt, bool asyncFirst, bool asyncThen, CancellationToken ct)
                    {
                        if (asyncFirst)
                            await Task.Delay(attempt, ct);
                        else
                            Thread.Sleep(attempt);
                        if (asyncThen)
                            await Task.Delay(attempt * 2, ct);
                        else
                            Thread.Sleep(attempt * 2);
                        [|Thread.Sleep(5)|];
                    }

                """),
                Code("""
                    async Task Backoff(int attempt, bool asyncFirst, bool asyncThen, CancellationToken ct)
                    {
                        if (asyncFirst)
                            await Task.Delay(attempt, ct);
                        else
                            Thread.Sleep(attempt);
                        if (asyncThen)
                            await Task.Delay(attempt * 2, ct);
                        else
                            Thread.Sleep(attempt * 2);
                        await Task.Delay(5, ct);
                    }

                """));
    }
}
