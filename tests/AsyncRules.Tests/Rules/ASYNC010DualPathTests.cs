using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC010BlockingWaitInAsyncCodeAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC010BlockingWaitInAsyncCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>Dual-path methods: a blocking wait in the sync branch is the sync API's own wait, not a coroutine's.</summary>
    [Trait("Rule", "ASYNC010")]
    public class ASYNC010DualPathTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading", "System.Threading.Tasks");

        // Members here end with their own line break (the blank line before each closing """), so no line break is added before the brace.
        private static string Code(string members) => Usings + "class C\n{\n" + members + "}\n";

        [Fact]
        public Task A_wait_in_the_sync_branch_of_the_flag_is_silent()
            // npgsql NpgsqlDataSource: if (async) await _passwordRefreshTask; else _passwordRefreshTask.GetAwaiter().GetResult();
            => Verify.VerifyAnalyzerAsync(Code("""
                    private Task refresh = Task.CompletedTask;
                    private Task<string> password = Task.FromResult("");
                    async ValueTask<string> Password(bool async)
                    {
                        if (async)
                            await refresh.ConfigureAwait(false);
                        else
                            refresh.GetAwaiter().GetResult();
                        return async ? await password : password.Result;
                    }

                """));

        [Fact]
        public Task A_wait_on_the_shared_path_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    private Task<string> password = Task.FromResult("");
                    async ValueTask<int> Length(Task refresh, bool async)
                    {
                        if (async)
                            await refresh.ConfigureAwait(false);
                        else
                            refresh.Wait();
                        return [|password.Result|].Length;
                    }

                """));

        [Fact]
        public Task A_wait_in_the_async_branch_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Value(Task<int> first, Task<int> second, bool async)
                    {
                        if (async)
                            return await first + [|second.Result|];
                        else
                            return first.Result + second.Result;
                    }

                """));

        [Fact]
        public Task A_wait_under_a_condition_that_is_not_a_flag_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Value(Task<int> task, Task other)
                    {
                        var ready = task.Id > 0;
                        if (ready)
                            await other;
                        else
                            return [|task.Result|];
                        return 0;
                    }

                """));
    }
}
