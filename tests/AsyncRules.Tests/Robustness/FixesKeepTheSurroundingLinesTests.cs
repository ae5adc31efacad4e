using System.Threading.Tasks;
using Xunit;

namespace AsyncRules.Tests.Robustness
{
    /// <summary>
    /// A fix that puts <c>await</c> at the start of a statement edits that statement and nothing around it: no empty line
    /// appears before it, comments and blank lines stay where they were. Top-level statements are the sharp case (each is a
    /// member of the program, and the formatter lays out new members with an empty line between them); a method body is
    /// the common one. The ASYNC003/CS4014 cases are in that rule's tests.
    /// </summary>
    public class FixesKeepTheSurroundingLinesTests
    {
        [Fact]
        [Trait("Rule", "ASYNC010")]
        public Task A_wait_in_top_level_statements_becomes_an_await_on_its_own_line()
            => Infrastructure.Verifier<Analyzers.Rules.ASYNC010BlockingWaitInAsyncCodeAnalyzer, CodeFixes.Rules.ASYNC010BlockingWaitInAsyncCodeFix>.VerifyProgramCodeFixAsync(
                """
                using System;
                using System.Threading.Tasks;

                var t = Task.Delay(1);
                await Task.Yield();
                Console.WriteLine("open");
                [|t.Wait()|];
                Console.WriteLine("closed");

                """,
                """
                using System;
                using System.Threading.Tasks;

                var t = Task.Delay(1);
                await Task.Yield();
                Console.WriteLine("open");
                await t;
                Console.WriteLine("closed");

                """);

        [Fact]
        [Trait("Rule", "ASYNC030")]
        public Task A_sleep_in_top_level_statements_becomes_an_await_on_its_own_line()
            => Infrastructure.Verifier<Analyzers.Rules.ASYNC030ThreadSleepInAsyncCodeAnalyzer, CodeFixes.Rules.ASYNC030ThreadSleepInAsyncCodeFix>.VerifyProgramCodeFixAsync(
                """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                await Task.Yield();
                Console.WriteLine("One");
                // a pause
                [|Thread.Sleep(10)|]; // ten ms
                Console.WriteLine("Two");

                """,
                """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                await Task.Yield();
                Console.WriteLine("One");
                // a pause
                await Task.Delay(10); // ten ms
                Console.WriteLine("Two");

                """);

        [Fact]
        [Trait("Rule", "ASYNC031")]
        public Task A_sync_call_in_top_level_statements_becomes_an_awaited_counterpart_on_its_own_line()
            => Infrastructure.Verifier<Analyzers.Rules.ASYNC031SyncCallWithAsyncCounterpartAnalyzer, CodeFixes.Rules.ASYNC031SyncCallWithAsyncCounterpartCodeFix>.VerifyProgramCodeFixAsync(
                """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                var gate = new SemaphoreSlim(1);
                await Task.Yield();
                Console.WriteLine("in");
                [|gate.Wait()|];
                Console.WriteLine("out");

                """,
                """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                var gate = new SemaphoreSlim(1);
                await Task.Yield();
                Console.WriteLine("in");
                await gate.WaitAsync();
                Console.WriteLine("out");

                """);

        [Fact]
        [Trait("Rule", "CS8414")]
        public Task A_foreach_in_top_level_statements_becomes_await_foreach_on_its_own_line()
            => Infrastructure.Verifier<Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer, CodeFixes.Rules.CS8414AwaitForeachCodeFix>.VerifyProgramCodeFixAsync(
                """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                Console.WriteLine("start");
                foreach (var tick in {|CS8414:Ticker.Ticks()|})
                {
                    Console.WriteLine(tick);
                }
                Console.WriteLine("end");

                static class Ticker
                {
                    public static async IAsyncEnumerable<int> Ticks()
                    {
                        await Task.Yield();
                        yield return 1;
                    }
                }

                """,
                """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                Console.WriteLine("start");
                await foreach (var tick in Ticker.Ticks())
                {
                    Console.WriteLine(tick);
                }
                Console.WriteLine("end");

                static class Ticker
                {
                    public static async IAsyncEnumerable<int> Ticks()
                    {
                        await Task.Yield();
                        yield return 1;
                    }
                }

                """);

        [Fact]
        [Trait("Rule", "ASYNC011")]
        public Task A_top_level_caller_of_a_method_made_async_is_awaited_on_its_own_line()
            => Infrastructure.Verifier<Analyzers.Rules.ASYNC011BlockingWaitInSyncCodeAnalyzer, CodeFixes.Rules.ASYNC011BlockingWaitInSyncCodeFix>.VerifyProgramCodeFixAsync(
                """
                using System;
                using System.Threading.Tasks;

                Console.WriteLine("open");
                Shop.Measure();
                Console.WriteLine("closed");

                static class Shop
                {
                    public static void Measure()
                    {
                        [|Task.Delay(1).Wait()|];
                    }
                }

                """,
                """
                using System;
                using System.Threading.Tasks;

                Console.WriteLine("open");
                await Shop.MeasureAsync();
                Console.WriteLine("closed");

                static class Shop
                {
                    public static async Task MeasureAsync()
                    {
                        await Task.Delay(1);
                    }
                }

                """);
    }
}
