using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC040TokenNotForwardedAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC040TokenNotForwardedCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>Dual-path methods: the sync branch is sync code, so no token is asked for there.</summary>
    [Trait("Rule", "ASYNC040")]
    public class ASYNC040DualPathTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading", "System.Threading.Tasks");

        // Members here end with their own line break (the blank line before each closing """), so no line break is added before the brace.
        private static string Code(string members) => Usings + "class C\n{\n" + members + "}\n";

        [Fact]
        public Task An_async_call_blocked_on_in_the_sync_branch_is_silent_and_on_the_shared_path_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    Task Load(CancellationToken ct = default) => Task.CompletedTask;
                    async Task Refresh(bool async, CancellationToken ct)
                    {
                        if (async)
                            await Load(ct);
                        else
                            Load().GetAwaiter().GetResult();
                        await [|Load()|];
                    }

                """));

        [Fact]
        public Task The_sync_side_of_a_conditional_expression_on_the_flag_is_silent()
            => Verify.VerifyAnalyzerAsync(Code("""
                    Task<int> Count(CancellationToken ct = default) => Task.FromResult(0);
                    async Task<int> Total(bool async, CancellationToken ct)
                        => async ? await Count(ct).ConfigureAwait(false) : Count().GetAwaiter().GetResult();

                """));

        [Fact]
        public Task A_call_without_the_token_in_the_async_branch_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    Task Load(CancellationToken ct = default) => Task.CompletedTask;
                    async Task Refresh(bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await Load(ct);
                            await [|Load()|];
                        }
                        else
                        {
                            Load().Wait();
                        }
                    }

                """));
    }
}
