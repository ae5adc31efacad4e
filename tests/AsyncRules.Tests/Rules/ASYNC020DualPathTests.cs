using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC020BlockingAsyncStreamEnumerationAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC020BlockingAsyncStreamEnumerationCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>Dual-path methods: an <c>await foreach</c> in one branch makes the other the sync branch.</summary>
    [Trait("Rule", "ASYNC020")]
    public class ASYNC020DualPathTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks");

        // Members here end with their own line break (the blank line before each closing """), so no line break is added before the brace.
        private static string Code(string members) => Usings + "class C\n{\n" + members + "}\n";

        [Fact]
        public Task Blocking_enumeration_in_the_sync_branch_is_silent_and_after_it_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Sum(IAsyncEnumerable<int> source, bool async, CancellationToken ct)
                    {
                        var sum = 0;
                        if (async)
                        {
                            await foreach (var x in source.WithCancellation(ct))
                                sum += x;
                        }
                        else
                        {
                            foreach (var x in source.ToBlockingEnumerable(ct))
                                sum += x;
                        }

                        foreach (var x in [|source.ToBlockingEnumerable(ct)|])
                            sum -= x;
                        return sum;
                    }

                """));

        [Fact]
        public Task A_blocking_MoveNextAsync_on_the_sync_side_of_the_flag_is_silent()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<bool> Next(IAsyncEnumerator<int> e, bool async)
                        => async ? await e.MoveNextAsync() : e.MoveNextAsync().AsTask().Result;

                """));

        [Fact]
        public Task Blocking_enumeration_under_a_flag_whose_other_branch_awaits_nothing_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Sum(IAsyncEnumerable<int> source, bool all)
                    {
                        await Task.Yield();
                        var sum = 0;
                        if (all)
                        {
                            foreach (var x in [|source.ToBlockingEnumerable()|])
                                sum += x;
                        }
                        else
                        {
                            Console.WriteLine("nothing to add");
                        }

                        return sum;
                    }

                """));
    }
}
